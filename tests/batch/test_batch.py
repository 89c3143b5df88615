"""Batch scoring end to end, on real shared-corpus bills through the real pipeline."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline.batch import BatchOptions, BatchUsageError, rebuild_summary, run_batch, write_atomic
from pipeline.ingest import load_document

pytestmark = pytest.mark.timeout(180)


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _broken_inputs(folder: Path) -> dict[str, Path]:
    """Files a real batch meets: an empty file, binary junk named .txt, a PDF cut short."""
    folder.mkdir(parents=True, exist_ok=True)
    empty = folder / "empty.txt"
    empty.write_bytes(b"")
    binary = folder / "binary.txt"
    binary.write_bytes(bytes(range(256)) * 64)
    corrupt = folder / "corrupt.pdf"
    corrupt.write_bytes(b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n" + os.urandom(2048))
    return {"empty": empty, "binary": binary, "corrupt": corrupt}


def test_mixed_batch_scores_good_files_and_lists_bad_ones(tmp_path, corpus, helpers):
    inputs = tmp_path / "in"
    good = helpers.copy_inputs(corpus, inputs)
    bad = _broken_inputs(inputs)
    # The same bytes under a second name, and a different bill under an existing name.
    duplicate = inputs / "nm-nmsa-41-4a-2021-copy.txt"
    duplicate.write_bytes(good[0].read_bytes())
    clash = inputs / "other" / good[0].name
    clash.parent.mkdir()
    clash.write_text(good[1].read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "out"

    proc = helpers.run_cli("score", str(inputs), "--out", str(out), "--workers", "2")

    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    errors = {row["bill_id"]: row for row in helpers.read_csv(out / "errors.csv")}
    assert set(errors) == set(bad)
    assert errors["empty"]["reason"] == "empty"
    assert errors["corrupt"]["reason"] == "corrupt"
    for bill_id, row in errors.items():
        assert row["reason"] not in ("internal_error", "worker_crashed", "timeout"), row
        assert row["path"] == str(bad[bill_id])
        assert row["message"] and "\n" not in row["message"]

    cards = helpers.scorecards(out)
    clash_id = f"{good[0].stem}-{_sha(clash)[:8]}"
    assert set(cards) == {p.stem for p in good} | {duplicate.stem, clash_id}
    for path in [*good, duplicate, clash]:
        card = cards[clash_id if path == clash else path.stem]
        assert card.source["sha256"] == _sha(path)
        assert Path(card.source["path"]) == path
        assert len(card.criteria) == 9
        text = load_document(path).text
        for result in card.criteria.values():
            for evidence in result.evidence:  # CONTRACT.md: evidence is verbatim text[start:end]
                assert text[evidence.start:evidence.end] == evidence.text
    # Identical bytes (same jurisdiction prefix) give the same verdicts, under each path's own bill_id.
    original = cards[good[0].stem].to_dict()
    copy = cards[duplicate.stem].to_dict()
    assert copy["criteria"] == original["criteria"] and copy["relevant"] == original["relevant"]
    # Triage: the New Mexico Civil Rights Act is about official liability, Maine LD 1 and 2 are not.
    assert cards["nm-nmsa-41-4a-2021"].relevant
    assert not cards["me-130-ld0001"].relevant
    helpers.assert_summary_matches(out)
    assert not list(out.glob(".*.tmp"))


def test_rerun_skips_unchanged_inputs_and_redoes_changed_ones(tmp_path, corpus, helpers):
    inputs = tmp_path / "in"
    files = helpers.copy_inputs(corpus, inputs, helpers.good_texts[:3])
    out = tmp_path / "out"
    options = BatchOptions(out_dir=out, workers=2, parquet=True)

    first = run_batch([inputs], options)
    assert (first.scored, first.skipped, first.failed, first.exit_code) == (3, 0, 0, 0)
    stamps = {p.name: p.stat().st_mtime_ns for p in out.glob("*.json")}

    second = run_batch([inputs], options)
    assert (second.scored, second.skipped) == (3, 3)
    assert {p.name: p.stat().st_mtime_ns for p in out.glob("*.json")} == stamps

    changed = files[2]
    changed.write_text(changed.read_text(encoding="utf-8") + "\n\nSection 99. This act takes effect on passage.\n",
                       encoding="utf-8")
    third = run_batch([inputs], options)
    assert (third.scored, third.skipped) == (3, 2)
    assert helpers.scorecards(out)[changed.stem].source["sha256"] == _sha(changed)

    forced = run_batch([inputs], BatchOptions(out_dir=out, workers=2, force=True))
    assert (forced.scored, forced.skipped) == (3, 0)
    helpers.assert_summary_matches(out)
    import pandas as pd

    parquet = pd.read_parquet(out / "summary.parquet")
    assert sorted(parquet["bill_id"]) == sorted(p.stem for p in files)


def test_batch_killed_mid_run_resumes_to_a_complete_set(tmp_path, corpus, helpers):
    bulk = sorted((corpus / "bulk" / "texts").glob("me-131-*.txt"))[:200]
    if len(bulk) < 200:
        pytest.skip("bulk corpus not available")
    inputs = tmp_path / "in"
    helpers.copy_inputs(corpus, inputs, [str(p.relative_to(corpus)) for p in bulk])
    out = tmp_path / "out"
    command = [sys.executable, "-m", "pipeline.cli", "score", str(inputs), "--out", str(out), "--workers", "2"]

    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and len(list(out.glob("*.json"))) < 5:
        time.sleep(0.02)
    os.killpg(proc.pid, signal.SIGKILL)  # the parent, the fork server and every worker
    proc.wait(timeout=30)

    survived = helpers.scorecards(out)  # every file left behind parses: nothing truncated
    assert 5 <= len(survived) < len(bulk), "the batch was not stopped mid-run"

    resumed = helpers.run_cli("score", str(inputs), "--out", str(out), "--workers", "2")
    assert resumed.returncode == 0, resumed.stderr
    assert f"{len(survived)} up to date" in resumed.stderr
    final = helpers.scorecards(out)
    assert set(final) == {p.stem for p in bulk}
    helpers.assert_summary_matches(out)
    assert not list(out.glob(".*.tmp"))


_STANDIN = '''
"""Wraps the real scorer; files named hang* never finish, crash* kill their worker."""
import os, time
from pipeline.run import scorecard_for as _real

def score_file(path, **kwargs):
    name = os.path.basename(str(path))
    if name.startswith("hang"):
        time.sleep(3600)
    if name.startswith("crash"):
        os._exit(3)
    return _real(path, **kwargs)
'''


def test_hanging_and_crashing_inputs_cost_only_their_own_worker(tmp_path, corpus, helpers, monkeypatch):
    (tmp_path / "batch_standin_scorer.py").write_text(_STANDIN, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    inputs = tmp_path / "in"
    good = helpers.copy_inputs(corpus, inputs, helpers.good_texts[3:])
    for name in ("hang-forever.txt", "crash-worker.txt"):
        (inputs / name).write_bytes(good[0].read_bytes())
    out = tmp_path / "out"
    options = BatchOptions(out_dir=out, workers=2, timeout=1.5, kill_grace=0.5,
                           scorer="batch_standin_scorer:score_file")

    began = time.monotonic()
    result = run_batch([inputs], options)

    assert time.monotonic() - began < 90
    assert result.exit_code == 1 and result.failed == 2 and result.scored == len(good)
    reasons = {row["bill_id"]: row["reason"] for row in helpers.read_csv(out / "errors.csv")}
    assert reasons == {"hang-forever": "timeout", "crash-worker": "worker_crashed"}
    assert set(helpers.scorecards(out)) == {p.stem for p in good}


def test_single_file_json_and_usage_errors(tmp_path, corpus, helpers):
    bill = corpus / helpers.good_texts[0]
    proc = helpers.run_cli("score", str(bill), "--json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["bill_id"] == bill.stem and len(data["criteria"]) == 9

    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    failed = helpers.run_cli("score", str(empty), "--json")
    assert failed.returncode == 1 and failed.stdout == ""
    assert "empty" in failed.stderr and "Traceback" not in failed.stderr

    (tmp_path / "nothing-here").mkdir()
    for args in (
        ("score", str(tmp_path / "missing.txt"), "--out", str(tmp_path / "o1")),
        ("score", str(bill)),  # neither --out nor --json
        ("score", str(corpus / "texts"), "--json"),
        ("score", str(tmp_path / "nothing-here"), "--out", str(tmp_path / "o2")),
        ("score", str(bill), "--out", str(tmp_path / "o3"), "--format", "xlsx"),
    ):
        usage = helpers.run_cli(*args)
        assert usage.returncode == 2, (args, usage.stderr)
        assert "Traceback" not in usage.stderr


def test_summary_is_rebuilt_from_the_json_present(tmp_path, corpus, helpers):
    inputs = tmp_path / "in"
    helpers.copy_inputs(corpus, inputs, helpers.good_texts[3:])
    out = tmp_path / "out"
    run_batch([inputs], BatchOptions(out_dir=out, workers=1))
    removed = next(out.glob("*.json"))
    removed.unlink()
    (out / "notes.json").write_text('{"not": "a scorecard"}', encoding="utf-8")
    assert rebuild_summary(out) == 1
    rows = helpers.read_csv(out / "summary.csv")
    assert [row["bill_id"] for row in rows] == [p.stem for p in out.glob("*.json") if p.stem != "notes"]


def test_atomic_write_keeps_the_old_file_when_interrupted(tmp_path, monkeypatch):
    target = tmp_path / "card.json"
    target.write_text("old", encoding="utf-8")

    def interrupted(src, dst):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, "new")
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["card.json"]


def test_two_runs_cannot_write_one_folder(tmp_path, corpus, helpers):
    from pipeline.batch import _acquire_lock

    out = tmp_path / "out"
    out.mkdir()
    held = _acquire_lock(out)
    try:
        with pytest.raises(BatchUsageError, match="another batch"):
            run_batch([corpus / helpers.good_texts[0]], BatchOptions(out_dir=out, workers=1))
    finally:
        held.close()


def test_collision_suffix_is_stable_across_runs(tmp_path, corpus, helpers):
    a = tmp_path / "in" / "a" / "bill.txt"
    b = tmp_path / "in" / "b" / "bill.txt"
    for path, source in ((a, helpers.good_texts[3]), (b, helpers.good_texts[4])):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes((corpus / source).read_bytes())
    out = tmp_path / "out"
    first = run_batch([tmp_path / "in"], BatchOptions(out_dir=out, workers=1))
    assert sorted(p.stem for p in out.glob("*.json")) == ["bill", f"bill-{_sha(b)[:8]}"]
    # The same files reached again through an overlapping path and a glob are scored once.
    again = run_batch([tmp_path / "in", a, str(tmp_path / "in" / "*" / "*.txt")], BatchOptions(out_dir=out, workers=1))
    assert first.scored == again.skipped == again.total == 2


def test_workers_that_cannot_start_stop_the_batch_with_one_error(tmp_path, corpus, helpers):
    from pipeline.batch import WorkerStartError

    options = BatchOptions(out_dir=tmp_path / "out", workers=1, scorer="no_such_scorer_module:score_file")
    with pytest.raises(WorkerStartError, match="fail to start"):
        run_batch([corpus / helpers.good_texts[0]], options)


def test_no_triage_scores_what_the_triage_would_drop(tmp_path, helpers):
    """``--no-triage`` runs the full chain on a bill the relevance triage drops, batch and --json;
    a rerun with it rescores drafts that the triage had cut short."""
    inputs = tmp_path / "in"
    inputs.mkdir()
    bill = inputs / "xx-trout-season.txt"
    bill.write_text("Section 1. The commissioner of inland fisheries shall open the trout season on April 1 "
                    "each year.\nSection 2. This act takes effect July 1.\n", encoding="utf-8")
    out = tmp_path / "out"
    assert helpers.run_cli("score", str(inputs), "--out", str(out)).returncode == 0
    assert json.loads((out / "xx-trout-season.json").read_text())["relevant"] is False
    rerun = helpers.run_cli("score", str(inputs), "--out", str(out), "--no-triage")
    assert rerun.returncode == 0, rerun.stderr
    assert json.loads((out / "xx-trout-season.json").read_text())["relevant"] is True
    single = helpers.run_cli("score", str(bill), "--json", "--no-triage")
    assert single.returncode == 0, single.stderr
    assert json.loads(single.stdout)["relevant"] is True
