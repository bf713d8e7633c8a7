import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Parses Markdown with the real cmark-gfm (table extension on) and reads back its XML tree.
enum CMark {
    static func xml(_ markdown: String) throws -> XMLDocument {
        try XMLDocument(data: run(markdown, to: "xml"), options: [])
    }

    /// The HTML cmark-gfm makes of the Markdown, as a browser would be given it; `unsafe`: with
    /// the Markdown's own HTML kept (as GitHub keeps a `<br>` in a table cell).
    static func html(_ markdown: String, unsafe: Bool = false) throws -> String {
        String(decoding: try run(markdown, to: "html", options: unsafe ? ["--unsafe"] : []), as: UTF8.self)
    }

    static func run(_ markdown: String, to format: String, options: [String] = []) throws -> Data {
        // A cmark-gfm that cannot start closes the pipe: the write must fail, not kill the test run.
        signal(SIGPIPE, SIG_IGN)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["cmark-gfm", "-e", "table", "-e", "autolink", "-e", "strikethrough", "--to", format] + options
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        let writer = Thread {
            input.fileHandleForWriting.write(Data(markdown.utf8))
            try? input.fileHandleForWriting.close()
        }
        writer.start()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw CocoaError(.executableLoad, userInfo: [NSLocalizedDescriptionKey: "cmark-gfm failed (is it installed?)"])
        }
        return data
    }

    /// The text a reader sees in a node: text and code, line breaks as "\n", soft breaks as " ",
    /// and raw HTML verbatim (so a test can tell it apart).
    static func text(_ node: XMLNode) -> String {
        guard let element = node as? XMLElement else { return node.kind == .text ? (node.stringValue ?? "") : "" }
        switch element.name {
        case "text", "code", "html_inline": return element.stringValue ?? ""
        case "linebreak": return "\n"
        case "softbreak": return " "
        default: return (element.children ?? []).map(text).joined()
        }
    }

    static func elements(_ doc: XMLDocument, _ name: String) throws -> [XMLElement] {
        try doc.nodes(forXPath: "//*[local-name()='\(name)']").compactMap { $0 as? XMLElement }
    }
}
