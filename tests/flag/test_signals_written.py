"""Team-written sentences: each signal in other words than any corpus bill, and near misses.

These keep the patterns honest: a rule that only matched one bill's phrasing would fail here.
Every sentence below was written by the team for this test; none is quoted from a bill.
"""

from __future__ import annotations

import pytest

# (signal, team-written sentence that must carry it)
FIRES = [
    ("qi_barred", "In an action under this chapter, a peace officer may not assert the defense of qualified immunity."),
    ("qi_barred", "The doctrine of qualified immunity shall not be a defense to any claim brought under this act."),
    ("qi_barred", "It is not a defense to an action under this section that the officer reasonably believed the conduct was lawful."),
    ("qi_barred", "No employee of a public entity shall be entitled to qualified immunity in a proceeding under this section."),
    ("good_faith_defense_retained", "It shall be a defense to an action under this section that the deputy acted in good faith and with a reasonable belief that the conduct was lawful."),
    ("good_faith_defense_retained", "A county employee shall not be held liable under this chapter if the employee reasonably believed that the search was lawful."),
    ("immunity_saved", "Nothing in this act shall be construed to waive or abrogate the sovereign immunity of the state."),
    ("immunity_saved", "This chapter applies in addition to any other statutory or common law immunity available to a public employee."),
    ("qi_codified", "A law enforcement officer shall be entitled to qualified immunity unless the right was clearly established at the time of the conduct."),
    ("qi_codified", "An Act to codify the doctrine of qualified immunity for state troopers."),
    ("covers_all_public_employees", "Any public employee who, under color of law, deprives a person of a right secured by the state constitution is liable to the injured party."),
    ("covers_all_public_employees", "Every person who, acting under color of state law, causes a deprivation of rights shall be liable in a civil action."),
    ("covers_police_only", "A law-enforcement officer who deprives another person of a right secured by the constitution of this state is liable to that person."),
    ("rights_all_state_constitution", "A sheriff's deputy who deprives an individual of any right guaranteed by the Declaration of Rights of the Constitution of this State shall be liable for damages."),
    ("rights_listed_only", "A police officer who violates a person's right to free speech or freedom of assembly shall be liable to that person."),
    ("force_only", "A peace officer who uses excessive force against a person is liable to that person for damages."),
    ("cap_present", "Liability of the county under this section may not exceed five hundred thousand dollars per occurrence."),
    ("cap_present", "The personal liability of an officer shall be limited to $10,000 for each judgment entered under this act."),
    ("caps_lifted", "The limits on damages set out in the Tort Claims Act do not apply to an action under this section."),
    ("caps_lifted", "Notwithstanding any limitation on damages in any other law, a claimant may recover the full amount of a judgment against a public employee."),
    ("caps_lifted", "Every statutory ceiling on the damages recoverable from a county is abolished for claims under this chapter."),
    ("qi_barred", "A defendant in an action under this chapter may not assert that the defendant is protected by qualified immunity."),
    ("qi_barred", "No deputy sued under this section shall be immune from liability on the ground that the right was not clearly established."),
    ("qi_barred", "A defendant shall not be shielded from liability by a showing that the defendant acted in good faith."),
    ("fti_liability", "A trooper who is present when another trooper deprives a person of a right, and who has a reasonable opportunity to stop the deprivation but makes no attempt to do so, shall be liable jointly and severally."),
    ("fti_liability", "A jailer who could have halted another jailer's deprivation of a detainee's rights but took no step to halt it is jointly and severally liable."),
    ("personal_contribution", "The employing agency shall collect from the deputy five percent of the judgment if the deputy acted with malice."),
    ("discipline_or_decertification", "A trooper found liable under this section for a knowing violation shall be separated from service by the department."),
    ("indemnify_mandatory", "The county that employs the jailer shall pay: (a) the full amount of any judgment against the jailer under this section; and (b) any settlement."),
    ("qi_barred", "Qualified immunity, and any defense that turns on whether the law was settled when the trooper acted, is not available in an action under this chapter."),
    ("qi_barred", "No employee shall be immune from suit under this act because the right at issue was not clearly established."),
    ("qi_barred", "A deputy shall not be relieved of liability on the basis that the right was not clearly established when the deputy acted."),
    ("records_limited", "Complaints against a trooper that were not sustained, and the files of their investigation, remain confidential."),
    ("records_public", "A settlement agreement under this chapter may not prohibit the disclosure of its terms, which the county shall publish."),
    ("qi_barred", "In an action under this chapter it is no answer to the claim that no court had held similar conduct unlawful."),
    ("fti_liability", "A deputy who uses unreasonable force, or who allows another deputy acting under color of law to search a home in violation of the constitution, is liable to the person injured."),
    ("personal_contribution", "A trooper found to have acted in bad faith shall repay to the department five percent of the judgment."),
    ("fti_liability", "A jailer who violates a detainee's rights, or who knowingly permits such a deprivation by another jailer in his presence, is liable to the detainee."),
    ("records_limited", "The file of an investigation that results in a finding that the trooper used excessive force is open to public inspection."),
    ("law_set_aside", "Sections 893.80 (3) and 893.82 (6) do not apply to an action brought under this section."),
    ("law_set_aside", "A claim under this Code section shall not be subject to Code Section 50-21-29."),
    ("law_set_aside", "The provisions of K.S.A. 75-6105, and amendments thereto, are inapplicable to any action brought under this section."),
    ("law_applied", "An action under this section is subject to ORS 30.271 and 30.272."),
    ("law_applied", "Section 101.023 applies to an action brought under this chapter."),
    ("fti_liability", "An officer who fails to intervene to stop another officer from violating a person's rights is liable to the injured person in a civil action."),
    ("fti_duty_only", "Each peace officer must intervene to prevent another officer from using unreasonable force."),
    ("fti_duty_only", "A trooper has a duty to intervene when another trooper uses force beyond what is reasonable and shall report the incident to a supervisor."),
    ("indemnify_mandatory", "The employing agency shall indemnify a deputy for any judgment entered against the deputy under this section."),
    ("indemnify_mandatory", "A city shall hold harmless each of its police officers from any judgment or settlement arising under this act."),
    ("indemnify_discretionary", "A municipality may, in its discretion, indemnify a police officer for a judgment entered against the officer under this section."),
    ("indemnify_discretionary", "The state is authorized to indemnify any employee against whom a judgment is entered under this chapter."),
    ("indemnify_carveout", "The employer shall indemnify the officer for any judgment unless the officer acted wilfully or in bad faith."),
    ("indemnify_carveout", "A county shall indemnify its employees under this section, except that no employee convicted of a crime arising from the conduct shall be indemnified."),
    ("indemnify_removed", "A public employer shall not indemnify an officer for a judgment entered under this section."),
    ("fees_mandatory", "Reasonable attorney's fees and costs shall be awarded to a plaintiff who prevails in an action under this chapter."),
    ("fees_mandatory", "A prevailing plaintiff shall be entitled to recover reasonable attorneys' fees and costs."),
    ("fees_discretionary", "The court, in its discretion, may award reasonable attorney fees to a prevailing plaintiff."),
    ("fees_discretionary", "A court is authorized to award attorney's fees to the prevailing plaintiff in an action under this section."),
    ("personal_contribution", "An officer found not to have acted in good faith shall personally pay five percent of the judgment entered against the officer."),
    ("discipline_or_decertification", "The standards board shall revoke the certification of any officer found liable under this section."),
    ("discipline_or_decertification", "An officer against whom a judgment is entered under this act shall be subject to decertification."),
    ("records_public", "All complaints of misconduct against a police officer, and their dispositions, are public records."),
    ("records_public", "The agency shall make publicly available each judgment and settlement paid under this chapter."),
    ("records_limited", "Only sustained complaints of misconduct shall be disclosed to the public, with personal information redacted."),
    ("records_confidential", "Records of an internal investigation of an officer's misconduct are confidential and exempt from disclosure."),
    ("records_confidential", "Personnel records of a peace officer, including complaints, shall not be disclosed."),
    ("records_confidential", "Files of internal affairs inquiries into deputies are not public records."),
    ("records_public", "Video recorded by an officer's body camera may not be withheld from the public because it relates to an investigation."),
    ("qi_barred", "The doctrine of qualified immunity is hereby abolished as to actions under this part."),
    ("qi_barred", "A court may not dismiss an action under this section on the basis of qualified immunity."),
    ("qi_barred", "An officer is liable under this chapter irrespective of whether the right was clearly established."),
    ("good_faith_defense_retained", "A deputy is not liable for damages under this act if the deputy reasonably believed the arrest was lawful."),
    ("immunity_saved", "Nothing in this part affects the absolute immunity of legislators."),
    ("immunity_saved", "Nothing in this section shall be construed to deprive a deputy sheriff of any immunity or defense otherwise available."),
    ("caps_lifted", "The county waives any cap on damages for claims under this section."),
    ("cap_present", "Recovery against a city under this chapter is capped at five hundred thousand dollars per claimant."),
    ("fti_liability", "A deputy who had a realistic opportunity to intervene in another deputy's violation of a person's rights and did not intervene is liable to that person."),
    ("fti_duty_only", "A trooper who fails to intervene when another trooper uses unreasonable force is subject to discipline."),
    ("fees_mandatory", "A person who prevails is entitled to recover reasonable attorney's fees from the defendant."),
    ("indemnify_discretionary", "A city is authorized, but not required, to indemnify a peace officer against a judgment under this act."),
    ("indemnify_carveout", "The agency shall not indemnify a deputy for a judgment based on conduct the jury finds malicious."),
    ("personal_contribution", "Any part of a judgment not covered by insurance shall be paid by the officer personally."),
    ("discipline_or_decertification", "The officer's certification shall be revoked if the officer is found liable twice under this section."),
    ("qi_codified", "Qualified immunity shall be recognized as a defense for every state trooper sued in an individual capacity."),
    ("qi_codified", "A complaint against a deputy must plead with particularity that the right was clearly established, or it shall be dismissed."),
    ("qi_codified", "A ruling that refuses a deputy's claim of qualified immunity is subject to interlocutory appeal."),
    ("qi_codified", "A county employee is immune from damages unless a reasonable official would have understood the act to be unlawful."),
    ("indemnify_mandatory", "The interstate commission shall indemnify and hold harmless any member, officer or employee for any judgment arising from official duties."),
    ("caps_lifted", "An action brought under section 4 of this act is not subject to any statutory limitation on damages."),
    ("qi_barred", "Whether the right was clearly established at the time of the conduct shall not be a defense to an action under this section."),
    ("qi_codified", "In an action under this section, qualified immunity is not a defense if the deputy violated a right that was clearly established when the deputy acted."),
    ("discipline_or_decertification", "A trooper against whom a final judgment is entered under this section shall be ineligible for employment as a law enforcement officer in this state."),
    ("fees_mandatory", 'Section 12-3-404, relating to attorney fees in civil rights actions, is amended by striking "may award" and inserting "shall award".'),
    ("rights_listed_only", "A deputy who deprives a person of the right to be free from unreasonable seizures or the right to due process, as secured by the constitution of this state, is liable to that person."),
    ("qi_barred", "In an action under this section, qualified immunity is not a defense, even if the right was not clearly established when the deputy acted."),
    ("records_public", "A deputy who deprives a person of a right secured by the constitution of this state is liable. The record of each judgment or settlement in an action under this section, together with the sum paid and the name of every deputy involved, shall be an open public record."),
    ("records_public", "A police officer who deprives a person of a right secured by the constitution of this state is liable. A records custodian may not deny inspection of a record of a misconduct complaint against a police officer."),
    ("covers_all_public_employees", 'In this section, "government actor" means any officer, employee or agent of the state or a county. A government actor who, under color of law, deprives a person of a right secured by the constitution of this state is liable to that person.'),
    ("rights_all_state_constitution", 'As used in this act, "secured right" means any right secured by the constitution of this state. A police officer who, under color of law, deprives a person of a secured right shall be liable to the person injured.'),
    ("caps_lifted", "(a) Recovery against a town under this chapter shall not exceed $250,000 per claimant. (b) Subsection (a) does not apply to an action brought under section 4 of this act."),
    ("caps_lifted", "II. Damages for any one occurrence shall not exceed $300,000. III. Paragraph II shall not apply to a civil action pursuant to RSA 99:4."),
    ("personal_contribution", "If the civilian review board finds that a deputy did not act in good faith, the county shall require the deputy to repay to the county five percent of the judgment."),
    ("personal_contribution", "The agency shall require the covered trooper to contribute to the agency five percent of any settlement, up to $20,000."),
    ("indemnify_mandatory", "The county shall pay, out of its general fund and without regard to any policy limit, the full amount of any judgment against its jailer under this section."),
    ("indemnify_mandatory", "The city shall pay, not later than the 45th day after the judgment becomes final, the whole of any judgment against its officer under this chapter."),
    ("records_public", "Each sheriff shall publish on the county website, by April 1 of each year, a report listing every action filed against a deputy under this section, its outcome and the amount of any settlement."),
    ("covers_all_public_employees", '"Covered actor" means a person employed by or acting for a county or city, including, but not limited to, a deputy sheriff. A covered actor who deprives a person of a right secured by the state constitution is liable to that person.'),
    ("records_public", "The following records are exempt from public inspection: (1) records of a pending criminal investigation; (2) notwithstanding subdivision (1), records of a complaint against a deputy and of its disposition are not exempt from public inspection."),
    ("qi_barred", "The honest but mistaken belief of a deputy that the arrest was lawful is not a defense to an action under this section."),
    ("discipline_or_decertification", "Within 60 days after a judgment against a deputy under this section, the sheriff shall take adverse personnel action against the deputy."),
    ("fees_mandatory", "In an action under this chapter in which the plaintiff prevails, the court shall tax as part of the costs a reasonable attorney's fee."),
    ("qi_barred", "Good faith is not a defense to an action under this section, nor is it a defense that the deputy reasonably believed the arrest was lawful."),
    ("discipline_or_decertification", "The council shall revoke the certificate of any certificate holder against whom a final judgment is entered under this chapter."),
    # a public employer paying the judgments of its actor, whatever the bill calls the actor
    ("indemnify_mandatory", "The public body that engaged a covered actor shall indemnify the covered actor for the full amount of any judgment under this chapter."),
    # sustained complaints open, the rest closed: disclosure in part
    ("records_limited", "Records of complaints against a deputy that were not sustained shall not be disclosed."),
    ("records_public", "Records of complaints against a deputy shall be open records."),
    # a lead-in without a colon, its items on lines of their own (and in Markdown emphasis)
    ("fti_liability", "A person injured by a jailer's unlawful force may bring an action for damages against\n(1) the jailer who used the force; and\n(2) any other jailer who saw the force and could have stopped it but did not."),
    ("fti_liability", "_A person injured by a deputy's unlawful force may sue for damages_\n_(1) the deputy who used the force; and_\n_(2) every other deputy who stood by with a chance to stop it and failed to do so._"),
    # a cause of action that folds in the bystander still names the (defined) rights it covers
    ("rights_listed_only", 'As used in this section, "covered right" means any of the following rights under the constitution of this state: (1) freedom of speech; (2) freedom from unreasonable searches. A deputy who subjects a person, or knowingly permits another deputy to subject the person, to the deprivation of a covered right is liable to the person.'),
    ("fti_liability", "A deputy who subjects a person, or knowingly allows a person to be subjected, to the deprivation of a right secured by the constitution of this state is liable to the person."),
    # the "not required" governs the employer's indemnity, not the officer's payment
    ("personal_contribution", "The county is not required to indemnify a deputy whom the jury finds to have acted with malice, and in that case the deputy shall pay the judgment personally."),
    # deciding whether the officer acted in bad faith, then a payment that follows from it
    ("personal_contribution", "The employer shall determine whether the deputy acted in bad faith, and if so, the deputy shall pay five percent of the judgment."),
    # a power whose next words make it a duty
    # wave 45: punitive damages left out; a judgment paid from the employer's funds
    ("indemnify_carveout", "The county shall pay any judgment against its deputy under this section, other than an award of punitive damages."),
    ("indemnify_mandatory", "Any judgment against a deputy under this section shall be paid from the funds of the employing county."),
    # wave 44: a bystander who does nothing; a failure to protect a person from another officer
    ("fti_liability", "A deputy who stands by while another deputy deprives a person of a constitutional right, and does nothing to stop it, is liable to the person under this section."),
    # wave 41: good faith of the cooperation, not of the conduct
    ("indemnify_mandatory", "If the deputy requests a defense and cooperates in good faith in it, the county shall pay any judgment entered against the deputy under this section."),
    # wave 39: barred from police employment; a sanction list for a failed duty
    ("discipline_or_decertification", "A deputy convicted of violating subsection (a) shall be prohibited from being employed as a peace officer."),
    ("discipline_or_decertification", "A deputy whose body camera did not record because it was switched off shall be subject to a reprimand, a reduction in pay, or a suspension."),
    # wave 37: a named cap set aside by "no such limitation shall apply"; the plaintiff's fee duty before another's discretion
    ("law_set_aside", "Notwithstanding Section 101.023 or any other law limiting the damages recoverable from a county, no such limitation shall apply to an action against a deputy under this section."),
    ("fees_mandatory", "The court shall award a prevailing plaintiff, and may allow a prevailing defendant deputy, reasonable attorney fees."),
    # the bar in other words (wave 36)
    ("qi_barred", "A deputy is liable under this section regardless of whether any court had previously held the same conduct unlawful."),
    ("qi_barred", "Any immunity from civil liability that a correctional officer would otherwise have is waived for an action under this section."),
    ("qi_barred", "Neither official immunity nor qualified immunity applies to a claim against a deputy under this section."),
    # the bill's actor called "a person", a public employer paying the rest (wave 34)
    ("personal_contribution", "If the county finds that the person acted in bad faith, the person shall pay five percent of the judgment personally and the county shall pay the rest."),
    # records of unsustained complaints kept closed, personal payment of a judgment (wave 33)
    ("records_limited", "Records of complaints against a deputy that were not sustained remain private."),
    ("personal_contribution", "If the jury finds malice, the judgment must be satisfied by the deputy sheriff personally."),
    ("personal_contribution", "A deputy found to have acted in bad faith shall pay the judgment from the deputy's personal funds."),
    # limits set aside in other words (wave 32)
    ("caps_lifted", "Any cap on damages under the laws of this state shall not be applied to reduce an award against a deputy under this section."),
    ("caps_lifted", "Statutory maximums on the liability of a county do not apply to damages awarded against a jailer under this section."),
    # a refused refusal, the present tense, an imposed payment (wave 31)
    ("fees_mandatory", "The court may not decline to award reasonable attorney fees to a plaintiff who prevails against a deputy."),
    ("fees_mandatory", "A plaintiff who prevails against a jailer recovers reasonable attorney fees and costs."),
    ("fees_mandatory", "Upon judgment for the plaintiff, the court shall impose on the defendant the payment of reasonable attorney fees."),
    ("fees_discretionary", "The court may decline to award attorney fees to a plaintiff who prevails against a deputy."),
    ("discipline_or_decertification", "The board has the following powers:\n(1) To license deputies.\n(2) To revoke the license of a deputy against whom a civil judgment is entered for a rights violation. Revocation under this paragraph is mandatory."),
    # a sanction and its object apart, bans on employment, pay withheld, removal (wave 46)
    ("discipline_or_decertification", "Upon a judgment against a jailer under this chapter, the council shall suspend, for a term of three years, the jailer's detention officer license."),
    ("discipline_or_decertification", "A deputy found liable under this chapter for a willful deprivation shall not afterward be employed by any sheriff of this state."),
    ("discipline_or_decertification", "A constable adjudged liable under this chapter is disqualified from employment as a peace officer."),
    ("discipline_or_decertification", "On a second judgment under this chapter against a marshal, the city council shall remove the marshal from office."),
    ("personal_contribution", "Where a jury finds that a jailer acted maliciously, the county shall withhold from the jailer's wages one tenth of the judgment under this chapter."),
    # who pays, stated without "indemnify" (wave 47); records and sanctions of the sixteenth batch's classes
    ("indemnify_mandatory", "Any judgment against a jailer under this chapter is an obligation of the county, payable from its general fund."),
    ("indemnify_mandatory", "The township shall bear the whole cost of any judgment or settlement against a constable under this chapter."),
    ("indemnify_carveout", "The county shall pay any judgment against a jailer under this chapter, but not more than $250,000 for one occurrence."),
    ("records_public", "Each complaint against a jailer, and each record of its investigation, whether or not the complaint was sustained, is a public record."),
    ("records_public", "The following records are exempt from disclosure:\n(a) medical records of inmates;\n(b) This section does not exempt from disclosure the terms of a settlement of a claim against a jailer."),
    ("discipline_or_decertification", "Within 60 days after a judgment against a jailer under this chapter becomes final, the sheriff shall--\n(1) suspend the jailer without pay for not less than 10 days or dismiss the jailer from the service; and\n(2) report the judgment to the council."),
    # employer liability for a "public actor"; a public database of judgments (sixteenth batch's classes)
    ("indemnify_mandatory", "A township is liable for a deprivation under subsection (a) caused by its public actor within the scope of employment."),
    ("records_public", "The Attorney General shall maintain a public, searchable database that contains each judgment and settlement in an action against a jailer under this chapter."),
    # the doctrine's elements set aside (wave 50)
    ("qi_barred", "Whether a jailer believed the conduct to be lawful is immaterial in an action under this chapter."),
    ("qi_barred", "A plaintiff need not show that a prior decision of any court addressed the conduct in order to recover from a jailer under this chapter."),
    # rights named in other words; the action written as what the person recovers (wave 51)
    ("rights_all_state_constitution", "A jailer who infringes a liberty guaranteed to a person by the state constitution is liable for damages to that person."),
    ("rights_listed_only", "A jailer who violates the state constitutional right of any inmate to be free from cruel punishment is liable to that inmate."),
    # secret settlements barred widen disclosure (fourth session of 2026-12-05)
    ("records_public", "A claim against a deputy under this chapter may be settled, and no settlement agreement may contain a term that prevents its disclosure."),
    ("records_public", "Any provision of a settlement of a claim against a jailer that purports to make its amount confidential is void."),
    # an item that frees records from its own exemption list (fourth session of 2026-12-05)
    ("records_public", "The following records are exempt from public inspection:\n(1) security plans of a jail;\n(2) This exemption does not cover complaints against jailers or the files of their investigation."),
    ("records_public", "The following records may be withheld:\n(1) medical records;\n(2) This paragraph does not permit the custodian to withhold a record of a judgment against a deputy."),
]

