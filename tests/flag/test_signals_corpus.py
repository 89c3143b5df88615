"""Every signal fires on real clauses of the shared corpus, and stays quiet on real near misses.

Each case names a corpus document and a snippet of the clause; the test runs the whole
document through ``flag_clauses`` and looks for a flag of that signal whose clause holds the
snippet. Nothing here is tuned to a file name: the same pipeline runs on every document.
"""

from __future__ import annotations

import pytest


def squash(text: str) -> str:
    return " ".join(text.split())

T = "texts"
B = ("bulk", "texts")

# (signal, path parts, snippet of the clause that must carry the signal)
FIRES = [
    ("law_set_aside", (T, "ct-cgs-52-571k.txt"), "subsection (a) of section 7-465 shall not apply to an action"),
    ("law_applied", B + ("us-117-hr2062-ih.txt",), "Section 107(c) shall apply to claims under section"),
    ("qi_barred", (T, "co-crs-13-21-131-current.txt"), "Qualified immunity is not a defense to liability"),
    ("qi_barred", (T, "va-sb5065-2020sp1-senate-sub.txt"), "Qualified immunity is not a defense to liability imposed"),
    ("qi_barred", (T, "us-hr7085-2020.txt"), "Nor shall it be a defense or immunity"),
    ("qi_barred", (T, "us-s1196-2023.txt"), "It shall not be a defense to any action pending on"),
    ("qi_barred", (T, "us-s3912-2020-sec102.txt"), "It shall not be a defense or immunity to any action"),
    ("qi_barred", (T, "nm-nmsa-41-4a-2021.txt"), "shall enjoy the defense of qualified immunity"),
    ("qi_barred", (T, "ma-s945-2021.txt"), "qualified immunity shall not apply where the defendant"),
    ("qi_barred", (T, "us-hr7115-2020.txt"), "may not raise as a defense"),
    ("qi_barred", B + ("us-119-hr7060-ih.txt",), "shall not have immunity except as set forth"),
    ("qi_barred", B + ("us-118-s2053-is.txt",), "the doctrine of qualified immunity, or any other source of law"),
    ("good_faith_defense_retained", (T, "ct-cgs-52-571k.txt"), "governmental immunity shall only be a defense"),
    ("good_faith_defense_retained", (T, "us-s4036-2020.txt"), "A defendant sued in his or her individual capacity"),
    ("good_faith_defense_retained", B + ("us-119-hr7060-ih.txt",), "shall be immune in a civil action under subsection (a) if"),
    ("good_faith_defense_retained", B + ("us-119-hr7284-ih.txt",), "an immunity defense shall only be available"),
    ("immunity_saved", (T, "nm-nmsa-41-4a-2021.txt"), "shall not abrogate judicial immunity"),
    ("qi_codified", (T, "us-hr7951-2020.txt"), "shall not be found liable if such law enforcement officer establishes"),
    ("qi_codified", (T, "us-hr288-2021.txt"), "shall not be found liable if such law enforcement officer establishes"),
    ("qi_codified", (T, "us-hr233-2023.txt"), "Codification of qualified immunity"),
    ("qi_codified", (T, "us-hr4500-2021.txt"), "provides less qualified immunity to law enforcement officers"),
    ("qi_codified", (T, "us-hr5264-2023.txt"), "Qualified immunity requirement for receipt of certain grant funds"),
    ("qi_codified", (T, "ia-code-670-4a.txt"), "shall not be liable for monetary damages if"),
    ("covers_all_public_employees", (T, "nm-nmsa-41-4a-2021.txt"), "no public body or person acting on behalf of"),
    ("covers_all_public_employees", (T, "ma-s945-2021.txt"), "against a person or entity acting under color of law"),
    ("covers_all_public_employees", B + ("us-119-hr1354-ih.txt",), "against any person who under color of any statute"),
    ("covers_police_only", (T, "ct-cgs-52-571k.txt"), "No police officer, acting alone or in conspiracy"),
    ("covers_police_only", (T, "co-crs-13-21-131-current.txt"), "A peace officer, as defined in section 24-31-901"),
    ("covers_police_only", (T, "ma-h4860-amdt176-2020.txt"), "claims for monetary damages against law enforcement officers"),
    ("rights_all_state_constitution", (T, "nm-nmsa-41-4a-2021.txt"), "secured pursuant to the bill of rights of the constitution of New Mexico"),
    ("rights_all_state_constitution", (T, "co-crs-13-21-131-current.txt"), "article II of the state constitution"),
    ("rights_all_state_constitution", (T, "ct-cgs-52-571k.txt"), "guaranteed under article first of the Constitution"),
    ("rights_all_state_constitution", (T, "va-hb5013-2020sp1-comm-sub.txt"), "under the constitutions and laws of the United States"),
    ("rights_listed_only", B + ("us-119-s4696-is.txt",), "violates a person's right to record, observe, or peacefully protest"),
    ("force_only", B + ("us-119-hr7284-ih.txt",), "would constitute excessive force in violation of the 4th amendment"),
    ("cap_present", (T, "nm-nmsa-41-4a-2021.txt"), "shall not exceed the sum of two million dollars ($2,000,000) per claimant"),
    ("caps_lifted", (T, "co-crs-13-21-131-current.txt"), "statutory limitations on liability, damages, or attorney fees do not apply"),
    ("caps_lifted", (T, "va-hb5013-2020sp1-comm-sub.txt"), "limitations on liability or damages shall not apply"),
    ("fti_liability", (T, "co-crs-13-21-131-current.txt"), "including failing to intervene"),
    ("fti_liability", (T, "va-sb5065-2020sp1-senate-sub.txt"), "including failing to intervene"),
    ("fti_liability", (T, "il-hb1727-2021-introduced.txt"), "failing to intervene"),
    ("fti_duty_only", B + ("us-119-hr5973-ih.txt",), "shall have an affirmative duty to intervene"),
    ("indemnify_mandatory", (T, "ct-cgs-52-571k.txt"), "shall protect and save harmless any such police officer"),
    ("indemnify_mandatory", (T, "nm-nmsa-41-4a-2021.txt"), "shall be paid by the public body"),
    ("indemnify_mandatory", (T, "us-hr7115-2020.txt"), "is entitled to indemnification"),
    ("indemnify_carveout", (T, "co-crs-13-21-131-current.txt"), "did not act upon a good faith and reasonable belief"),
    ("indemnify_carveout", (T, "co-sb25-065-introduced.txt"), "is not required to pay any portion of the civil judgment"),
    ("indemnify_removed", B + ("us-119-hr7060-ih.txt",), "may not indemnify a covered Federal official"),
    ("fees_mandatory", (T, "co-crs-13-21-131-current.txt"), "a court shall award reasonable attorney fees and costs to a prevailing plaintiff"),
    ("fees_mandatory", B + ("us-118-s2053-is.txt",), "the court shall award costs of litigation, as well as reasonable attorney's fees"),
    ("fees_mandatory", (T, "nm-hb4-2021-introduced.txt"), "MANDATING ATTORNEY FEES"),
    ("fees_discretionary", (T, "nm-nmsa-41-4a-2021.txt"), "the court may, in its discretion, allow a prevailing plaintiff"),
    ("fees_discretionary", (T, "ct-cgs-52-571k.txt"), "the plaintiff may be awarded costs and reasonable attorney's fees"),
    ("fees_discretionary", (T, "va-hb5013-2020sp1-comm-sub.txt"), "If the plaintiff prevails in such an action"),
    ("fees_discretionary", (T, "il-hb1727-2021-introduced.txt"), "Allows attorney's fees and costs to be awarded"),
    ("personal_contribution", (T, "co-crs-13-21-131-current.txt"), "the peace officer is personally liable"),
    ("discipline_or_decertification", B + ("us-119-hr4811-ih.txt",), "whether disciplinary action against the officer or employee is warranted"),
    ("records_public", (T, "nm-nmsa-41-4a-2021.txt"), "All judgments, settlements and complaints are subject to disclosure"),
    ("records_public", (T, "il-hb1727-2021-introduced.txt"), "make public disclosures regarding judgments or settlements"),
    ("records_public", B + ("me-131-ld1503.txt",), "including complaints, judgments, settlements"),
    ("covers_all_public_employees", B + ("me-131-ld1503.txt",), "An employee who, under the color of any statute"),
    ("rights_all_state_constitution", B + ("me-131-ld1503.txt",), "An employee who, under the color of any statute"),
    ("fees_mandatory", B + ("me-131-ld1503.txt",), "the defendant is liable for reasonable attorney's fees"),
    ("records_confidential", (T, "ct-cgs-1-210.txt"), "Nothing in the Freedom of Information Act shall be construed to require disclosure of"),
    ("records_confidential", B + ("me-131-ld1492.txt",), "Shall keep confidential the identity of an officer"),
    # Items of a lead-in's list carry the lead-in's signal (annotation rule G4).
    ("qi_barred", (T, "us-s1196-2023.txt"), "(1) the defendant was acting in good faith;"),
    ("qi_barred", (T, "us-s4036-2020.txt"), "(C) the rights, privileges, or immunities secured by the Constitution and laws were not clearly established"),
    ("qi_codified", (T, "us-hr7951-2020.txt"), "(A) the right, privilege, or immunity secured by the Constitution or Federal law was not clearly established"),
    ("good_faith_defense_retained", (T, "us-s4036-2020.txt"), "(iii) the defendant reasonably believed"),
    # Waivers and "no limitation" lift caps and statutory immunities.
    ("caps_lifted", (T, "nm-nmsa-41-4a-2021.txt"), "The state shall not have sovereign immunity for itself"),
    ("caps_lifted", B + ("me-131-ld1326.txt",), "there is no limitation"),
    ("caps_lifted", B + ("me-131-ld1688.txt",), "are waived for"),
    ("immunity_saved", B + ("us-117-hr1489-ih.txt",), "shall be construed as limiting, providing, or extending any extant immunity"),
    ("qi_codified", B + ("me-130-ld0863.txt",), "shall be immune from suit and liability"),
    ("fti_duty_only", (T, "us-s3985-2020.txt"), "TRAINING ON DUTY TO INTERVENE."),
    ("discipline_or_decertification", (T, "us-s3912-2020.txt"), "appropriate disciplinary action shall be taken against the individual officer"),
]

