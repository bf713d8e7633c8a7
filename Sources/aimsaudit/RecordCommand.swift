import ArgumentParser
import AuditCore
import Foundation
import Workpaper
import ConsoleSupport

extension AimsAudit {
    struct Record: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "record",
            abstract: "Record results on one checklist item, or the audit's meetings, conclusion and approval, without the screen.",
            discussion: """
                Every change is an event in the workpaper's hash-chained journal, saved before the command exits 0.
                Refused with exit 1, naming the rule: an auditor blocked on the item (with who else could audit it); \
                a warned auditor without a justification (give one with --justify); GR-1 major and minor need the \
                three-part statement; GR-2 conform needs evidence; GR-3 not-applicable needs a note; \
                GR-4 a corrective action belongs to a major or minor; GR-5 an observation or ofi needs its \
                text (--gap); CA-2 its verifier is never its owner; \
                CA-3 nor blocked on the item by the independence rules; CA-4 an outcome needs the action, \
                effectiveness criteria, verifier and date; CA-5 and the implementation date, the result and \
                an evidence reference of the check obtained on or after the implementation; CA-6 it is not \
                verified before the implementation; SAMPLE a size other than the one the tool's table suggests \
                needs --sample-size-reason, a result names an occurrence of the sample and an evidence \
                reference cited on the item (an exception must); GR-8 conform is refused while the sample has \
                an exception (one is allowed in a sample extended to twice its suggested size); MEET-1/2 a \
                meeting's date, time and attendees; RESP-1/2/3 a \
                response belongs to a finding, a disagreement gives its reason, the respondent is a person of the \
                programme or a guest of the audit; REVIEW-1/2 only audited work is reviewed, by the reviewer \
                (blocked on the item: refused, as an auditor is); DEFER-1/2/3 a reason for not auditing belongs \
                to an item not audited, and the audit it moves to holds it; LEAD the lead alone writes the \
                conclusion and approves the report; APPROVE-1…4 an approval of the report needs the conclusion, \
                no open conflict, the journal as it stands, and something new since the last one.
                Refused unless --reason says why: GR-6 a change to a grade or statement part another auditor \
                recorded; DATE-1 evidence dated after the day it is recorded; DATE-2 evidence dated before the \
                audit period; DATE-3 a result recorded outside fieldwork; CA-7 an outcome verified before its \
                effectiveness check was due. The report shows each reason with what it answers. \
                GR-7: --disagree records your disagreement with a change another auditor made to your grade \
                or statement; the report shows it as a diverging opinion. \
                CONFLICT a field two people set without seeing each other's value (after a merge or sync) is \
                the lead's to set, which resolves it. \
                Under programme format 2 a justification needs --safeguard, and --approve PERSON records its \
                approval: by the lead, or by the programme owner for the lead's own, never by the auditor.
                Without --item: the audit's own record — --meeting, --defer (why items were not audited), \
                --review (several items), --conclusion with --objectives, --approve-report.
                Corrective action (ISO/IEC 42001 10.2): each --ca-… option sets one field and leaves the others; \
                an empty value clears it.
                Evidence: --add-evidence TYPE=REF[,description=TEXT][,from=WHO][,on=DATE][,file=PATH], \
                TYPE one of \(EvidenceType.allCases.map(\.rawValue).joined(separator: ", ")); \
                --edit-evidence E3,description=TEXT (also type=, reference=, from=, on=); --remove-evidence E3[,reason=TEXT].
                """)

        @Argument(help: ArgumentHelp("The workpaper.", valueName: "FILE")) var file: String
        @Option(name: .customLong("as"), help: ArgumentHelp("Who records (a team member; default $AIMSAUDIT_AUDITOR).", valueName: "PERSON")) var actor: String?
        @Option(name: .customLong("item"), help: ArgumentHelp("The checklist item, e.g. A.6.2.6@claimsort (left out for the audit's own record).", valueName: "KEY")) var itemKey: String?
        /// The item the options are about ("" without --item).
        var item: String { itemKey ?? "" }
        @Option(help: ArgumentHelp("major, minor, observation, ofi, conform, not-applicable, not-audited.", valueName: "GRADE")) var grade: String?
        @Option(help: "Statement, part 1: the requirement not met.") var requirement: String?
        @Option(name: .customLong("evidence-text"), help: "Statement, part 2: the objective evidence seen.") var evidenceText: String?
        @Option(help: "Statement, part 3: the gap between evidence and requirement; for an observation or ofi, what was found (GR-5).") var gap: String?
        @Option(help: "Your own note on the item (replaces the previous note); the report leaves it out, except as the reason for not-applicable.") var note: String?
        @Option(name: .customLong("good-practice"), help: "Good practice seen on the item, for the report's good practice section (replaces the previous; empty takes it back).") var goodPractice: String?
        @Option(name: .customLong("add-evidence"), help: ArgumentHelp("Cite evidence (repeatable).", valueName: "TYPE=REF[,…]")) var addEvidence: [String] = []
        @Option(name: .customLong("edit-evidence"), help: ArgumentHelp("Edit cited evidence (repeatable).", valueName: "E3,FIELD=VALUE[,…]")) var editEvidence: [String] = []
        @Flag(help: "Keep a copy of each file cited with file=PATH inside the workpaper (it then travels with fork, merge and sync).") var attach = false
        @Option(name: .customLong("remove-evidence"), help: ArgumentHelp("Withdraw cited evidence (repeatable).", valueName: "E3[,reason=TEXT]")) var removeEvidence: [String] = []
        @Option(help: "Why you may audit this item despite an independence warning.") var justify: String?
        @Option(help: "The compensating safeguard (needed for ownership warnings in small-organisation mode, and for every justification under programme format 2).") var safeguard: String?
        @Option(help: "Why this record goes beyond the usual: a change to another auditor's grade or statement, a date outside the audit's, an early verification (GR-6, DATE-1…3, CA-7).") var reason: String?
        @Option(help: "Your disagreement with a change another auditor made to your grade or statement (GR-7).") var disagree: String?
        @Option(help: ArgumentHelp("Approve PERSON's justification on the item as it reads (programme format 2: the lead approves, the programme owner the lead's; repeatable).", valueName: "PERSON")) var approve: [String] = []
        @Option(name: .customLong("sample-population"), help: "Sample: size of the population.") var samplePopulation: Int?
        @Option(name: .customLong("sample-size"), help: "Sample: how many items.") var sampleSize: Int?
        @Option(name: .customLong("sample-method"), help: "Sample: random, systematic or judgemental.") var sampleMethod: String?
        @Option(name: .customLong("sample-seed"), help: "Sample: seed of a random or systematic draw (default: a new one, recorded).") var sampleSeed: UInt64?
        @Option(name: .customLong("sample-items"), help: ArgumentHelp("Sample: the items chosen, for a judgemental sample: the population's own ids (ticket or invoice numbers) or numbers from 1 to its size.", valueName: "INV-2031,INV-2044")) var sampleItems: String?
        @Option(name: .customLong("sample-description"), help: "Sample: what the population is.") var sampleDescription: String?
        @Option(name: .customLong("sample-reason"), help: "Sample: why these items (judgemental).") var sampleReason: String?
        @Option(name: .customLong("sample-size-reason"), help: "Sample: why this size, when it is not the one the tool's table suggests (by how often the control operates, and its tier).") var sampleSizeReason: String?
        @Option(name: .customLong("sample-result"), help: ArgumentHelp("Sample: what testing occurrences of the sample on record found (repeatable); rest: every occurrence without a result yet.", valueName: "OCC[,OCC…]=as-expected|exception[,evidence=E3][,note=TEXT]")) var sampleResult: [String] = []
        @OptionGroup var action: ActionOptions
        @OptionGroup var record: RecordAuditOptions

        func usage(_ message: String) -> ExitCode {
            Console.error("aimsaudit: \(message)")
            return ExitCode(64)
        }

        func run() throws {
            guard let actor = actor ?? ProcessInfo.processInfo.environment["AIMSAUDIT_AUDITOR"] else {
                throw usage("say who records with --as PERSON (or set AIMSAUDIT_AUDITOR)")
            }
            let workpaper = try fail { () throws(WorkpaperError) in try WorkpaperFile.open(file, forWriting: true) }
            defer { workpaper.close() }
            let programme = workpaper.programme
            guard programme.person(actor) != nil else {
                throw usage("unknown person '\(actor)'\(Suggest.hint(for: actor, in: programme.people.map(\.id)))")
            }
            let keys = workpaper.analysis.checklist.map(\.key.description)
            var key: ItemKey?
            if let itemKey {
                guard let k = ItemKey(itemKey), keys.contains(itemKey) else {
                    throw usage("'\(itemKey)' is not on the checklist of \(workpaper.audit.id)\(Suggest.hint(for: itemKey, in: keys))")
                }
                key = k
            }
            var events = try makeEvents(workpaper, actor: actor)
            let whole = try makeAuditEvents(workpaper, actor: actor)
            let reviews = record.reviews(actor: actor)
            if key != nil, !reviews.isEmpty { throw usage("--review names its items; with --item, use --reviewed") }
            for (item, _) in reviews where !keys.contains(item) {
                throw usage("'\(item)' is not on the checklist of \(workpaper.audit.id)\(Suggest.hint(for: item, in: keys))")
            }
            if key == nil, !events.isEmpty || (record.aboutAnItem && reviews.isEmpty) || reason != nil {
                throw usage("say which item with --item KEY (only --meeting, --defer, --review, --conclusion and --approve-report are about the audit as a whole)")
            }
            guard !events.isEmpty || !whole.isEmpty || !reviews.isEmpty else {
                throw usage("nothing to record: give --grade, --note, --add-evidence or another change (or, without --item, --meeting, --defer, --conclusion, --approve-report)")
            }
            if record.approveReport, !events.isEmpty || whole.count > 1 || !reviews.isEmpty {
                throw usage("--approve-report goes on its own: approve the report as it stands, after recording")
            }
            // The day the record is made: the rules on dates judge it (the journal's time is taken by the same clock).
            let today = Day.today()
            if let reason, let key {
                do {
                    events = try Recorder.withReason(reason, events, actor: actor, item: key, audit: workpaper.audit,
                                                     roster: programme.roster, state: workpaper.state, recordedOn: today)
                } catch {
                    Console.error("aimsaudit: refused (\(error.rule)): \(Self.words(error))")
                    throw ExitCode(1)
                }
            }
            // A field in conflict is the lead's to set (setting it resolves the conflict); then AuditCore's rules.
            var refusal: Refusal?
            if let key, !events.isEmpty {
                refusal = Resolution.refusal(events, actor: actor, audit: workpaper.audit, roster: programme.roster, state: workpaper.state)
                    ?? Recorder.validate(events, actor: actor, item: key, analysis: workpaper.analysis, programme: programme,
                                         state: workpaper.state, recordedOn: today)
            }
            // Each item reviewed is judged on its own, as --reviewed on it would be.
            for (item, review) in reviews where refusal == nil {
                refusal = Resolution.refusal([review], actor: actor, audit: workpaper.audit, roster: programme.roster, state: workpaper.state)
                    ?? Recorder.validate([review], actor: actor, item: ItemKey(item)!, analysis: workpaper.analysis, programme: programme,
                                         state: workpaper.state, recordedOn: today)
            }
            if refusal == nil, !whole.isEmpty {
                refusal = Recorder.validate(audit: whole, actor: actor, analysis: workpaper.analysis, roster: programme.roster,
                                            state: workpaper.state, head: (workpaper.head.hash, workpaper.head.seq), programme: programme)
            }
            if let refusal {
                Console.error("aimsaudit: refused (\(refusal.rule)): \(Self.words(refusal))")
                throw ExitCode(1)
            }
            // Cited files are hashed once the record is allowed (a refused one hashes nothing).
            var attached: [Data] = []
            for (i, event) in events.enumerated() {
                guard case .evidenceAdded(var e) = event, let path = e.file?.path else { continue }
                if attach {
                    let (file, data) = try attachFile(path, in: workpaper)
                    e.file = file
                    attached.append(data)
                } else {
                    e.file = try cite(path, in: workpaper)
                }
                events[i] = .evidenceAdded(e)
            }
            if attach, attached.isEmpty { throw usage("--attach keeps the files cited with --add-evidence TYPE=REF,file=PATH; none is cited") }
            if !attached.isEmpty { try fail { () throws(WorkpaperError) in try workpaper.store(attachments: attached) } }
            events += reviews.map(\.event) + whole
            let range = try fail { () throws(WorkpaperError) in try workpaper.append(events, actor: actor) }
            let what = events.map(\.summary).joined(separator: "; ")
            Console.out("recorded as \(actor), event\(range.count == 1 ? "" : "s") \(range.lowerBound == range.upperBound ? "\(range.lowerBound)" : "\(range.lowerBound)–\(range.upperBound)"): \(what)")
        }

        /// A refusal in the command line's words: the message, and the options that put it right.
        static func words(_ refusal: Refusal) -> String {
            let options = refusal.needs.map(option) + (refusal.reasonAllowed ? ["--reason TEXT"] : [])
            return options.isEmpty ? refusal.message : "\(refusal.message) (\(options.joined(separator: ", ")))"
        }

        /// The option that gives an input.
        static func option(_ input: RecordInput) -> String {
            switch input {
            case .grade: "--grade"
            case .requirement: "--requirement"
            case .evidence: "--evidence-text"
            case .gap: "--gap"
            case .note: "--note"
            case .goodPractice: "--good-practice"
            case .evidenceReference: "--add-evidence TYPE=REF"
            case .justification: "--justify TEXT"
            case .safeguard: "--safeguard TEXT"
            case .sample(let s): "--sample-\(s.rawValue)"
            case .action(let name): "--ca-\(name)"
            case .other(let name): "--\(name)"
            }
        }

        /// The events the options ask for. What the options give is checked by AuditCore's
        /// constructors; one they refuse is a usage error (64).
        func makeEvents(_ workpaper: WorkpaperFile, actor: String) throws -> [EventBody] {
            do {
                var events = try buildEvents(workpaper, actor: actor)
                events += try record.itemEvents(item: item, actor: actor, audit: workpaper.audit, roster: workpaper.programme.roster)
                return events
            } catch let refusal as Refusal {
                throw usage("refused (\(refusal.rule)): \(Self.words(refusal))")
            }
        }

        /// The events about the audit as a whole (meetings, the conclusion, the approval).
        func makeAuditEvents(_ workpaper: WorkpaperFile, actor: String) throws -> [EventBody] {
            do {
                return try record.auditEvents(actor: actor, audit: workpaper.audit, roster: workpaper.programme.roster,
                                              head: (workpaper.head.hash, workpaper.head.seq),
                                              checklist: workpaper.analysis.checklist.map(\.key.description), state: workpaper.state)
            } catch {
                throw usage("refused (\(error.rule)): \(Self.words(error))")
            }
        }
    }
}
