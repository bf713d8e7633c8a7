import AuditCore
import Foundation

/// Turns events into the journal's `type` and canonical JSON payload (sorted keys, no spaces) and back.
public enum EventCodec {
    private struct Graded: Codable { var item: String; var grade: Grade }
    private struct StatementPayload: Codable { var item: String; var requirement, evidence, gap: String? }
    private struct Noted: Codable { var item: String; var note: String }
    private struct GoodPractice: Codable { var item: String; var text: String }
    private struct Edited: Codable { var id: Int; var edit: EvidenceEdit }
    private struct Removed: Codable { var id: Int; var reason: String? }
    private struct Justified: Codable { var item: String; var justification: Justification }
    private struct Sampled: Codable { var item: String; var sample: Sample }
    private struct SampleTested: Codable { var item: String; var results: [SampleResult] }
    private struct ActionSet: Codable { var item: String; var action: CorrectiveAction }
    private struct Carried: Codable { var item: String; var finding: CarriedFinding }
    private struct Responded: Codable { var item: String; var response: AuditeeResponse }
    private struct Reviewed: Codable { var item: String; var review: Review }
    private struct Deferred: Codable { var item: String; var deferral: Deferral }
    private struct Reasoned: Codable { var item: String; var text: String; var answers: [Exception] }
    private struct Disagreed: Codable { var item: String; var text: String }
    private struct Approved: Codable { var item: String; var approval: Approval }

    static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return e
    }()

    public static func payload(_ event: EventBody) -> String {
        func json<T: Encodable>(_ value: T) -> String {
            // Encoding these plain value types cannot fail.
            String(decoding: (try? encoder.encode(value)) ?? Data("{}".utf8), as: UTF8.self)
        }
        switch event {
        case .created(let c): return json(c)
        case let .graded(item, grade): return json(Graded(item: item, grade: grade))
        case let .statement(item, s):
            return json(StatementPayload(item: item, requirement: s.requirement, evidence: s.evidence, gap: s.gap))
        case let .noted(item, note): return json(Noted(item: item, note: note))
        case let .goodPractice(item, text): return json(GoodPractice(item: item, text: text))
        case .evidenceAdded(let e): return json(e)
        case let .evidenceEdited(id, edit): return json(Edited(id: id, edit: edit))
        case let .evidenceRemoved(id, reason): return json(Removed(id: id, reason: reason))
        case let .justified(item, j): return json(Justified(item: item, justification: j))
        case let .sampled(item, s): return json(Sampled(item: item, sample: s))
        case let .sampleTested(item, results): return json(SampleTested(item: item, results: results))
        case let .actionSet(item, a): return json(ActionSet(item: item, action: a))
        case let .carried(item, c): return json(Carried(item: item, finding: c))
        case .meeting(let m): return json(m)
        case let .responded(item, r): return json(Responded(item: item, response: r))
        case let .reviewed(item, r): return json(Reviewed(item: item, review: r))
        case let .deferred(item, d): return json(Deferred(item: item, deferral: d))
        case .concluded(let c): return json(c)
        case .approvedReport(let a): return json(a)
        case let .reasoned(item, r): return json(Reasoned(item: item, text: r.text, answers: r.answers))
        case let .disagreed(item, text): return json(Disagreed(item: item, text: text))
        case let .approved(item, a): return json(Approved(item: item, approval: a))
        }
    }

    public enum DecodeError: Error, CustomStringConvertible {
        case unknownType(String), badPayload(String, String)
        public var description: String {
            switch self {
            case .unknownType(let t): "unknown event type '\(t)'"
            case let .badPayload(t, why): "unreadable payload of a \(t) event: \(why)"
            }
        }
    }

    /// One decoder for every event (making one per event took a tenth of reading a long journal).
    static let decoder = JSONDecoder()

    public static func decode(type: String, payload: String) throws(DecodeError) -> EventBody {
        let data = Data(payload.utf8)
        func read<T: Decodable>(_: T.Type) throws(DecodeError) -> T {
            do { return try decoder.decode(T.self, from: data) } catch { throw .badPayload(type, "\(error)") }
        }
        guard let kind = EventBody.Kind(rawValue: type) else { throw .unknownType(type) }
        switch kind {
        case .created: return .created(try read(EventBody.Created.self))
        case .graded: let p = try read(Graded.self); return .graded(item: p.item, grade: p.grade)
        case .statement:
            let p = try read(StatementPayload.self)
            return .statement(item: p.item, Statement(requirement: p.requirement, evidence: p.evidence, gap: p.gap))
        case .noted: let p = try read(Noted.self); return .noted(item: p.item, note: p.note)
        case .goodPractice: let p = try read(GoodPractice.self); return .goodPractice(item: p.item, text: p.text)
        case .evidenceAdded: return .evidenceAdded(try read(EvidenceReference.self))
        case .evidenceEdited: let p = try read(Edited.self); return .evidenceEdited(id: p.id, p.edit)
        case .evidenceRemoved: let p = try read(Removed.self); return .evidenceRemoved(id: p.id, reason: p.reason)
        case .justified: let p = try read(Justified.self); return .justified(item: p.item, p.justification)
        case .sampled: let p = try read(Sampled.self); return .sampled(item: p.item, p.sample)
        case .sampleTested: let p = try read(SampleTested.self); return .sampleTested(item: p.item, p.results)
        case .actionSet: let p = try read(ActionSet.self); return .actionSet(item: p.item, p.action)
        case .carried: let p = try read(Carried.self); return .carried(item: p.item, p.finding)
        case .meeting: return .meeting(try read(Meeting.self))
        case .responded: let p = try read(Responded.self); return .responded(item: p.item, p.response)
        case .reviewed: let p = try read(Reviewed.self); return .reviewed(item: p.item, p.review)
        case .deferred: let p = try read(Deferred.self); return .deferred(item: p.item, p.deferral)
        case .concluded: return .concluded(try read(Conclusion.self))
        case .approvedReport: return .approvedReport(try read(ReportApproval.self))
        case .reasoned: let p = try read(Reasoned.self); return .reasoned(item: p.item, Reason(text: p.text, answers: p.answers))
        case .disagreed: let p = try read(Disagreed.self); return .disagreed(item: p.item, text: p.text)
        case .approved: let p = try read(Approved.self); return .approved(item: p.item, p.approval)
        }
    }
}
