import BuiltinThemes
import DidYouMean
import Foundation
import SafeYAML
import Yams

/// A terminal colour: the terminal's default, or one of 256 indexed colours (0–15 are the named ones).
public enum Color: Hashable, Sendable {
    case terminalDefault
    case indexed(Int)

    static let names = ["black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"]

    static func parse(_ text: String) -> Color? {
        if text == "default" { return .terminalDefault }
        if let n = Int(text), (0...255).contains(n) { return .indexed(n) }
        if let i = names.firstIndex(of: text) { return .indexed(i) }
        if text.hasPrefix("bright-"), let i = names.firstIndex(of: String(text.dropFirst(7))) { return .indexed(i + 8) }
        return nil
    }

    static var allNames: [String] { ["default"] + names + names.map { "bright-" + $0 } }
}

public struct Style: Hashable, Sendable {
    public var fg: Color = .terminalDefault
    public var bg: Color = .terminalDefault
    public var bold = false, dim = false, underline = false, reverse = false
    public init() {}
}

/// Maps every role to a style. Loaded from YAML (`Themes/*.yaml` built in, or a file).
public struct Theme: Hashable, Sendable {
    public var name: String
    public var styles: [Role: Style]
    /// How each role looks where the terminal has only the 8 basic colours (a style's `fallback:`);
    /// a role without one gets its colours' nearest of the 8.
    public var basic: [Role: Style] = [:]

    public func style(_ role: Role) -> Style { styles[role] ?? styles[.normal] ?? Style() }

    public struct LoadError: Error, CustomStringConvertible {
        public var messages: [String]
        public var description: String { messages.joined(separator: "\n") }
    }

    public static var builtInNames: [String] { BuiltinThemes.sources.keys.sorted() }

    /// A built-in theme by name, or a theme file by path.
    public static func load(_ nameOrPath: String) throws(LoadError) -> Theme {
        if let bytes = BuiltinThemes.sources[nameOrPath] {
            return try parse(String(decoding: bytes, as: UTF8.self), path: "\(nameOrPath).yaml")
        }
        guard nameOrPath.contains("/") || nameOrPath.hasSuffix(".yaml") || nameOrPath.hasSuffix(".yml") else {
            throw LoadError(messages: ["aimsaudit: unknown theme '\(nameOrPath)'\(Suggest.hint(for: nameOrPath, in: builtInNames)); built in: \(builtInNames.joined(separator: ", ")), or give a path to a YAML file"])
        }
        guard let data = FileManager.default.contents(atPath: nameOrPath) else {
            throw LoadError(messages: ["aimsaudit: cannot read theme \(nameOrPath)"])
        }
        return try parse(String(decoding: data, as: UTF8.self), path: nameOrPath)
    }

    public static func parse(_ text: String, path: String) throws(LoadError) -> Theme {
        var errors: [String] = []
        func at(_ node: Node?, _ message: String) {
            let m = node?.mark
            errors.append("\(path):\(m?.line ?? 1):\(m?.column ?? 1): \(message)")
        }
        let root: Node?
        do { root = try SafeYAML.compose(Array(text.utf8)).root } catch {
            throw LoadError(messages: ["\(path):\(error.line):\(error.column): \(error.message)"])
        }
        guard let root, let top = root.mapping else { throw LoadError(messages: ["\(path):1:1: a theme is a mapping with `name` and `roles`"]) }
        var theme = Theme(name: top["name"]?.scalar?.string ?? path, styles: [:])
        for (k, _) in top where !["name", "roles"].contains(k.scalar?.string ?? "") {
            at(k, "unknown key '\(k.scalar?.string ?? "?")' in a theme: expected name and roles")
        }
        guard let roles = top["roles"]?.mapping else {
            at(top["roles"] ?? root, "a theme needs `roles:`, a mapping from role to style")
            throw LoadError(messages: errors)
        }
        let roleNames = Role.allCases.map(\.rawValue)
        /// A style's fields; `basic`: a fallback, which names only what 8-colour terminals have.
        func parseStyle(_ v: Node, _ role: Role, _ name: String, basic: Bool) -> Style {
            var style = Style()
            let what = basic ? "the fallback of \(name)" : name
            guard let fields = v.mapping else { at(v, "the style of \(what) must be a mapping such as {fg: cyan, bold: true}"); return style }
            for (fk, fv) in fields {
                let key = fk.scalar?.string ?? ""
                let value = fv.scalar?.string ?? ""
                switch key {
                case "fg", "bg":
                    guard let c = Color.parse(value) else {
                        at(fv, "unknown colour '\(value)' for \(key) of \(what)\(Suggest.hint(for: value, in: Color.allNames)): use a name (\(Color.allNames.joined(separator: ", "))) or 0-255")
                        continue
                    }
                    if basic, case .indexed(let n) = c, n > 7 {
                        at(fv, "'\(value)' in the fallback of \(name): a fallback is for terminals with 8 colours; use default, \(Color.names.joined(separator: ", ")) or 0-7")
                        continue
                    }
                    if key == "fg" { style.fg = c } else { style.bg = c }
                case "bold", "dim", "underline", "reverse":
                    guard value == "true" || value == "false" else { at(fv, "\(key) of \(what) must be true or false"); continue }
                    let on = value == "true"
                    switch key {
                    case "bold": style.bold = on
                    case "dim": style.dim = on
                    case "underline": style.underline = on
                    default: style.reverse = on
                    }
                case "fallback" where !basic:
                    theme.basic[role] = parseStyle(fv, role, name, basic: true)
                default:
                    at(fk, "unknown style key '\(key)' for \(what): use fg, bg, bold, dim, underline, reverse\(basic ? "" : ", fallback")")
                }
            }
            return style
        }
        for (k, v) in roles {
            let name = k.scalar?.string ?? ""
            guard let role = Role(rawValue: name) ?? Role.allCases.first(where: { "\($0)" == name }) else {
                at(k, "unknown role '\(name)'\(Suggest.hint(for: name, in: roleNames)): roles are \(roleNames.joined(separator: ", "))")
                continue
            }
            theme.styles[role] = parseStyle(v, role, name, basic: false)
        }
        guard errors.isEmpty else { throw LoadError(messages: errors) }
        return theme
    }
}
