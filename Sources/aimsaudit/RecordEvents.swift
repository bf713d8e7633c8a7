import ArgumentParser
import AuditCore
import Foundation
import Workpaper
import ConsoleSupport

/// The events `record` makes of its options: statements, evidence, samples, the corrective action.
extension AimsAudit.Record {
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
            events.append(.evidenceAdded(try parseEvidence(spec, id: nextID)))
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
        let sample = try makeSample(workpaper)
        if let sample { events.append(.sampled(item: item, sample)) }
        if !sampleResult.isEmpty {
            let tested = sample ?? workpaper.state.record(item).sample
            var results: [SampleResult] = []
            for spec in sampleResult { results += try SampleResult.parse(spec, sample: tested, given: results) }
            events.append(.sampleTested(item: item, results))
        }
        if let disagree { events.append(.disagreed(item: item, text: disagree)) }
        let change = try CorrectiveAction.change(from: workpaper.state.record(item).action ?? CorrectiveAction(),
                                                 setting: action.values, outcome: action.outcome,
                                                 item: item, roster: programme.roster)
        if !change.isEmpty { events.append(.actionSet(item: item, change)) }
        events += try approvals(workpaper, actor: actor)
        if let grade {
            guard let g = Grade(rawValue: grade) else {
                throw usage("unknown grade '\(grade)'\(Suggest.hint(for: grade, in: Grade.allCases.map(\.rawValue))): one of \(Grade.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            events.append(.graded(item: item, grade: g))
        }
        return events
    }

    /// `--approve PERSON`: the approval of their justification as it reads (AuditCore judges it).
    func approvals(_ workpaper: WorkpaperFile, actor: String) throws -> [EventBody] {
        try approve.map { person in
            guard workpaper.programme.person(person) != nil else {
                throw usage("unknown person '\(person)' in --approve\(Suggest.hint(for: person, in: workpaper.programme.people.map(\.id)))")
            }
            let approval = workpaper.state.record(item).justifications[person].map { Approval(of: $0, by: actor) }
                ?? Approval(auditor: person, approver: actor, text: "", safeguard: nil)
            return .approved(item: item, approval)
        }
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

    func attachFile(_ path: String, in workpaper: WorkpaperFile) throws -> (CitedFile, Data) {
        do { return try workpaper.attach(path) } catch {
            switch error {
            case .missing: Console.error("aimsaudit: cannot cite \(path): no such file")
            case .unreadable(let why): Console.error("aimsaudit: cannot attach \(path): \(why)")
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

    func makeSample(_ workpaper: WorkpaperFile) throws -> Sample? {
        guard samplePopulation != nil || sampleSize != nil || sampleMethod != nil || sampleItems != nil || sampleSizeReason != nil else { return nil }
        let methodName = sampleMethod ?? (sampleItems != nil ? "judgemental" : "random")
        guard let method = SampleMethod(rawValue: methodName) else {
            throw usage("unknown sample method '\(methodName)': random, systematic or judgemental")
        }
        let chosen = sampleItems.map(Sample.items(from:))
        return try Sample.make(population: samplePopulation, size: sampleSize, method: method, seed: sampleSeed, chosen: chosen,
                               description: sampleDescription, reason: sampleReason,
                               for: workpaper.analysis.checklist.first { $0.key.description == item }, sizeReason: sampleSizeReason)
    }
}
