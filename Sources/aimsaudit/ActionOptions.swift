import ArgumentParser
import AuditCore

/// The `--ca-NAME` options of `record`, one for each field of `CorrectiveAction.fields` (NAME is
/// the field's name; ArgumentParser spells the property `caRootCause` as `--ca-root-cause`), and
/// `--ca-outcome`. Each sets one field and leaves the others; an empty value clears it.
struct ActionOptions: ParsableArguments {
    @Option(help: "Corrective action, 10.2 step 1: the correction and containment.")
    var caCorrection: String?
    @Option(help: "Corrective action: when it was contained (YYYY-MM-DD).")
    var caContainedOn: String?
    @Option(help: "Corrective action, step 2: how causes were found (5 whys, fishbone…).")
    var caRootCauseMethod: String?
    @Option(help: "Corrective action: the root cause(s).")
    var caRootCause: String?
    @Option(help: "Corrective action: where else it could happen, and what was found.")
    var caExtent: String?
    @Option(help: "Corrective action, step 3: the action that removes the causes.")
    var caAction: String?
    @Option(help: "Corrective action: who owns it (a person id).")
    var caOwner: String?
    @Option(help: "Corrective action: due date (YYYY-MM-DD).")
    var caDue: String?
    @Option(help: "Corrective action: when it was done (YYYY-MM-DD); it then awaits its effectiveness check.")
    var caImplementedOn: String?
    @Option(help: "Corrective action, step 4: how effectiveness will be judged.")
    var caEffectivenessCriteria: String?
    @Option(help: "Corrective action: when effectiveness is checked (YYYY-MM-DD).")
    var caEffectivenessDue: String?
    @Option(help: "Corrective action: what the effectiveness check found.")
    var caResult: String?
    @Option(help: "Corrective action: effective or not-effective (empty takes it back).")
    var caOutcome: String?
    @Option(help: "Corrective action: who verified it (never its owner; independent of the item).")
    var caVerifiedBy: String?
    @Option(help: "Corrective action: when it was verified (YYYY-MM-DD).")
    var caVerifiedOn: String?
    @Option(help: "Corrective action, step 5: the change to the management system (a procedure id, a version).")
    var caAimsChange: String?

    /// The fields given, by their names in `CorrectiveAction.fields`.
    var values: [String: String] {
        var given: [String: String] = [:]
        for child in Mirror(reflecting: self).children {
            guard let label = child.label, let option = child.value as? Option<String?>,
                  let value = option.wrappedValue else { continue }
            given[Self.fieldName(label)] = value
        }
        var values: [String: String] = [:]
        for field in CorrectiveAction.fields { values[field.name] = given[field.name] }
        return values
    }

    /// The field an option's property stands for: `_caRootCause` → `root-cause`.
    static func fieldName(_ property: String) -> String {
        var name = ""
        for c in property.drop(while: { $0 == "_" }).dropFirst(2) {
            if c.isUppercase, !name.isEmpty { name += "-" }
            name += c.lowercased()
        }
        return name
    }

    /// `--ca-outcome`: effective or not-effective, or empty to take it back.
    var outcome: String? { caOutcome }
}
