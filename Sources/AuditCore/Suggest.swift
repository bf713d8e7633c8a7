import DidYouMean

/// "Did you mean" help, as the rest of the tool names it (the terminal's themes use it too,
/// without AuditCore).
public typealias Suggest = DidYouMean.Suggest
