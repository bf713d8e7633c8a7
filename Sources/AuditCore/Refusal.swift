/// Why a record was refused: the rule, what is wrong, and what to give to put it right. The
/// message speaks of the audit, never of a front end's controls; each front end names its own
/// control for every input in `needs` (the command line its options, the screen its fields).
public struct Refusal: Error, Hashable, Sendable, CustomStringConvertible {
    public var rule: String
    public var message: String
    /// What to give (or correct) to put it right, in the order it is best given.
    public var needs: [RecordInput]
    /// True when a reason given with the record lets it through (`Recorder.withReason`): a change
    /// to another auditor's result, a date outside the audit's, an early verification.
    public var reasonAllowed = false
    public init(rule: String, _ message: String, needs: [RecordInput] = []) {
        self.rule = rule; self.message = message; self.needs = needs
    }
    public var description: String { "\(rule): \(message)" }
}

/// One thing an auditor gives when recording on an item.
public enum RecordInput: Hashable, Sendable {
    case grade
    case requirement, evidence, gap
    case note, goodPractice
    /// An evidence reference cited on the item.
    case evidenceReference
    case justification, safeguard
    case sample(SampleInput)
    /// A field of the corrective action, by its name in `CorrectiveAction.fields`, or "outcome".
    case action(String)
    /// One of the audit's record beyond findings (a meeting, a response, a review, the
    /// conclusion, the approval), by the name `record` gives its option: `meeting-date`.
    case other(String)

    public enum SampleInput: String, Hashable, Sendable, CaseIterable {
        case population, size, method, seed, items, description, reason
        /// The reason for the sample's size, and what each sampled occurrence showed.
        case sizeReason = "size-reason", results = "result"
    }
}
