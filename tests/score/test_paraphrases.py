"""The paraphrase suite of issue 11: rubric moves in wording no rule was written for.

Each case in ``paraphrases/*.yaml`` is a short bill excerpt written by the team (2026-12-03) in
the drafting style of one legislature, with the verdict it should get under RUBRIC.md (as changed
2026-12-03) on one criterion. The cases were written *before* the rules that are meant to pass
them, so the suite measures recognition of the law, not of the phrases the rules know.

A case passes when the draft verdict equals ``expected``, or, for a case marked
``review_ok: true`` (the rubric leaves room for judgement), when the draft is wrong but sent to
review. The ids in ``paraphrases/known_failures.txt`` failed when the suite was written; they
are strict xfails, so a rule that fixes one makes the suite fail until the id is taken off the
list. ``benchmarks/paraphrases.py`` prints the pass rates from the same functions.
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache
from pathlib import Path
from typing import Any

import pytest
import yaml

CASES_DIR = Path(__file__).parent / "paraphrases"
KNOWN_FAILURES = CASES_DIR / "known_failures.txt"
VERDICTS = ("yes", "partial", "no")
CASE_FIELDS = {"id", "move", "criterion", "expected", "review_ok", "style", "text"}
ADVERSARIAL_FIELDS = {"clean_of", "perturbation", "expect_normalisation_flag"}
#: Optional: whether triage must keep the bill (RUBRIC.md "Which bills are relevant").
RELEVANCE_FIELD = "expect_relevant"
#: A known-failure line ``<id>:relevant`` is a strict xfail of the relevance check only.
RELEVANCE_SUFFIX = ":relevant"


def draft(text: str, name: str):
    """Score one bill text through the public notebook API (the one call site: if the API moves
    to ``pipeline.run`` only this function changes)."""
    import pipeline

    return pipeline.score(text, name=name)


def load_cases(directory: Path = CASES_DIR) -> list[dict[str, Any]]:
    cases: list[dict[str, Any]] = []
    for path in sorted(directory.glob("*.yaml")):
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        for case in raw["cases"]:
            cases.append({**case, "file": path.name})
    return cases


def known_failures(path: Path = KNOWN_FAILURES) -> set[str]:
    if not path.exists():
        return set()
    lines = (line.split("#", 1)[0].strip() for line in path.read_text(encoding="utf-8").splitlines())
    return {line for line in lines if line}


def case_name(case: dict[str, Any]) -> str:
    # A neutral bill id: no two-letter prefix, so the jurisdiction can only come from the text.
    return f"paraphrase-{case['id']}"


def outcome(case: dict[str, Any], card) -> dict[str, Any]:
    """What the draft said on the case's criterion and whether that passes."""
    result = card.criteria[case["criterion"]]
    correct = result.verdict == case["expected"]
    passed = correct or (bool(case.get("review_ok")) and bool(result.needs_review))
    return {
        "id": case["id"], "verdict": result.verdict, "needs_review": bool(result.needs_review),
        "confidence": float(result.confidence), "correct": correct, "passed": passed,
        "confident_error": not correct and not result.needs_review, "relevant": bool(card.relevant),
        "explanation": result.explanation,
    }


def normalisation_flag(card) -> bool | None:
    """The scorecard's flag that the text needed Unicode normalisation (confusables, invisible
    characters), or ``None`` when the scorecard exposes no such field yet."""
    found: list[Any] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if "normalis" in str(key).lower() or "normaliz" in str(key).lower():
                    found.append(value)
                else:
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(card.to_dict())
    if not found:
        return None
    return any(bool(value) for value in found)


@lru_cache(maxsize=1)
def _all_cases() -> tuple[dict[str, Any], ...]:
    return tuple(load_cases())


_CARDS: dict[str, Any] = {}


def card_of(case: dict[str, Any]):
    """Each case is scored once per process, whichever tests ask for it."""
    if case["id"] not in _CARDS:
        _CARDS[case["id"]] = draft(case["text"], case_name(case))
    return _CARDS[case["id"]]


def _params():
    failing = known_failures()
    for case in _all_cases():
        marks = ()
        if case["id"] in failing:
            marks = (pytest.mark.xfail(strict=True, reason="known failure before issue 11 rules"),)
        yield pytest.param(case, id=case["id"], marks=marks)


# --------------------------------------------------------------------------- the data itself