# (signal, team-written near miss that must NOT carry it)
QUIET = [
    # paid leave pending an investigation is not a sanction
    ("discipline_or_decertification", "A deputy against whom an action is filed under this section may be placed on paid administrative leave pending the outcome."),
    # a time limit set aside is not a cap on damages
    ("caps_lifted", "Notwithstanding the limitations period of section 12-541, an action for damages under this section may be brought within three years."),
    ("caps_lifted", "A claim for damages under this section may be filed at any time, the statute of limitations in section 5-110 notwithstanding."),
    # statutes numbered in the definition of who is covered do not narrow the rights
    ("rights_listed_only", '1. "Covered person" means any employee of a public entity, including any peace officer as defined in sections 3.10 and 3.20 of the penal law. 2. "Right" means any right guaranteed by the constitution of this state. 3. A covered person who subjects another person to the deprivation of a right, or who fails to take reasonable steps to prevent such a deprivation by another covered person, shall be liable to the person injured.'),
    # a ban on depriving people of "a right, privilege or immunity" keeps no immunity of the defendant's
    ("immunity_saved", "No public body and no agent of a public body shall deprive any person of a right, privilege or immunity secured by the constitution of this state."),
    ("immunity_saved", "A county employee shall not deprive a person of any right or immunity secured by the state constitution."),
    ("fees_mandatory", "The court may award reasonable attorney fees and costs to the prevailing plaintiff."),
    ("fees_discretionary", "The court shall award reasonable attorney fees and costs to the prevailing plaintiff."),
    ("fees_mandatory", "The court may deny attorney fees to a plaintiff who rejected a reasonable offer of settlement."),
    ("personal_contribution", "Nothing in this section requires a deputy to contribute personally toward a judgment or settlement."),
    ("personal_contribution", "A deputy shall buy the uniform from personal funds."),
    ("qi_barred", "The sovereign immunity of the county is waived for an action against a deputy under this section."),
    ("qi_barred", "Damages are recoverable from a deputy under this section regardless of whether the plaintiff suffered physical injury."),
    ("fees_mandatory", "If the defendant prevails, the court shall award the defendant reasonable attorney fees."),
    ("fees_mandatory", "The cap includes any attorney fees that the claimant incurred."),
    ("fti_liability", "Every officer has a duty to intervene when another officer uses excessive force."),
    ("fti_liability", "A peace officer shall intervene to stop another officer from using force and shall report it."),
    ("fti_duty_only", "The commission has standing to intervene in such a proceeding for all purposes."),
    ("fti_duty_only", "Any party may move to intervene in the action within thirty days."),
    ("indemnify_mandatory", "The employer shall indemnify the officer unless the officer acted wilfully."),
    ("indemnify_mandatory", "The employer may indemnify the officer for a judgment entered under this section."),
    ("indemnify_discretionary", "The employer shall indemnify the officer for a judgment entered under this section."),
    ("indemnify_mandatory", "The contractor shall indemnify the State against any claim arising from the contract."),
    ("qi_barred", "It shall be a defense that the officer acted in good faith."),
    ("qi_barred", "Governmental immunity shall not be a defense in an action brought solely for injunctive relief."),
    ("qi_barred", "The task force shall study whether to eliminate qualified immunity and report to the legislature."),
    ("qi_barred", "Lack of notice shall not be a defense to a claim for unpaid wages."),
    ("good_faith_defense_retained", "Qualified immunity is not a defense, and it is no defense that the officer acted in good faith."),
    ("qi_codified", "Qualified immunity is not a defense to liability under this section."),
    ("cap_present", "There is authorized to be appropriated not to exceed $10,000,000 for fiscal year 2026."),
    ("cap_present", "A person who violates this section shall be subject to a civil penalty of not more than $5,000 per violation."),
    ("caps_lifted", "Liability under this section shall not exceed $100,000 per claimant."),
    ("caps_lifted", "(a) Recovery against a town under this chapter shall not exceed $250,000 per claimant. (b) Subsection (a) does not apply to an action for breach of contract."),
    ("personal_contribution", "The county shall pay every judgment against a deputy under this section, and the deputy shall not be required to contribute to any judgment or settlement."),
    ("indemnify_mandatory", 'Section 7-101 is amended by striking "shall indemnify" and inserting "may indemnify", so that a county may indemnify a deputy for a judgment in its discretion.'),
    ("discipline_or_decertification", "A judgment against a deputy under this section shall not be a ground for suspension, discipline or decertification of the deputy."),
    ("indemnify_mandatory", "The committee shall study: (1) whether a county shall be required to indemnify a deputy for the full amount of any judgment; and (2) whether to keep the cap."),
    ("fees_mandatory", "(a) Whether the court should be required to award reasonable attorney fees to a prevailing plaintiff in an action against an officer;"),
    ("covers_all_public_employees", 'In this section, "covered officer" means a peace officer employed by a county. A covered officer who, under color of law, deprives a person of a right secured by the constitution of this state is liable to that person.'),
    ("rights_listed_only", "A peace officer who deprives a person of a right secured by the constitution of this state is liable. Sections 12.4 and 12.9 of the tort claims act do not apply to damages recoverable in such an action."),
    ("caps_lifted", "(a) Recovery against a town under this chapter shall not exceed $250,000 per claimant. (b) A claim shall be filed within one year. (c) Subsection (b) does not apply to an action brought under section 4 of this act."),
    ("personal_contribution", "No officer shall be personally liable for a judgment entered under this section."),
    ("covers_police_only", "As used in this section, police officer has the meaning given in section 7-294a."),
    ("rights_all_state_constitution", "The rights secured by the constitution were not clearly established at the time of the conduct."),
    ("records_public", "The Director of the Federal Bureau of Investigation shall publish an annual report on staffing."),
    ("records_public", "Records of complaints against an officer shall not be disclosed to the public."),
    ("discipline_or_decertification", "The board may adopt rules on the certification of training academies."),
    ("indemnify_removed", "Nothing in this section requires a town to indemnify an officer for a judgment under this act."),
    ("indemnify_removed", "A city is authorized, but not required, to indemnify a peace officer against a judgment under this act."),
    ("records_confidential", "The agency shall protect the identity of a confidential informant named in a complaint against an officer."),
    ("records_confidential", "Video recorded by an officer's body camera may not be withheld from the public because it relates to an investigation."),
    ("covers_police_only", "The complaints that resulted in disciplinary action of a police officer shall be counted."),
    ("force_only", "A bystander officer who fails to stop another officer's unlawful use of force is liable to the injured person."),
    ("fti_duty_only", "If employment programs are inadequate, the Secretary shall intervene in the locality to provide jobs."),
    ("good_faith_defense_retained", "A volunteer who in good faith distributes food to the needy is immune from civil liability."),
    ("qi_codified", "A law that affords officers less protection than qualified immunity is not a defense here."),
    ("covers_police_only", "In this section, the term peace officer has the meaning given in section 2."),
    ("indemnify_mandatory", "The corporation shall indemnify a director against expenses of a suit brought against the director."),
    ("qi_codified", "A defendant in an action under this chapter may not assert that the defendant is protected by qualified immunity."),
    ("qi_codified", "No deputy sued under this section shall be immune from liability on the ground that the right was not clearly established."),
    ("qi_barred", "A deputy sued under this section is protected by qualified immunity to the same extent as under federal law."),
    ("caps_lifted", "Nothing in this chapter shall be construed to waive the sovereign immunity of the state or any limitation on damages."),
    ("caps_lifted", "This section does not waive any limit on the amount recoverable from a county."),
    ("caps_lifted", "Nothing in this chapter removes any limit on the damages recoverable from a county."),
    ("personal_contribution", "The county may seek reimbursement from the deputy if a court finds that the deputy acted with malice."),
    ("qi_barred", "A deputy is not protected by qualified immunity if the right was clearly established when the deputy acted."),
    # the bill's own provision or a whole act without a number, not a statute named by number
    ("law_set_aside", "This section does not apply to an action brought under the Tort Claims Act."),
    ("law_set_aside", "The notice requirement does not apply to an action under this chapter."),
    ("law_applied", "Section 101.023 does not apply to an action brought under this chapter."),
    ("law_set_aside", "An action under this section is subject to ORS 30.271 and 30.272."),
    ("personal_contribution", "The department shall require the officer to pay a fee of fifty dollars for each training course."),
    ("personal_contribution", "The board of directors of the corporation shall require the director to repay to the corporation five percent of the settlement."),
    ("indemnify_mandatory", "The officer shall pay, from the officer's own funds and without reimbursement, the full amount of any fine imposed under this section."),
    ("records_public", "Each sheriff shall publish on the county website a report listing the number of deputies trained in crisis intervention."),
    ("qi_barred", "A volunteer lifeguard who in good faith attempts a rescue is not liable for any injury that results and is immune from any claim arising from the rescue."),
    ("covers_all_public_employees", '"Covered actor" means a deputy sheriff employed by a county, including a reserve deputy. A covered actor who deprives a person of a right secured by the state constitution is liable to that person.'),
    ("indemnify_removed", "The city shall indemnify the officer for any judgment under this section. Such indemnification shall not be conditioned upon any finding of good faith."),
    ("discipline_or_decertification", "The sheriff may take adverse personnel action against a deputy found liable under this section."),
    ("fti_liability", "A person injured by a jailer's unlawful force may bring an action for damages against\n(1) the jailer who used the force; and\n(2) the county that employs the jailer."),
    # "confidential, whether or not sustained" keeps every complaint closed
    ("records_limited", "Records of complaints against a deputy and of their investigation are confidential, whether or not sustained."),
    ("good_faith_defense_retained", "Good faith is not a defense to an action under this section, nor is it a defense that the deputy reasonably believed the arrest was lawful."),
    ("fees_mandatory", "In an action under this chapter the court may tax as part of the costs a reasonable attorney's fee."),
    # the exceptions of an immunity are not a list of rights
    ("rights_listed_only", "A county employee is immune from liability unless one of the following applies:\n(a) the employee acted in bad faith;\n(b) liability is imposed on the employee by this chapter."),
    # a payment clause names the rights of the actions it pays; it creates no action
    ("rights_all_state_constitution", "In an action alleging that a deputy deprived a person of a right secured by the constitution of this state, the county shall pay any judgment against the deputy."),
    ("discipline_or_decertification", "The board has the following powers:\n(1) To license deputies.\n(2) To revoke the license of a deputy against whom a civil judgment is entered for a rights violation. Revocation under this paragraph is discretionary."),
    # the same words under "may", a refusal, or an adjective (wave 46)
    ("discipline_or_decertification", "The council may suspend the detention officer license of a jailer against whom a judgment is entered under this chapter."),
    ("discipline_or_decertification", "No employing county shall recover from a jailer any part of a judgment under this chapter."),
    ("personal_contribution", "The county shall not withhold from a jailer's wages any part of a judgment entered under this chapter."),
    ("personal_contribution", "The county may, at its option, withhold from a jailer's wages part of a judgment under this chapter."),
    # a payment lifted above any limit; a definition of the actions a payment covers (wave 47, sixteenth batch's classes)
    ("indemnify_carveout", "The county shall pay any judgment against a jailer under this chapter, without limitation as to amount."),
    ("rights_all_state_constitution", '"Covered action" means any civil action alleging that a jailer deprived a person of a right secured by the constitution of this state.'),
    # an immunity that spares the action; the payer's own funds; a saving of the limits (wave 49)
    ("qi_codified", "A deputy is immune from liability for acts within the scope of duty, except in an action under this section."),
    ("personal_contribution", "The township shall pay any judgment against its constable under this chapter from the township's own funds."),
    ("caps_lifted", "Nothing in this chapter affects any limitation of liability that applies to a township under the tort claims act."),
    # the elements kept (wave 50)
    ("qi_barred", "In an action under this chapter the court shall consider whether a reasonable jailer would have known the conduct was unlawful, and a jailer is not liable unless a reasonable jailer would have known."),
    ("records_public", "A settlement of a claim against a deputy may provide that its terms are confidential."),
    ("records_public", "Nothing in this section shall void a confidentiality provision in a settlement of a claim against a deputy."),
    ("records_public", "The county may not disclose the terms of a settlement with a deputy that contains a confidentiality clause."),
    ("records_public", "The following records are exempt from public inspection:\n(1) records of an internal investigation of a deputy; and\n(2) records of a pending criminal investigation."),
]


