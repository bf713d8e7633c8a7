// libFuzzer harness: the theme loader. Any text must either load or be refused with messages that
// each start `fuzz-theme.yaml:LINE:COL: `; never a crash or a hang.
import TerminalKit
#if canImport(Glibc)
import Glibc
#endif

let strict = getenv("FUZZ_STRICT").map { !["", "0"].contains(String(cString: $0)) } ?? false

let path = "fuzz-theme.yaml"

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    // As `Theme.load` reads a file: lossy UTF-8.
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    do throws(Theme.LoadError) {
        let theme = try Theme.parse(text, path: path)
        for role in Role.allCases {
            for colors in [0, 8, 256] { _ = theme.look(role, emphasis: true, selected: true, colors: colors) }
        }
    } catch {
        guard !error.messages.isEmpty else { fatalError("theme error with no message") }
        let maxLine = 1 + text.unicodeScalars.reduce(0) { n, u in
            n + ([0x0A, 0x0D, 0x85, 0x2028, 0x2029].contains(u.value) ? 1 : 0)
        }
        for m in error.messages {
            let parts = m.split(separator: ":", maxSplits: 3, omittingEmptySubsequences: false)
            guard parts.count == 4, parts[0] == path, let line = Int(parts[1]), let column = Int(parts[2]),
                  line >= 1, line <= maxLine, column >= 1, parts[3].hasPrefix(" ")
            else { fatalError("unlocated theme error: \(String(reflecting: m))") }
            // Known (findings/theme-yaml-error-at-1-1.yaml): a YAML syntax error is one message
            // located at 1:1 that goes on over further lines (Yams's own mark and the source line).
            // Only reported with FUZZ_STRICT.
            if strict, m.contains("\n") { fatalError("theme error spans lines: \(String(reflecting: m))") }
        }
    }
    return 0
}