def test_cases_are_well_formed():
    from pipeline.vocab import load_rubric

    ids = set(load_rubric().ids)
    seen: set[str] = set()
    for case in _all_cases():
        assert CASE_FIELDS <= set(case), case["id"]
        assert set(case) <= CASE_FIELDS | ADVERSARIAL_FIELDS | {RELEVANCE_FIELD, "file", "note"}, case["id"]
        assert isinstance(case.get(RELEVANCE_FIELD, True), bool), case["id"]
        assert case["id"] not in seen, f"duplicate id {case['id']}"
        seen.add(case["id"])
        assert case["criterion"] in ids, case["id"]
        assert case["expected"] in VERDICTS, case["id"]
        assert isinstance(case["review_ok"], bool), case["id"]
        # a short excerpt: heading, enacting clause and a few sentences (not a whole bill)
        assert 100 < len(case["text"]) <= 1200, f"{case['id']} is not a short excerpt"


def test_coverage_of_moves_styles_and_negatives():
    cases = _all_cases()
    per_move = Counter(case["move"] for case in cases)
    thin = {move: n for move, n in per_move.items() if n < 10}
    assert not thin, f"moves with fewer than 10 variants: {thin}"
    states = {case["style"] for case in cases} - {"us"}
    assert len(states) >= 8 and "us" in {case["style"] for case in cases}
    negatives = sum(case["expected"] == "no" for case in cases)
    assert negatives >= len(cases) / 3, "negative controls should be about a third of the cases"


def test_adversarial_cases_differ_from_their_clean_twin_only_in_characters():
    by_id = {case["id"]: case for case in _all_cases()}
    for case in _all_cases():
        if "clean_of" not in case:
            continue
        clean = by_id[case["clean_of"]]
        assert case["text"] != clean["text"]
        assert (case["criterion"], case["expected"]) == (clean["criterion"], clean["expected"])
        assert not case["text"].isascii(), case["id"]


def test_known_failures_name_existing_cases():
    named = {entry.removesuffix(RELEVANCE_SUFFIX) for entry in known_failures()}
    stale = named - {case["id"] for case in _all_cases()}
    assert not stale, f"known_failures.txt names cases that do not exist: {sorted(stale)}"


# --------------------------------------------------------------------------- the drafts


@pytest.mark.parametrize("case", _params())
def test_paraphrase(case):
    result = outcome(case, card_of(case))
    assert result["passed"], (
        f"{case['id']} ({case['move']}, {case['criterion']}): expected {case['expected']}"
        f"{' or review' if case['review_ok'] else ''}, drafted {result['verdict']} "
        f"(needs_review={result['needs_review']}): {result['explanation'][:200]}"
    )


_ADVERSARIAL = [case for case in _all_cases() if case.get("expect_normalisation_flag")]


@pytest.mark.parametrize("case", _ADVERSARIAL, ids=[case["id"] for case in _ADVERSARIAL])
def test_adversarial_text_is_flagged_as_normalised(case):
    flag = normalisation_flag(card_of(case))
    if flag is None:
        pytest.skip("the scorecard exposes no normalisation flag yet (issue 11 asks for one); "
                    "the verdict itself is checked by test_paraphrase")
    assert flag, f"{case['id']}: text with {case['perturbation']} was not flagged as normalised"
    clean = next(c for c in _all_cases() if c["id"] == case["clean_of"])
    assert normalisation_flag(card_of(clean)) is False, f"{clean['id']}: clean text flagged as normalised"


def _relevance_params():
    failing = known_failures()
    for case in _all_cases():
        if RELEVANCE_FIELD not in case:
            continue
        marks = ()
        if case["id"] + RELEVANCE_SUFFIX in failing:
            marks = (pytest.mark.xfail(strict=True, reason="known relevance failure"),)
        yield pytest.param(case, id=case["id"], marks=marks)


@pytest.mark.parametrize("case", _relevance_params())
def test_paraphrase_relevance(case):
    """Bills that create or amend a cause of action against officials, or grant or widen their
    immunity, are relevant even when they score no on every criterion (RUBRIC.md)."""
    card = card_of(case)
    assert bool(card.relevant) == case[RELEVANCE_FIELD], (
        f"{case['id']}: expected relevant={case[RELEVANCE_FIELD]}, triage said {card.relevant}")
