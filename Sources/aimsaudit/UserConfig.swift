import AuditCore
import Foundation
import SafeYAML
import Yams

/// The user's own settings: `$XDG_CONFIG_HOME/aimsaudit/config.yaml` (default `~/.config`), a
/// YAML mapping. Today it holds one key, `auditor:`, who opens the screen when neither `--as` nor
/// `$AIMSAUDIT_AUDITOR` says. A file that cannot be read is left aside with a located warning.
struct UserConfig {
    var auditor: String?
    /// What is wrong with the file, as `PATH:LINE:COLUMN: message`.
    var warning: String?

    static let keys = ["auditor"]

    static var path: String {
        let env = ProcessInfo.processInfo.environment
        let base = env["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? (NSHomeDirectory() + "/.config")
        return base + "/aimsaudit/config.yaml"
    }

    /// The user's config file; none at all is no settings, and no warning.
    static func load() -> UserConfig {
        let path = path
        guard FileManager.default.fileExists(atPath: path) else { return UserConfig() }
        guard let data = FileManager.default.contents(atPath: path) else {
            return UserConfig(warning: "\(path): cannot be read; it is left aside")
        }
        return parse(Array(data), path: path)
    }

    static func parse(_ bytes: [UInt8], path: String) -> UserConfig {
        func warning(_ node: Node?, _ message: String) -> String {
            "\(path):\(node?.mark?.line ?? 1):\(node?.mark?.column ?? 1): \(message)"
        }
        let root: Node?
        do { root = try SafeYAML.compose(bytes).root } catch {
            return UserConfig(warning: "\(path):\(error.line):\(error.column): \(error.message); the file is left aside")
        }
        guard let root else { return UserConfig() }
        guard let top = root.mapping else {
            return UserConfig(warning: warning(root, "the config file is a mapping of keys, such as `auditor: amara`; the file is left aside"))
        }
        var config = UserConfig()
        var problems: [String] = []
        for (key, value) in top {
            let name = key.scalar?.string ?? ""
            guard name == "auditor" else {
                problems.append(warning(key, "unknown key '\(name)'\(Suggest.hint(for: name, in: keys)): the config file knows \(keys.joined(separator: ", "))"))
                continue
            }
            guard let scalar = value.scalar else {
                problems.append(warning(value, "auditor: is a person id, such as `auditor: amara`"))
                continue
            }
            if !["", "~", "null"].contains(scalar.string) { config.auditor = scalar.string }
        }
        config.warning = problems.first.map { problems.count == 1 ? $0 : "\($0) (and \(problems.count - 1) more)" }
        return config
    }
}
