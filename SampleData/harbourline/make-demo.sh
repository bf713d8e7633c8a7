#!/usr/bin/env bash
# Builds the demo workpaper of a partly done audit (IA-2026-01 of programme.yaml) with
# `aimsaudit record`, as auditors would during fieldwork, then exports its report. Each record
# is made at its time of the audit (AIMSAUDIT_NOW sets where the program's clock starts), so the
# rules on dates see what they would have seen: the opening meeting is recorded on the first day
# of fieldwork (2026-11-23 to 2026-11-27), the team writes up on the last two, reviews and closes
# on the last; one item is re-opened after it, reviewed again, and the lead approves the report.
#
#   SampleData/harbourline/make-demo.sh [WORKPAPER] [REPORT]
#
# Defaults: a new temporary folder for the workpaper, and report.md beside this script.
# Set AIMSAUDIT to the binary to use (default: build and use the debug build).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
bin=${AIMSAUDIT:-}
if [ -z "$bin" ]; then
  (cd "$root" && swift build --product aimsaudit >/dev/null)
  bin="$root/.build/debug/aimsaudit"
fi
case "$bin" in /*) ;; */*) bin="$PWD/$bin" ;; esac
wp=${1:-$(mktemp -d)/IA-2026-01.aimsaudit}
report=${2:-$here/report.md}
case "$wp" in /*) ;; *) wp="$PWD/$wp" ;; esac
case "$report" in /*) ;; *) report="$PWD/$report" ;; esac
cd "$here"   # cited evidence files are named relative to this folder

AIMSAUDIT_NOW=2026-11-20T08:00:00Z "$bin" new programme.yaml --audit IA-2026-01 -o "$wp" >/dev/null
# rec TIME OPTIONS…: one record, made at TIME (UTC).
rec() { local at=$1; shift; AIMSAUDIT_NOW=$at "$bin" record "$wp" "$@" >/dev/null; }

# --- The opening meeting --------------------------------------------------------------------
rec 2026-11-23T10:00:00Z --as amara --meeting opening --meeting-date 2026-11-23 --meeting-time 09:00 --meeting-place leith \
  --meeting-attendees amara,tomasz,priya,olivia,daniel,helen,ines,sofia,marcus,kenji,noah \
  --meeting-points "Plan v2, scope and criteria confirmed; findings graded major, minor, observation or improvement opportunity and given to the owner the same day; Kenji Mori is the contact for the ML platform; the evidence stays on the audit share."

# --- Olivia Brandt (Northgate, external) --------------------------------------------------
rec 2026-11-26T09:00:00Z --as olivia --item A.6.2.8@ava --grade major \
  --requirement "ISO/IEC 42001 A.6.2.8; AI policy v3 section 7: event logs of AI systems are kept for 12 months" \
  --evidence-text "Ava's logging configuration (exported 2026-11-24) sets retention_days: 30. Complaint CMP-2026-0412 of 2026-08-02 could not be reconstructed in October because the conversation log had been deleted." \
  --gap "Ava keeps event logs for 30 days instead of the 12 months the AI policy requires, so complaints about Ava's answers cannot be investigated after a month." \
  --add-evidence "document=AI policy v3 (AIMS-POL-01),description=Section 7 sets a 12-month retention for AI event logs,from=Helen Achebe,on=2026-11-23" \
  --add-evidence "record=Ava logging configuration export,description=retention_days: 30 in production,from=Kenji Mori,on=2026-11-24,file=evidence/ava-logging-config.yaml" \
  --add-evidence "record=CMP-2026-0412,description=Complaint file: investigation closed as not reproducible,from=Ravi Chandra,on=2026-11-24" \
  --ca-correction "Retention set to 365 days in production; the 30 days of logs still held were preserved" \
  --ca-contained-on 2026-11-26 --ca-root-cause-method "5 whys with the ML platform team" \
  --ca-root-cause "The logging module was deployed with the platform's default; the AI policy's retention was never made a deployment requirement" \
  --ca-extent "Retention settings of ClaimSort and TalentLens to be checked the same way" \
  --ca-action "Add the policy's retention to the AI deployment checklist and a pipeline check of retention_days for every AI system" \
  --ca-owner kenji --ca-due 2027-01-31 \
  --ca-effectiveness-criteria "Every AI system's production configuration keeps event logs for at least 12 months in three monthly checks" \
  --ca-effectiveness-due 2027-05-31 \
  --response agreed --response-by sofia
# Northgate advised on A.10.2 in its gap analysis (IND-12): Olivia justifies, with a safeguard;
# the lead has not approved it yet, so the report lists it as awaiting approval.
rec 2026-11-26T09:40:00Z --as olivia --item A.10.2@talentlens --grade minor \
  --justify "Northgate's gap analysis only listed A.10.2 as a gap to close; the contract clauses audited here were written after it, by Procurement." \
  --safeguard "Amara Nwosu reviews the finding against the gap analysis report before it is issued." \
  --requirement "ISO/IEC 42001 A.10.2: responsibilities across the AI life cycle are split between the organisation and its suppliers" \
  --evidence-text "Master services agreement with Brightpath Analytics (MSA-BP-2024, v1.3) has no clause on model changes, retraining notice or impact-assessment input." \
  --gap "The TalentLens contract does not allocate who notifies and assesses model changes, so the supplier's model change of March 2026 reached production unassessed." \
  --add-evidence "document=MSA-BP-2024 v1.3,description=Contract with Brightpath Analytics,from=Noah Park,on=2026-11-25" \
  --ca-owner noah --ca-due 2027-02-28 --response agreed --response-by tom-ashby
# A note is the auditor's own and stays out of the report; good practice is written as such.
rec 2026-11-26T10:10:00Z --as olivia --item 9.2.1 --grade conform \
  --evidence-text "Audit plan v2 sets objectives, criteria and scope for the audit and was approved by Paul Renner on 2026-11-02, three weeks before fieldwork." \
  --note "Ask Paul for plan v3 once the audit committee has seen it." \
  --add-evidence "record=IA-2026-01 audit plan v2,description=Objectives, criteria and scope approved by Paul Renner on 2026-11-02,from=Paul Renner,on=2026-11-23"
rec 2026-11-26T10:30:00Z --as olivia --item 9.2.2 --grade ofi \
  --evidence-text "The programme records the basis and confirmation date of competences for three of the nine auditors; the others are listed by name only." \
  --gap "Not every auditor's competence carries its basis and the date it was last confirmed; a yearly confirmation per auditor would show competence is kept up." \
  --add-evidence "document=Internal audit programme 2026 v3,description=Programme approved by the audit committee,from=Paul Renner,on=2026-11-23" \
  --response agreed --response-by paul
rec 2026-11-26T11:00:00Z --as olivia --item A.7.5@claimsort --grade conform \
  --good-practice "Lineage from source tables to every ClaimSort model version is captured automatically in the feature store; re-performed on a sample of training records without exception." \
  --add-evidence "reperformance=Feature store lineage query LIN-CS-2026-11,description=Lineage traced for 30 sampled training records,from=Elif Demir,on=2026-11-24" \
  --sample-population 48210 --sample-size 30 --sample-method random --sample-seed 20261124 \
  --sample-description "training records of model version 4.2" \
  --sample-size-reason "Lineage is re-performed record by record, not once per configuration: 30 records with no exception give about 95% confidence that fewer than 10% lack lineage." \
  --sample-result "rest=as-expected,evidence=E7"
rec 2026-11-26T11:30:00Z --as olivia --item A.10.3@claimsort --grade not-applicable \
  --note "Exclusion justified: ClaimSort is built and run in-house; no AI supplier takes part in its life cycle (checked against the procurement register)."
rec 2026-11-26T12:00:00Z --as olivia --item A.5.4@ava --grade observation \
  --gap "The impact assessment of Ava covers customers but not the contact-centre agents who take over conversations; no requirement is breached yet." \
  --add-evidence "document=AIA-AVA-2026,description=Impact assessment of Ava, approved 2026-04-30,from=Sofia Lindqvist,on=2026-11-24" \
  --response agreed --response-by sofia

# --- Amara Nwosu (lead) -------------------------------------------------------------------
rec 2026-11-26T13:30:00Z --as amara --item A.5.3@talentlens --grade minor \
  --requirement "ISO/IEC 42001 A.5.3 and 8.4; procedure AIMS-PR-07 section 4: impact assessments are repeated on significant change" \
  --evidence-text "TalentLens vendor release notes v5.2 (2026-03-11) announce a new ranking model. Impact-assessment register entry IA-TL-001 was last updated 2024-06-02. Change ticket CHG-8812 has no impact-assessment link." \
  --gap "The impact assessment of TalentLens was not repeated after a significant change to the supplier's model (1 of 3 systems sampled)." \
  --add-evidence "document=Brightpath release notes v5.2,description=New ranking model announced 2026-03-11,from=Hannah Berg,on=2026-11-23" \
  --add-evidence "record=IA-TL-001,description=Impact-assessment register entry,from=Hannah Berg,on=2026-11-23" \
  --ca-owner marcus --ca-due 2027-01-15 --response disagreed --response-by marcus \
  --response-reason "Release 5.2 changed the ranking model within the validated range the contract defines; AIMS-PR-07 asks for a new assessment only when the supplier declares a significant change, and Brightpath did not."
rec 2026-11-26T14:00:00Z --as amara --item A.6.2.4@claimsort --grade conform \
  --add-evidence "document=VAL-CS-4.2,description=Validation report of ClaimSort 4.2 with fairness and robustness results,from=Elif Demir,on=2026-11-23" \
  --add-evidence "interview=Elif Demir,description=Walk-through of acceptance criteria,on=2026-11-23"
# Amara has three warnings on A.6.2.6@claimsort (same unit and manager as Tomasz, a declared
# non-material conflict with Kenji); she records a justification and its safeguard with her
# observation. She is the lead, so Paul Renner, who owns the programme, approves it.
rec 2026-11-26T14:30:00Z --as amara --item A.6.2.6@claimsort --grade observation \
  --justify "Tomasz no longer owns the control and does not review my work on it; my former team-mate Kenji took it over in February 2026 and I have no financial or reporting tie to him." \
  --safeguard "Paul Renner reviews these workpapers before the report is issued." \
  --evidence-text "The monitoring configuration sets the drift alert threshold at PSI 0.25; its change log names one data scientist and no approval. The alerts of September 2026 were all reviewed." \
  --gap "The drift alert threshold (PSI 0.25) was set by one data scientist; no rationale or approval is documented." \
  --add-evidence "data-analysis=ClaimSort drift report 2026-09,description=Daily population stability index per feature,from=Kenji Mori,on=2026-11-24,file=evidence/claimsort-drift-report-2026-09.csv" \
  --sample-population 365 --sample-size 30 --sample-method random --sample-seed 7 \
  --sample-description "daily drift reports 2025-10-01 to 2026-09-30" --response agreed --response-by kenji
rec 2026-11-26T14:35:00Z --as paul --item A.6.2.6@claimsort --approve amara
# A superseded report cited by mistake (it becomes E14) is withdrawn, and E11 is described better.
rec 2026-11-26T15:00:00Z --as amara --item A.6.2.4@claimsort --add-evidence "document=VAL-CS-4.1,description=Superseded validation report"
rec 2026-11-26T15:05:00Z --as amara --item A.6.2.4@claimsort --remove-evidence "E14,reason=Superseded by VAL-CS-4.2, cited in error"
rec 2026-11-26T15:10:00Z --as amara --item A.6.2.4@claimsort --edit-evidence "E11,description=Validation report of ClaimSort 4.2: accuracy, fairness by age band and robustness to missing fields"

# --- Tomasz Wierzbicki ---------------------------------------------------------------------
rec 2026-11-26T16:00:00Z --as tomasz --item A.6.2.6@ava --grade major \
  --requirement "ISO/IEC 42001 A.6.2.6: AI systems are monitored in operation and issues are acted on" \
  --evidence-text "Ava's answer-quality dashboard raised 14 alerts between 2026-06-01 and 2026-09-30; the alert queue shows 9 of them unassigned and never closed." \
  --gap "Quality alerts of Ava are raised but not all are reviewed, so degraded answers can stay in production unnoticed." \
  --add-evidence "record=Ava alert queue export,description=14 alerts, 9 never assigned,from=Kenji Mori,on=2026-11-25" \
  --ca-owner sofia --ca-due 2027-01-31 --response agreed --response-by sofia
rec 2026-11-26T16:30:00Z --as tomasz --item hm-ai-01 --grade ofi \
  --gap "The quarterly reconciliation of the model registry is done by hand in a spreadsheet; a scheduled comparison would remove the manual step." \
  --add-evidence "record=Model inventory reconciliation Q3 2026,from=Kenji Mori,on=2026-11-25" \
  --response agreed --response-by kenji
rec 2026-11-26T17:00:00Z --as tomasz --item A.10.3@ava --grade conform \
  --add-evidence "record=Supplier due-diligence file Nimbus Models Ltd,description=Security, data-use and model-change terms reviewed 2026-05-12,from=Noah Park,on=2026-11-25"

# --- Priya Raman -----------------------------------------------------------------------------
# Priya and Kenji both report to Ines (IND-19); until November she was in data science under
# Elif, who owns A.7.5 for Ava (IND-05, IND-07). Each justification names its safeguard, and the
# lead approves them.
rec 2026-11-27T09:00:00Z --as priya --item A.7.4@ava --grade conform \
  --justify "Kenji and I share a manager but not a team; I have no part in the retrieval corpus." \
  --safeguard "Olivia Brandt re-performs the freshness check on five documents." \
  --add-evidence "document=DQ-AVA-2026,description=Data-quality requirements for the retrieval corpus,from=Sofia Lindqvist,on=2026-11-24" \
  --add-evidence "data-analysis=Corpus freshness check 2026-11,description=All 1,204 policy documents within the 90-day review limit,on=2026-11-24"
rec 2026-11-27T09:30:00Z --as priya --item A.7.5@ava --grade observation \
  --gap "Retrieval documents carry a source and version, but the version of the corpus used by each model release is not recorded." \
  --add-evidence "interview=Sofia Lindqvist,description=How the retrieval corpus is published,on=2026-11-24" \
  --sample-population 12 --sample-method judgemental --sample-items 3,6,9 \
  --sample-reason "the three monthly corpus releases after the foundation-model change" \
  --sample-description "monthly corpus releases 2025-10 to 2026-09" --response agreed --response-by sofia \
  --justify "I worked under Elif until 31 October, but never on Ava's corpus; its provenance records are Kenji's platform's." \
  --safeguard "Amara Nwosu reviews the sample and the observation before the report is issued."
rec 2026-11-27T09:35:00Z --as amara --item A.7.4@ava --approve priya
rec 2026-11-27T09:36:00Z --as amara --item A.7.5@ava --approve priya

# --- The last day of fieldwork --------------------------------------------------------------
# Evidence from before the audit period that still governs it, cited with the reason (DATE-2).
rec 2026-11-27T09:45:00Z --as olivia --item A.10.2@talentlens \
  --add-evidence "record=DD-BP-2024,description=Due diligence of Brightpath Analytics at onboarding,from=Noah Park,on=2024-02-20" \
  --reason "The onboarding due diligence of February 2024 is the last assessment of Brightpath: none was made since, so it still governs the supplier in the audit period."
# Tomasz graded A.6.2.6@ava major; the lead changes it to minor, with her reason (and her
# justification: she declared a conflict with the control's owner), and Tomasz records that he disagrees.
rec 2026-11-27T10:00:00Z --as amara --item A.6.2.6@ava --grade minor \
  --justify "Kenji Mori, the control's owner, was my team-mate at a previous employer; I change only the grade, on the evidence Tomasz recorded." \
  --safeguard "Paul Renner, who owns the programme, reviews the change before the report is issued." \
  --reason "5 of the 14 alerts were reviewed and closed within a day: monitoring works in part and the lapse is in assigning alerts, an isolated failure rather than a breakdown of the process, which is a minor nonconformity under the programme's grading."
rec 2026-11-27T10:05:00Z --as paul --item A.6.2.6@ava --approve amara
rec 2026-11-27T11:30:00Z --as tomasz --item A.6.2.6@ava \
  --disagree "Two thirds of Ava's quality alerts went unreviewed for four months; for a system that answers customers, that is a breakdown of monitoring, not an isolated lapse."

# Amara tests the drift reports sampled for A.6.2.6@claimsort one by one (the alert ticket cited
# for the exception becomes E22).
rec 2026-11-27T11:45:00Z --as amara --item A.6.2.6@claimsort \
  --add-evidence "record=DRIFT-2026-0529,description=Drift alert of 2026-05-29 closed without a review note,from=Kenji Mori,on=2026-11-25" \
  --sample-result "241=exception,evidence=E22,note=PSI 0.31 on 2026-05-29; the alert was closed without review" \
  --sample-result "rest=as-expected,evidence=E13"

# --- The audit's record: review, the closing meeting, reasons, conclusion --------------------
# (Each finding went to its owner the same day; their responses are recorded with it above:
# Marcus Oyelaran disputes the TalentLens minor, a diverging opinion.)
# The lead reviews the team's work; Olivia and Tomasz review hers and each other's where they
# are independent and competent for the item. No one in the team is both for A.6.2.6@claimsort,
# hm-ai-01 and A.7.4@ava, or for the audit of the audit process (9.2): they stay not reviewed.
rec 2026-11-27T14:00:00Z --as amara --review A.10.2@talentlens,A.7.5@claimsort,A.10.3@claimsort,A.5.4@ava,A.10.3@ava,A.7.5@ava
rec 2026-11-27T14:10:00Z --as amara --item A.6.2.8@ava --reviewed --review-notes "Statement checked against the configuration export and the complaint file." \
  --justify "Reviewing Olivia's work, not auditing: my former team-mate Kenji owns the control, with no financial or reporting tie between us." \
  --safeguard "Paul Renner, who owns the programme, reads the finding and its evidence before the report is issued."
rec 2026-11-27T14:15:00Z --as paul --item A.6.2.8@ava --approve amara
rec 2026-11-27T14:20:00Z --as olivia --review A.5.3@talentlens,A.6.2.6@ava
rec 2026-11-27T14:30:00Z --as tomasz --item A.6.2.4@claimsort --reviewed --review-notes "Acceptance criteria traced to the validation report."
rec 2026-11-27T16:00:00Z --as amara --meeting closing --meeting-date 2026-11-27 --meeting-time 15:30 --meeting-place video \
  --meeting-attendees amara,olivia,tomasz,helen,ines,sofia,marcus,noah,tom-ashby \
  --meeting-points "Findings presented; all agreed except F-02 (TalentLens impact assessment), which Marcus Oyelaran disputes: recorded as a diverging opinion. Action owners confirmed their dates; Sofia Lindqvist is to send the corpus release log."
# What fieldwork did not reach moves to next year's audit; the two tier-A items say why in full.
rec 2026-11-27T16:10:00Z --as amara --defer A.5.4@talentlens,A.6.2.4@talentlens --defer-to IA-2027-01 \
  --defer-reason "Brightpath could not give access to its validation environment during fieldwork; agreed with Marcus Oyelaran to audit both with the supplier on site"
rec 2026-11-27T16:15:00Z --as amara --defer remaining --defer-to IA-2027-01 --defer-reason "Not reached in the five days of fieldwork; lower in risk than the items audited"
rec 2026-11-27T16:30:00Z --as amara --objectives partly-met --conclusion "Operation and supplier controls of ClaimSort work as designed. Ava's event logging does not meet the AI policy, and changes to TalentLens's supplier model are not assessed: the objectives are met for the items audited, which cover 27% of the checklist by risk weight."

# --- After fieldwork ------------------------------------------------------------------------
# Re-opened, with the reason (DATE-3): a document promised at the closing meeting.
rec 2026-12-01T09:30:00Z --as priya --item A.7.5@ava \
  --add-evidence "record=Corpus release log 2025-10 to 2026-09,description=Names the corpus version of each release; the model releases do not,from=Sofia Lindqvist,on=2026-12-01" \
  --reason "Re-opened after fieldwork: the corpus release log Sofia Lindqvist promised at the closing meeting arrived on 2026-12-01 and confirms the observation."
# The re-opened item is reviewed again, and the lead approves the report as it then stands.
rec 2026-12-01T11:00:00Z --as amara --item A.7.5@ava --reviewed --review-notes "The corpus release log confirms the observation."
rec 2026-12-01T11:30:00Z --as amara --approve-report --report-date 2026-12-01

"$bin" export "$wp" --as-of 2026-11-27 -o "$report" 2>/dev/null   # statuses as of the end of fieldwork
"$bin" verify "$wp" >/dev/null
echo "demo workpaper: $wp"
echo "report: $report"
