import Foundation
import Workpaper

/// The user's editor for long text: `$VISUAL`, then `$EDITOR`, then `vi`, each a command line
/// split into words as a shell splits them (`EDITOR="code --wait"`), the file's path added last.
public enum ExternalEditor {
    /// The words of a command line as a POSIX shell splits them: blanks separate words, single
    /// quotes keep everything, double quotes keep everything but `\"` `\\` `\$` and `` \` ``, a
    /// backslash outside quotes keeps the next character. Nothing is expanded. Nil when a quote
    /// is left open or the line ends in a lone backslash.
    public static func words(_ line: String) -> [String]? {
        var words: [String] = []
        var word = "", inWord = false
        var chars = line.makeIterator()
        while let c = chars.next() {
            switch c {
            case " ", "\t", "\n":
                if inWord { words.append(word); word = ""; inWord = false }
            case "'":
                inWord = true
                while true {
                    guard let q = chars.next() else { return nil }
                    if q == "'" { break }
                    word.append(q)
                }
            case "\"":
                inWord = true
                while true {
                    guard let q = chars.next() else { return nil }
                    if q == "\"" { break }
                    if q == "\\" {
                        guard let next = chars.next() else { return nil }
                        if next == "\n" { continue }
                        if !"\"\\$`".contains(next) { word.append("\\") }
                        word.append(next)
                    } else {
                        word.append(q)
                    }
                }
            case "\\":
                guard let next = chars.next() else { return nil }
                if next == "\n" { continue }
                inWord = true
                word.append(next)
            default:
                inWord = true
                word.append(c)
            }
        }
        if inWord { words.append(word) }
        return words
    }

    /// The editor's command and where it came from, or why none can be used.
    public static func command(_ environment: [String: String]) -> Result<(words: [String], from: String), Refusal> {
        for name in ["VISUAL", "EDITOR"] {
            guard let line = environment[name], !line.allSatisfy(\.isWhitespace) else { continue }
            guard let words = words(line) else { return .failure(Refusal(message: "$\(name) has a quote that is not closed: \(line)")) }
            return .success((words, "$\(name)"))
        }
        return .success((["vi"], "vi"))
    }

    public struct Refusal: Error, Equatable {
        public var message: String
    }

    /// A new file only this user can read, in the temporary folder, holding the text; its name
    /// says what is being edited (`aimsaudit-9.2.1-note-Xy3kQ1.txt`) and no one could have
    /// guessed it beforehand (mkstemps).
    static func temporaryFile(item: String, field: String, text: String) -> String? {
        let safe = { (s: String) in String(s.map { $0.isASCII && ($0.isLetter || $0.isNumber || "._@-".contains($0)) ? $0 : "_" }) }
        let folder = NSTemporaryDirectory().hasSuffix("/") ? NSTemporaryDirectory() : NSTemporaryDirectory() + "/"
        var template = Array("\(folder)aimsaudit-\(safe(item))-\(safe(field.lowercased()))-XXXXXX.txt".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemps($0.baseAddress!, 4) }
        guard fd >= 0 else { return nil }
        let path = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        // The editor gets text as editors write it: lines that end in a newline.
        let written = AtomicFile.writeAll(Data((text.isEmpty ? "" : text + "\n").utf8), fd: fd)
        guard close(fd) == 0, written else { unlink(path); return nil }
        return path
    }
}
