"""The one list of non-operative headings, read by the flagging context and by the scorer."""

from __future__ import annotations

import pytest

from pipeline.components.context import nonoperative_regions
from pipeline.criteria import _NON_OPERATIVE_HEADING

HEADINGS = ["Findings", "Congressional findings", "Findings and purposes", "Purpose", "Purposes",
            "Sense of Congress", "Sense of the Senate", "Statement of policy", "Declaration of purpose",
            "Legislative findings", "Legislative intent"]


@pytest.mark.parametrize("heading", HEADINGS)
def test_both_stages_read_the_same_headings_as_non_operative(heading):
    text = f"Sec. 2. {heading}.\nThe legislature finds that officers act in good faith.\nSec. 3. Remedy.\nA person may sue.\n"
    regions = nonoperative_regions(text)
    assert regions == ((0, text.index("Sec. 3.")),)
    assert _NON_OPERATIVE_HEADING.search(heading)


@pytest.mark.parametrize("heading", ["Civil action for deprivation of rights", "Definitions", "Indemnification",
                                     "Purchase of equipment"])
def test_operative_headings_are_not(heading):
    assert nonoperative_regions(f"Sec. 2. {heading}.\nA person may sue.\n") == ()
    assert not _NON_OPERATIVE_HEADING.search(heading)
