"""Provisional placeholder: the owning issue replaces this module with its commands."""

from pipeline.cli.app import app  # noqa: F401
