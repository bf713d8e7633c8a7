import ArgumentParser
import AuditCore
import Foundation
import Reports
import Workpaper

struct New: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create the workpaper of one planned audit (a SQLite file; never overwrites).",
        discussion: "The workpaper holds a snapshot of the programme, the derived checklist and verdicts, and the journal of everything recorded.")

    @Argument(help: ArgumentHelp("The programme file.", valueName: "PROGRAMME.yaml")) var programme: String
    @Option(help: ArgumentHelp("The audit to create (may be left out when the programme plans one).", valueName: "ID")) var audit: String?
    @Option(name: .shortAndLong, help: ArgumentHelp("The workpaper to create (default: ID.aimsaudit).", valueName: "FILE")) var output: String?
    @Option(name: .customLong("as"), help: ArgumentHelp("Who creates it (default: the audit's lead).", valueName: "PERSON")) var actor: String?
    @Option(help: ArgumentHelp("An earlier audit's workpaper: its open nonconformities become re-test items (repeatable).", valueName: "OLD.aimsaudit"))
    var previous: [String] = []

    func run() throws {
        let options = try ProgrammeOptions.parse([programme] + (audit.map { ["--audit", $0] } ?? []))
        let loaded = try options.load()
        let id = loaded.analysis.audit.id
        let path = output ?? "\(id).aimsaudit"
        // One re-test per item: where several earlier workpapers hold it, the latest speaks for it.
        // A finding its own audit's workpaper now records as closed is not brought back by a copy.
        var latest: [ItemKey: (end: Day, finding: CarriedFinding)] = [:]
        var closed: Set<String> = []
        for path in previous {
            let (end, found, done) = try Self.openNonconformities(of: path, before: loaded.analysis.audit, in: loaded.programme)
            closed.formUnion(done)
            for (key, c) in found where latest[key].map({ $0.end < end }) ?? true { latest[key] = (end, c) }
        }
        let carrying = latest.filter { !closed.contains("\($0.value.finding.audit)|\($0.key)") }
            .map { ($0.key, $0.value.finding) }.sorted { $0.0 < $1.0 }
        let file = try fail { () throws(WorkpaperError) in
            try WorkpaperFile.create(programmePath: programme, auditID: id, at: path, actor: actor, carrying: carrying)
        }
        defer { file.close() }
        let a = file.analysis
        Console.out("created \(path): \(id), \(a.checklist.count) items, \(a.audit.team.count) auditors, \(a.verdicts.count) independence verdicts; journal head \(file.head.hash.prefix(16))")
        // Made all the same (fieldwork can begin while the programme is put right), but not in silence.
        let errors = loaded.analysis.problems.filter { $0.level == .error }
        if !errors.isEmpty {
            Console.error("aimsaudit: warning: `aimsaudit check` fails on \(programme) for \(id) (\(errors.count) error\(errors.count == 1 ? "" : "s")); fix the programme and make the workpaper again before fieldwork:")
            for p in errors { Console.error(TextOutput.problem(p, in: programme).joined(separator: "\n")) }
        }
        if !carrying.isEmpty {
            let outside = Set(carrying.map(\.0)).subtracting(Derive.checklist(of: a.audit, in: file.programme).map(\.key))
            Console.out("carried over \(carrying.count) open nonconformit\(carrying.count == 1 ? "y" : "ies") to re-test: "
                + carrying.map { "\($0.0) (\($0.1.grade.rawValue) of \($0.1.audit))" }.joined(separator: ", ")
                + (outside.isEmpty ? "" : "; added to the checklist beyond the scope: \(outside.sorted().map(\.description).joined(separator: ", "))"))
        }
    }

    /// An earlier workpaper's nonconformities still open when `audit` begins, latest record of each item.
    /// Also the findings of that audit it records as closed, as "audit|item".
    static func openNonconformities(of path: String, before audit: Audit, in programme: Programme) throws -> (Day, [(ItemKey, CarriedFinding)], Set<String>) {
        let old = try fail { () throws(WorkpaperError) in try WorkpaperFile.open(path) }
        defer { old.close() }
        guard old.programme.organisation.name == programme.organisation.name else {
            Console.error("aimsaudit: \(path) is a workpaper of \(old.programme.organisation.name), not of \(programme.organisation.name); --previous takes an earlier audit of the same programme")
            throw ExitCode(65)
        }
        guard old.audit.fieldwork.to < audit.fieldwork.from else {
            Console.error("aimsaudit: \(path) is the workpaper of \(old.audit.id), whose fieldwork (to \(old.audit.fieldwork.to)) does not end before \(audit.id) begins (\(audit.fieldwork.from)); --previous takes an earlier audit")
            throw ExitCode(65)
        }
        let closed = old.state.closedNonconformities(in: old.analysis.checklist, on: audit.fieldwork.from).map { "\(old.audit.id)|\($0)" }
        return (old.audit.fieldwork.to,
                old.state.openNonconformities(in: old.analysis.checklist, audit: old.audit,
                                              workpaper: URL(fileURLWithPath: path).lastPathComponent,
                                              journalHash: old.head.hash, on: audit.fieldwork.from),
                Set(closed))
    }
}