@pytest.mark.parametrize("signal,text", FIRES, ids=[f"{s}:{t[:30]}" for s, t in FIRES])
def test_written_sentence_fires(signals_of, signal, text):
    assert signal in signals_of(text)


@pytest.mark.parametrize("signal,text", QUIET, ids=[f"{s}:{t[:30]}" for s, t in QUIET])
def test_written_near_miss_is_quiet(signals_of, signal, text):
    assert signal not in signals_of(text)


def test_every_signal_has_written_and_corpus_cases():
    from pipeline.components.extensions import signal_criteria

    import importlib.util
    from pathlib import Path

    spec = importlib.util.spec_from_file_location("corpus_cases", Path(__file__).with_name("test_signals_corpus.py"))
    corpus_cases = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(corpus_cases)
    signals = set(signal_criteria())
    assert signals == {s for s, _ in FIRES}
    missing_real = signals - {getattr(x, "values", x)[0] for x in corpus_cases.FIRES}
    # indemnify_discretionary: no clause in the shared corpus or the bulk bills says an employer
    # "may indemnify" an officer (grep of all 16,000 bulk bills); records_limited: no clause
    # limits disclosure of misconduct records in so many words. Both: written cases only.
    assert missing_real <= {"indemnify_discretionary", "records_limited"}