# Real clauses that look like a signal but are not one.
QUIET = [
    # RUBRIC.md change of 2026-12-03: the employer's reimbursement from the officer afterwards
    # (C.G.S. 52-571k(e)) and the officer's own 5 % / $25,000 share while the employer pays the
    # rest (C.R.S. 13-21-131(4)(a) as quoted in SB25-065) neither withhold payment from the victim
    # nor cap what the victim recovers.
    ("indemnify_carveout", (T, "ct-cgs-52-571k.txt"), "for a malicious, wanton or wilful act"),
    ("indemnify_carveout", (T, "co-sb25-065-introduced.txt"), "did not act upon a good faith and reasonable belief"),
    ("cap_present", (T, "co-sb25-065-introduced.txt"), "twenty-five thousand dollars, whichever is less"),
    # A "may" is not "shall": discretionary fees are not mandatory fees.
    ("fees_mandatory", (T, "nm-nmsa-41-4a-2021.txt"), "the court may, in its discretion, allow"),
    # Fees for a prevailing *defendant* are not fees for the plaintiff.
    ("fees_discretionary", (T, "va-hb5013-2020sp1-comm-sub.txt"), "If the defendant prevails in such an action"),
    ("fees_discretionary", (T, "co-crs-13-21-131-current.txt"), "When a judgment is entered in favor of a defendant"),
    ("fees_mandatory", B + ("us-118-s2053-is.txt",), "A plaintiff shall not be liable to a defendant for costs"),
    # Fees counted inside a cap, and defence costs the employer pays, are not fee awards.
    ("fees_mandatory", (T, "nm-nmsa-41-4a-2021.txt"), "inclusive of the claimant's costs of action"),
    ("fees_mandatory", (T, "nm-nmsa-41-4a-2021.txt"), "The public body shall also pay for all litigation costs"),
    # Waiving immunity only for equitable relief keeps it for damages.
    ("qi_barred", (T, "ct-cgs-52-571k.txt"), "Governmental immunity shall not be a defense in a civil action brought solely for equitable relief"),
    # A shield with a carve-out is a carve-out, not full indemnification.
    ("indemnify_mandatory", (T, "co-crs-13-21-131-current.txt"), "peace officer's employer shall indemnify its peace officers"),
    # Indemnification mentioned but not governed by the clause's verb.
    ("indemnify_removed", (T, "ma-s945-2021.txt"), "Nothing in this section shall affect the provisions of chapter 258"),
    # A commission asked to study whether to eliminate qualified immunity does not eliminate it.
    ("qi_barred", (T, "ma-h4860-amdt204-2020.txt"), "recommendations to maintain, modify, or eliminate qualified immunity"),
    # A list of allegation types, and standing to intervene in litigation, are no duty to intervene.
    ("fti_duty_only", B + ("us-117-s540-is.txt",), "failure of a duty to intervene"),
    ("fti_liability", B + ("us-117-s540-is.txt",), "failure of a duty to intervene"),
    ("fti_duty_only", B + ("me-130-ld0863.txt",), "standing to intervene in such a proceeding"),
    # "publicly available information" used by a petitioner is not disclosure of records.
    ("records_public", B + ("us-119-hr791-ih.txt",), "based on publicly available information"),
    # Items of an exemption list inherit the exemption.
    ("records_public", (T, "ct-cgs-1-210.txt"), "Personnel or medical files and similar files"),
]


