import Foundation

/// A JSON document built in the order it is written: keys stay where the export puts them,
/// `null` is written where a field has no value, and the same value always gives the same bytes.
public indirect enum JSONValue {
    case null
    case bool(Bool)
    case int(Int)
    case number(Double)
    case string(String)
    case array([JSONValue])
    /// An array whose elements are made one at a time as they are written, so a long list (the
    /// journal, the evidence) is never held whole beside its text.
    case elements(count: Int, element: (Int) -> JSONValue)
    case object([Field])

    public struct Field {
        public var key: String
        public var value: JSONValue
        public init(_ key: String, _ value: JSONValue) { self.key = key; self.value = value }
    }

    /// An object of the fields given a value; those given nil are left out (OSCAL leaves out what
    /// it does not know, where the audit JSON writes `null`).
    public static func fields(_ pairs: [(String, JSONValue?)]) -> JSONValue {
        .object(pairs.compactMap { key, value in value.map { Field(key, $0) } })
    }

    public static func string(_ s: String?) -> JSONValue { s.map(JSONValue.string) ?? .null }
    public static func strings(_ list: [String]) -> JSONValue { .array(list.map(JSONValue.string)) }
    /// `elements` over a list, each made by `element` when written.
    public static func each<T>(_ list: [T], _ element: @escaping (T) -> JSONValue) -> JSONValue {
        .elements(count: list.count) { element(list[$0]) }
    }

    /// UTF-8, two spaces of indent per level, a newline at the end.
    public func data() -> Data {
        var out = Data()
        write(to: &out, indent: 0)
        out.append(0x0A)
        return out
    }

    public func rendered() -> String { String(decoding: data(), as: UTF8.self) }

    func write(to out: inout Data, indent: Int) {
        switch self {
        case .null: Self.append("null", to: &out)
        case .bool(let b): Self.append(b ? "true" : "false", to: &out)
        case .int(let n): Self.append(String(n), to: &out)
        case .number(let x): Self.append(Self.numberText(x), to: &out)
        case .string(let s): Self.quote(s, into: &out)
        case .array(let values): Self.list(values.count, into: &out, indent: indent) { values[$0] }
        case let .elements(count, element): Self.list(count, into: &out, indent: indent, element)
        case .object(let fields):
            guard !fields.isEmpty else { Self.append("{}", to: &out); return }
            out.append(UInt8(ascii: "{"))
            for (i, f) in fields.enumerated() {
                Self.newline(comma: i > 0, indent: indent + 2, into: &out)
                Self.quote(f.key, into: &out)
                Self.append(": ", to: &out)
                f.value.write(to: &out, indent: indent + 2)
            }
            Self.newline(comma: false, indent: indent, into: &out)
            out.append(UInt8(ascii: "}"))
        }
    }

    static func list(_ count: Int, into out: inout Data, indent: Int, _ element: (Int) -> JSONValue) {
        guard count > 0 else { append("[]", to: &out); return }
        out.append(UInt8(ascii: "["))
        for i in 0..<count {
            newline(comma: i > 0, indent: indent + 2, into: &out)
            element(i).write(to: &out, indent: indent + 2)
        }
        newline(comma: false, indent: indent, into: &out)
        out.append(UInt8(ascii: "]"))
    }

    static func newline(comma: Bool, indent: Int, into out: inout Data) {
        if comma { out.append(UInt8(ascii: ",")) }
        out.append(0x0A)
        out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: indent))
    }

    static func append(_ s: String, to out: inout Data) {
        var s = s
        s.withUTF8 { out.append($0) }
    }

    /// A whole number without a decimal point (55), any other in the shortest form that reads back the same (62.5).
    static func numberText(_ x: Double) -> String {
        guard x.isFinite else { return "null" }
        if x == x.rounded(), abs(x) < 1e15 { return String(Int(x)) }
        return "\(x)"
    }

    static func quote(_ s: String, into out: inout Data) {
        out.append(UInt8(ascii: "\""))
        // Most text needs no escape: copied whole.
        if !s.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C || $0 == 0x7F }) {
            append(s, to: &out)
            out.append(UInt8(ascii: "\""))
            return
        }
        var escaped = ""
        for u in s.unicodeScalars {
            switch u {
            case "\"": escaped += "\\\""
            case "\\": escaped += "\\\\"
            case "\n": escaped += "\\n"
            case "\r": escaped += "\\r"
            case "\t": escaped += "\\t"
            case _ where u.value < 0x20 || u.value == 0x7F:
                let hex = String(u.value, radix: 16)
                escaped += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: escaped.unicodeScalars.append(u)
            }
        }
        append(escaped, to: &out)
        out.append(UInt8(ascii: "\""))
    }
}