struct Record: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Record results on one checklist item without the screen (for scripts and tests).",
        discussion: """
            Every change is an event in the workpaper's hash-chained journal, saved before the command exits 0.
            Refused with exit 1, naming the rule: an auditor blocked on the item (with who else could audit it); \
            a warned auditor without a justification (give one with --justify); GR-1 major and minor need the \
            three-part statement; GR-2 conform needs evidence; GR-3 not-applicable needs a note; \
            GR-4 a corrective action belongs to a major or minor; GR-5 an observation or ofi needs its \
            text (--gap); CA-2 its verifier is never its owner; \
            CA-3 nor blocked on the item by the independence rules; CA-4 an outcome needs the action, \
            effectiveness criteria, verifier and date.
            Corrective action (ISO/IEC 42001 10.2): each --ca-… option sets one field and leaves the others; \
            an empty value clears it.
            Evidence: --add-evidence TYPE=REF[,description=TEXT][,from=WHO][,on=DATE][,file=PATH], \
            TYPE one of \(EvidenceType.allCases.map(\.rawValue).joined(separator: ", ")); \
            --edit-evidence E3,description=TEXT (also type=, reference=, from=, on=); --remove-evidence E3[,reason=TEXT].
            """)

    @Argument(help: ArgumentHelp("The workpaper.", valueName: "FILE")) var file: String
    @Option(name: .customLong("as"), help: ArgumentHelp("Who records (a team member; default $AIMSAUDIT_AUDITOR).", valueName: "PERSON")) var actor: String?
    @Option(help: ArgumentHelp("The checklist item, e.g. A.6.2.6@claimsort.", valueName: "KEY")) var item: String
    @Option(help: ArgumentHelp("major, minor, observation, ofi, conform, not-applicable, not-audited.", valueName: "GRADE")) var grade: String?
    @Option(help: "Statement, part 1: the requirement not met.") var requirement: String?
    @Option(name: .customLong("evidence-text"), help: "Statement, part 2: the objective evidence seen.") var evidenceText: String?
    @Option(help: "Statement, part 3: the gap between evidence and requirement; for an observation or ofi, what was found (GR-5).") var gap: String?
    @Option(help: "Your own note on the item (replaces the previous note); the report leaves it out, except as the reason for not-applicable.") var note: String?
    @Option(name: .customLong("good-practice"), help: "Good practice seen on the item, for the report's good practice section (replaces the previous; empty takes it back).") var goodPractice: String?
    @Option(name: .customLong("add-evidence"), help: ArgumentHelp("Cite evidence (repeatable).", valueName: "TYPE=REF[,…]")) var addEvidence: [String] = []
    @Option(name: .customLong("edit-evidence"), help: ArgumentHelp("Edit cited evidence (repeatable).", valueName: "E3,FIELD=VALUE[,…]")) var editEvidence: [String] = []
    @Option(name: .customLong("remove-evidence"), help: ArgumentHelp("Withdraw cited evidence (repeatable).", valueName: "E3[,reason=TEXT]")) var removeEvidence: [String] = []
    @Option(help: "Why you may audit this item despite an independence warning.") var justify: String?
    @Option(help: "The compensating safeguard (needed for ownership warnings in small-organisation mode).") var safeguard: String?
    @Option(name: .customLong("sample-population"), help: "Sample: size of the population.") var samplePopulation: Int?
    @Option(name: .customLong("sample-size"), help: "Sample: how many items.") var sampleSize: Int?
    @Option(name: .customLong("sample-method"), help: "Sample: random, systematic or judgemental.") var sampleMethod: String?
    @Option(name: .customLong("sample-seed"), help: "Sample: seed of a random or systematic draw (default: a new one, recorded).") var sampleSeed: UInt64?
    @Option(name: .customLong("sample-items"), help: ArgumentHelp("Sample: the items chosen, for a judgemental sample.", valueName: "3,17,40")) var sampleItems: String?
    @Option(name: .customLong("sample-description"), help: "Sample: what the population is.") var sampleDescription: String?
    @Option(name: .customLong("sample-reason"), help: "Sample: why these items (judgemental).") var sampleReason: String?
    @Option(name: .customLong("ca-correction"), help: "Corrective action, 10.2 step 1: the correction and containment.") var caCorrection: String?
    @Option(name: .customLong("ca-contained-on"), help: "Corrective action: when it was contained (YYYY-MM-DD).") var caContainedOn: String?
    @Option(name: .customLong("ca-root-cause-method"), help: "Corrective action, step 2: how causes were found (5 whys, fishbone…).") var caRootCauseMethod: String?
    @Option(name: .customLong("ca-root-cause"), help: "Corrective action: the root cause(s).") var caRootCause: String?
    @Option(name: .customLong("ca-extent"), help: "Corrective action: where else it could happen, and what was found.") var caExtent: String?
    @Option(name: .customLong("ca-action"), help: "Corrective action, step 3: the action that removes the causes.") var caAction: String?
    @Option(name: .customLong("ca-owner"), help: "Corrective action: who owns it (a person id).") var caOwner: String?
    @Option(name: .customLong("ca-due"), help: "Corrective action: due date (YYYY-MM-DD).") var caDue: String?
    @Option(name: .customLong("ca-implemented-on"), help: "Corrective action: when it was done (YYYY-MM-DD); it then awaits its effectiveness check.") var caImplementedOn: String?
    @Option(name: .customLong("ca-effectiveness-criteria"), help: "Corrective action, step 4: how effectiveness will be judged.") var caEffectivenessCriteria: String?
    @Option(name: .customLong("ca-effectiveness-due"), help: "Corrective action: when effectiveness is checked (YYYY-MM-DD).") var caEffectivenessDue: String?
    @Option(name: .customLong("ca-result"), help: "Corrective action: what the effectiveness check found.") var caResult: String?
    @Option(name: .customLong("ca-outcome"), help: "Corrective action: effective or not-effective (empty takes it back).") var caOutcome: String?
    @Option(name: .customLong("ca-verified-by"), help: "Corrective action: who verified it (never its owner; independent of the item).") var caVerifiedBy: String?
    @Option(name: .customLong("ca-verified-on"), help: "Corrective action: when it was verified (YYYY-MM-DD).") var caVerifiedOn: String?
    @Option(name: .customLong("ca-aims-change"), help: "Corrective action, step 5: the change to the management system (a procedure id, a version).") var caAimsChange: String?

    /// The --ca-NAME options by the field names of `CorrectiveAction.fields`.
    var actionOptions: [String: String?] {
        ["correction": caCorrection, "contained-on": caContainedOn, "root-cause-method": caRootCauseMethod,
         "root-cause": caRootCause, "extent": caExtent, "action": caAction, "owner": caOwner, "due": caDue, "implemented-on": caImplementedOn,
         "effectiveness-criteria": caEffectivenessCriteria, "effectiveness-due": caEffectivenessDue, "result": caResult,
         "verified-by": caVerifiedBy, "verified-on": caVerifiedOn, "aims-change": caAimsChange]
    }

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
        guard let key = ItemKey(item), keys.contains(item) else {
            throw usage("'\(item)' is not on the checklist of \(workpaper.audit.id)\(Suggest.hint(for: item, in: keys))")
        }
        let events = try makeEvents(workpaper, actor: actor)
        guard !events.isEmpty else { throw usage("nothing to record: give --grade, --note, --add-evidence or another change") }
        if let refusal = Recorder.validate(events, actor: actor, item: key, analysis: workpaper.analysis,
                                           programme: programme, state: workpaper.state) {
            Console.error("aimsaudit: refused (\(refusal.rule)): \(Self.words(refusal))")
            throw ExitCode(1)
        }
        let range = try fail { () throws(WorkpaperError) in try workpaper.append(events, actor: actor) }
        let what = events.map(\.summary).joined(separator: "; ")
        Console.out("recorded as \(actor), event\(range.count == 1 ? "" : "s") \(range.lowerBound == range.upperBound ? "\(range.lowerBound)" : "\(range.lowerBound)–\(range.upperBound)"): \(what)")
    }

    /// A refusal in the command line's words: the message, and the options that put it right.
    static func words(_ refusal: Refusal) -> String {
        refusal.needs.isEmpty ? refusal.message : "\(refusal.message) (\(refusal.needs.map(option).joined(separator: ", ")))"
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
        }
    }

    /// The events the options ask for. What the options give is checked by AuditCore's
    /// constructors; one they refuse is a usage error (64).
    func makeEvents(_ workpaper: WorkpaperFile, actor: String) throws -> [EventBody] {
        do {
            return try buildEvents(workpaper, actor: actor)
        } catch let refusal as Refusal {
            throw usage("refused (\(refusal.rule)): \(Self.words(refusal))")
        }
    }

    func buildEvents(_ workpaper: WorkpaperFile, actor: String) throws -> [EventBody] {
        let programme = workpaper.programme
        var events: [EventBody] = []
        if justify != nil || safeguard != nil {
            events.append(.justified(item: item, try Justification.make(auditor: actor, text: justify, safeguard: safeguard)))
        }
        if requirement != nil || evidenceText != nil || gap != nil {
            events.append(.statement(item: item, Statement(requirement: requirement, evidence: evidenceText, gap: gap)))
        }
        if let note { events.append(.noted(item: item, note: note)) }
        if let goodPractice { events.append(.goodPractice(item: item, text: goodPractice)) }
        var nextID = workpaper.state.nextEvidenceID
        for spec in addEvidence {
            var e = try parseEvidence(spec, id: nextID)
            if let path = e.file?.path { e.file = try cite(path, in: workpaper) }
            events.append(.evidenceAdded(e))
            nextID += 1
        }
        for spec in editEvidence {
            let (id, fields) = try evidenceTarget(spec, workpaper, allowed: ["type", "reference", "description", "from", "on"])
            var edit = EvidenceEdit()
            if let t = fields["type"] { edit.type = try evidenceType(t) }
            edit.reference = fields["reference"]
            edit.description = fields["description"]
            edit.obtainedFrom = fields["from"]
            edit.obtainedOn = fields["on"]
            try edit.check()
            guard !edit.isEmpty else { throw usage("--edit-evidence \(spec): say what changes, e.g. E\(id),description=TEXT") }
            events.append(.evidenceEdited(id: id, edit))
        }
        for spec in removeEvidence {
            let (id, fields) = try evidenceTarget(spec, workpaper, allowed: ["reason"])
            events.append(.evidenceRemoved(id: id, reason: fields["reason"]))
        }
        if let sample = try makeSample() { events.append(.sampled(item: item, sample)) }
        let change = try CorrectiveAction.change(from: workpaper.state.record(item).action ?? CorrectiveAction(),
                                                 setting: actionOptions.compactMapValues { $0 }, outcome: caOutcome,
                                                 item: item, programme: programme)
        if !change.isEmpty { events.append(.actionSet(item: item, change)) }
        if let grade {
            guard let g = Grade(rawValue: grade) else {
                throw usage("unknown grade '\(grade)'\(Suggest.hint(for: grade, in: Grade.allCases.map(\.rawValue))): one of \(Grade.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            events.append(.graded(item: item, grade: g))
        }
        return events
    }

    func evidenceType(_ text: String) throws -> EvidenceType {
        guard let t = EvidenceType(rawValue: text) else {
            throw usage("unknown evidence type '\(text)'\(Suggest.hint(for: text, in: EvidenceType.allCases.map(\.rawValue))): one of \(EvidenceType.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return t
    }

    /// Splits `HEAD,key=value,key=value` on the given keys only, so values may contain commas.
    func split(_ spec: String, keys: [String]) -> (head: String, fields: [String: String]) {
        var marks: [(Range<String.Index>, String)] = []
        for k in keys {
            var from = spec.startIndex
            while let r = spec.range(of: ",\(k)=", range: from..<spec.endIndex) {
                marks.append((r, k))
                from = r.upperBound
            }
        }
        marks.sort { $0.0.lowerBound < $1.0.lowerBound }
        let head = String(spec[..<(marks.first?.0.lowerBound ?? spec.endIndex)])
        var fields: [String: String] = [:]
        for (i, (r, k)) in marks.enumerated() {
            let end = i + 1 < marks.count ? marks[i + 1].0.lowerBound : spec.endIndex
            fields[k] = String(spec[r.upperBound..<end])
        }
        return (head, fields)
    }

    func parseEvidence(_ spec: String, id: Int) throws -> EvidenceReference {
        let (head, fields) = split(spec, keys: ["description", "file", "from", "on"])
        guard let eq = head.firstIndex(of: "=") else {
            throw usage("--add-evidence \(spec): write TYPE=REFERENCE, e.g. document=AIMS-PR-07 v3")
        }
        let type = try evidenceType(String(head[..<eq]))
        return try EvidenceReference.make(id: id, item: item, type: type, reference: String(head[head.index(after: eq)...]),
                                          description: fields["description"], obtainedFrom: fields["from"],
                                          obtainedOn: fields["on"], file: fields["file"])
    }

    /// Hashes a cited local file, in a stream, with progress on a terminal for large files.
    func cite(_ path: String, in workpaper: WorkpaperFile) throws -> CitedFile {
        var shown = false
        do {
            let file = try workpaper.cite(path) { done, size in
                guard size > 64 << 20, isatty(2) == 1, done % (32 << 20) == 0 || done == size else { return }
                FileHandle.standardError.write(Data("\rhashing \(path): \(done * 100 / max(size, 1))%".utf8))
                shown = true
            }
            if shown { FileHandle.standardError.write(Data("\n".utf8)) }
            return file
        } catch {
            switch error {
            case .missing: Console.error("aimsaudit: cannot cite \(path): no such file")
            case .unreadable(let why): Console.error("aimsaudit: cannot read \(path): \(why)")
            }
            throw ExitCode(66)
        }
    }

    func evidenceTarget(_ spec: String, _ workpaper: WorkpaperFile, allowed: [String]) throws -> (Int, [String: String]) {
        let (head, fields) = split(spec, keys: allowed)
        let digits = head.hasPrefix("E") || head.hasPrefix("e") ? String(head.dropFirst()) : head
        guard let id = Int(digits), let e = workpaper.state.evidence[id] else {
            throw usage("no evidence '\(head)' in \(workpaper.path); cite it as E1, E2 … (see list or export)")
        }
        guard e.item == item else { throw usage("\(e.label) is cited on \(e.item), not on \(item)") }
        guard !e.removed else { throw usage("\(e.label) was already removed") }
        return (id, fields)
    }

    func makeSample() throws -> Sample? {
        guard samplePopulation != nil || sampleSize != nil || sampleMethod != nil || sampleItems != nil else { return nil }
        let methodName = sampleMethod ?? (sampleItems != nil ? "judgemental" : "random")
        guard let method = SampleMethod(rawValue: methodName) else {
            throw usage("unknown sample method '\(methodName)': random, systematic or judgemental")
        }
        let chosen = sampleItems.map { $0.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) ?? 0 } }
        return try Sample.make(population: samplePopulation, size: sampleSize, method: method, seed: sampleSeed, chosen: chosen,
                               description: sampleDescription, reason: sampleReason)
    }
}

struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Re-walk the journal's hash chain, compare the state with it, re-hash cited files.",
        discussion: """
            Exit 1 names the first broken link, a state table that disagrees with the journal, or a cited file that changed or went missing. \
            --receipt prints the chain head (audit, events, hash, time) for the programme owner to keep; --against RECEIPT later proves \
            the workpaper was only appended to since. The chain cannot prove a laptop clock was right, nor catch a file rewritten \
            whole before any receipt was taken.
            """)

    @Argument(help: ArgumentHelp("The workpaper.", valueName: "FILE")) var file: String
    @Flag(help: "After verifying, print a receipt of the journal's head to hand to the programme owner.") var receipt = false
    @Option(help: ArgumentHelp("Also prove the journal was only appended to since this receipt.", valueName: "RECEIPT")) var against: String?

    func run() throws {
        let workpaper = try fail { () throws(WorkpaperError) in try WorkpaperFile.open(file, tolerant: true) }
        defer { workpaper.close() }
        let report = workpaper.verify()
        if let against {
            guard let text = try? String(contentsOfFile: against, encoding: .utf8) else {
                Console.error("aimsaudit: cannot read \(against)")
                throw ExitCode(66)
            }
            guard let old = Receipt(text) else {
                Console.error("\(against):1:1: not an aimsaudit receipt (made by `aimsaudit verify --receipt`)")
                throw ExitCode(65)
            }
            if let why = workpaper.mismatch(with: old) {
                Console.error("\(file): \(why)")
                throw ExitCode(1)
            }
        }
        if report.ok, receipt {
            Console.out(workpaper.receipt(report).description)
            return
        }
        if report.ok {
            if let against { Console.out("\(file): only appended to since the receipt \(against)") }
            Console.out("\(file): ok — \(report.events) event\(report.events == 1 ? "" : "s"), chain intact, head \(report.headHash.prefix(16)) (\(report.headTime)); "
                + "state agrees with the journal; \(report.filesChecked) cited file\(report.filesChecked == 1 ? "" : "s") unchanged")
            return
        }
        for p in report.problems { Console.error("\(file): \(p)") }
        throw ExitCode(1)
    }
}

struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write the audit report, or the management review input over several audits, as GitHub-flavoured Markdown.",
        discussion: """
            markdown (the default): the audit report of one workpaper. Follow-up statuses are judged on \
            --as-of, by default the day of the workpaper's last record, so the same workpaper always \
            gives the same bytes.
            review: the internal-audit inputs to management review (ISO/IEC 42001 9.3.2) over one or \
            more workpapers: results per audit and trend, open and overdue nonconformities and \
            corrective actions, coverage of the programme's cycle. The programme is the snapshot in \
            the latest workpaper unless --programme names the current file; the cycle starts at \
            --from, else the programme's settings.cycle_start, else the earliest audit's period. \
            --as-of defaults to today.
            Without -o the report goes to standard output.
            """)

    @Argument(help: ArgumentHelp("The workpaper (several for --format review).", valueName: "FILE")) var files: [String]
    @Option(name: .shortAndLong, help: ArgumentHelp("Write the report here (- for standard output; a link is followed, a FIFO or device written into).", valueName: "report.md")) var output: String?
    @Option(help: "Report format: markdown (one audit) or review (management review input).") var format: ReportFormat = .markdown
    @Option(name: .customLong("as-of"), help: ArgumentHelp("The day statuses are judged on.", valueName: "DATE")) var asOf: String?
    @Option(help: ArgumentHelp("review: the programme file for the cycle and history.", valueName: "PROGRAMME.yaml")) var programme: String?
    @Option(help: ArgumentHelp("review: first day of the cycle.", valueName: "DATE")) var from: String?
    @Option(help: "review: years in the cycle.") var years = 3

    enum ReportFormat: String, ExpressibleByArgument, CaseIterable { case markdown, review }

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("name a workpaper") }
        if format == .markdown, files.count > 1 { throw ValidationError("one workpaper per audit report; --format review takes several") }
        for (name, value) in [("--as-of", asOf), ("--from", from)] {
            if let value, Day(iso: value) == nil { throw ValidationError("\(name) must be a date, YYYY-MM-DD") }
        }
        guard (1...10).contains(years) else { throw ValidationError("--years must be 1 to 10") }
    }

    func run() throws {
        let day = asOf.flatMap(Day.init(iso:))
        let report: String
        switch format {
        case .markdown:
            let workpaper = try fail { () throws(WorkpaperError) in try WorkpaperFile.open(files[0]) }
            defer { workpaper.close() }
            report = try fail { () throws(WorkpaperError) in try MarkdownReport(workpaper: workpaper, asOf: day) }.render()
        case .review:
            var audits: [ReviewedAudit] = []
            var snapshot: (Day, Programme)?
            for path in files {
                let w = try fail { () throws(WorkpaperError) in try WorkpaperFile.open(path) }
                defer { w.close() }
                audits.append(ReviewedAudit(workpaper: URL(fileURLWithPath: path).lastPathComponent, analysis: w.analysis,
                                            state: w.state, head: w.head.hash))
                if snapshot.map({ $0.0 <= w.audit.fieldwork.to }) ?? true { snapshot = (w.audit.fieldwork.to, w.programme) }
            }
            let current = try programme.map(ProgrammeOptions.programme(at:)) ?? snapshot!.1
            let start = from.flatMap(Day.init(iso:)) ?? current.settings.cycleStart ?? audits.map(\.analysis.audit.period.from).min()!
            report = ReviewReport(programme: current, audits: audits, cycleFrom: start, years: years, asOf: day ?? Day.today()).render()
        }
        guard let output else { Console.out(report); return }
        try fail { () throws(WorkpaperError) in try AtomicFile.write(Data(report.utf8), to: output) }
        if output != "-" { Console.error("wrote \(output)") }
    }
}