def _carrying(flags, signal, snippet):
    snippet = squash(snippet)
    return [f for f in flags if f.signal == signal and snippet in squash(f.clause_text)]


@pytest.mark.parametrize("signal,parts,snippet", FIRES, ids=[f"{s}:{p[-1]}:{n[:25]}" for s, p, n in (getattr(x, "values", x) for x in FIRES)])
def test_signal_fires_on_real_clause(corpus_flags, signal, parts, snippet):
    document, flags = corpus_flags(*parts)
    assert snippet.split()[0] in document.text  # the snippet is real text of the document
    found = _carrying(flags, signal, snippet)
    assert found, f"{signal} not found; flags in document: {sorted({f.signal for f in flags})}"
    for flag in found:
        assert document.text[flag.start:flag.end] == flag.text
        assert flag.clause_start <= flag.start and flag.end <= flag.clause_end


@pytest.mark.parametrize("signal,parts,snippet", QUIET, ids=[f"{s}:{p[-1]}:{n[:25]}" for s, p, n in QUIET])
def test_signal_quiet_on_real_near_miss(corpus_flags, signal, parts, snippet):
    document, flags = corpus_flags(*parts)
    assert squash(snippet) in squash(document.text)
    assert not _carrying(flags, signal, snippet)


@pytest.mark.parametrize("name", ["us-hr7951-2020.txt", "us-hr288-2021.txt", "us-hr233-2023.txt",
                                  "us-hr4500-2021.txt", "us-hr5264-2023.txt", "ia-code-669-14a.txt"])
def test_qi_codifying_bills_are_codified_not_barred(corpus_flags, name):
    _, flags = corpus_flags(T, name)
    signals = {f.signal for f in flags}
    assert "qi_codified" in signals
    assert "qi_barred" not in signals


@pytest.mark.parametrize("name", ["us-hr7085-2020.txt", "us-hr1470-2021.txt", "us-s1196-2023.txt"])
def test_findings_do_not_fire(corpus_flags, name):
    """Findings recount the good-faith defence; they do not keep it."""
    document, flags = corpus_flags(T, name)
    signals = {f.signal for f in flags}
    assert "good_faith_defense_retained" not in signals
    findings_start = document.text.index("Findings")
    sense_end = document.text.index("Removal of qualified immunity", findings_start)
    assert not [f for f in flags if findings_start <= f.start < sense_end]


def test_statutory_damages_amount_is_not_a_cap(corpus_flags):
    """"$25,000 for each violation" is a floor-like amount; "punitive damages up to $100,000" is a cap."""
    _, flags = corpus_flags(*B, "us-119-s4696-is.txt")
    caps = [f for f in flags if f.signal == "cap_present"]
    assert caps and all("$25,000" not in f.text for f in caps)
    assert any("$100,000" in f.text for f in caps)


def test_study_commission_is_not_a_bar(corpus_flags):
    """A commission to study qualified immunity neither bars nor codifies it."""
    _, flags = corpus_flags(T, "ma-h4860-consolidated-amdt-c-2020.txt")
    assert not {"qi_barred", "qi_codified"} & {f.signal for f in flags}
