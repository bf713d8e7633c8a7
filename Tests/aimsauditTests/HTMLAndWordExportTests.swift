import Foundation
import Testing

/// Programs the tests use beside aimsaudit that a machine may lack. Outside CI a test that needs
/// one skips, saying which; under CI (`CI=true`, where .ci/run installs them) it always runs.
enum Tools {
    static let ci = ProcessInfo.processInfo.environment["CI"] == "true"

    /// The first of `names` on the PATH.
    static func find(_ names: String...) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for name in names {
            for dir in path.split(separator: ":") where FileManager.default.isExecutableFile(atPath: "\(dir)/\(name)") {
                return "\(dir)/\(name)"
            }
        }
        return nil
    }

    static let chromium = find("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
    static let pandoc = find("pandoc")
}

/// The audit report as a web page and as a Word document, through the real binary.
@Suite struct HTMLAndWordExportTests {
    static let outline = CLI.packageRoot.appendingPathComponent("Tests/Support/html-outline.py").path

    /// A page read with Tests/Support/html-outline.py: headings, tables, elements, fetches.
    func outline(of path: String) throws -> [String: Any] {
        let r = try CLI.tool(["sh", "-c", "python3 \"$0\" < \"$1\"", Self.outline, path])
        #expect(r.status == 0, "\(r.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    }

    /// A finding whose text holds `<script>` and `<b>`, recorded through `record`, is text in the
    /// Markdown (cmark-gfm makes no element of it) and in the page (no element, the text shown).
    @Test func userTextIsEscapedInMarkdownAndHTML() throws {
        let dir = try CLI.temporaryDirectory()
        let wp = dir.appendingPathComponent("IA.aimsaudit").path
        #expect(try CLI.run(["new", CLI.sample, "--audit", "IA-2026-01", "-o", wp]).status == 0)
        let gap = "Logs are shown with <script>alert(1)</script> and <b>bold</b> & &lt;tags&gt;"
        let r = try CLI.run(["record", wp, "--as", "olivia", "--item", "9.2.2", "--grade", "observation", "--gap", gap])
        #expect(r.status == 0, "\(r.stderr)")
        let md = dir.appendingPathComponent("r.md").path, html = dir.appendingPathComponent("r.html").path
        #expect(try CLI.run(["export", wp, "-o", md]).status == 0)
        let e = try CLI.run(["export", wp, "--format", "html", "-o", html])
        #expect(e.status == 0 && e.stderr == "wrote \(html)\n", "\(e.stderr)")

        let rendered = try CLI.tool(["cmark-gfm", "-e", "table", "--unsafe", md])
        #expect(rendered.status == 0)
        #expect(!rendered.stdout.contains("<script") && !rendered.stdout.contains("<b>"))
        #expect(rendered.stdout.contains("&lt;script&gt;alert(1)&lt;/script&gt; and &lt;b&gt;bold&lt;/b&gt; &amp; &amp;lt;tags&amp;gt;"))

        let page = try String(contentsOfFile: html, encoding: .utf8)
        #expect(!page.contains("<script") && !page.contains("<b>"))
        let read = try outline(of: html)
        #expect((read["external"] as? [String]) == [])
        #expect((read["text"] as? String)?.contains(gap) == true)
        let findings = try #require((read["tables"] as? [[[String]]])?.first { $0.first?.first == "No." })
        #expect(findings.dropFirst().contains { $0.contains(gap) }, "\(findings)")
    }

    /// The demo's page, opened in headless Chromium, draws something: many colours, a good part
    /// of the page inked, the report's accent colour (title and headings) among them.
    @Test(.enabled(if: Tools.chromium != nil || Tools.ci, "Chromium is not installed here (.ci/run installs it)"))
    func demoPageRendersInChromium() throws {
        let dir = try CLI.temporaryDirectory()
        let html = dir.appendingPathComponent("report.html").path, png = dir.appendingPathComponent("report.png").path
        #expect(try CLI.run(["export", try Demo.workpaper(), "--format", "html", "-o", html]).status == 0)
        let browser = try #require(Tools.chromium, "Chromium is not installed (.ci/run installs it)")
        let shot = try CLI.tool(["timeout", "120", browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                                 "--no-first-run", "--disable-background-networking", "--user-data-dir=\(dir.appendingPathComponent("profile").path)",
                                 "--window-size=1000,1300", "--screenshot=\(png)", URL(fileURLWithPath: html).absoluteString])
        #expect(FileManager.default.fileExists(atPath: png), "\(shot.stderr)")
        let r = try CLI.tool(["python3", "-c", Self.pngFigures, png])
        #expect(r.status == 0, "\(r.stderr)")
        let figures = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Int])
        #expect(figures["width"] == 1000 && figures["height"] == 1300)
        #expect((figures["colours"] ?? 0) >= 50, "\(figures)")
        #expect((figures["inked"] ?? 0) * 100 >= (figures["pixels"] ?? 1) * 3, "\(figures)")
        #expect((figures["accent"] ?? 0) >= 500, "\(figures)")
    }

    /// A PNG's pixels counted with Python's zlib alone (8-bit RGB or RGBA, as Chromium writes):
    /// distinct colours, pixels not near white, pixels of the report's accent colour #1f3a68.
    static let pngFigures = #"""
import json, struct, sys, zlib
data = open(sys.argv[1], "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n"
pos, idat = 8, b""
while pos < len(data):
    length, kind = struct.unpack(">I4s", data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + length]
    pos += 12 + length
    if kind == b"IHDR":
        w, h, depth, ctype, _, _, interlace = struct.unpack(">IIBBBBB", body)
    elif kind == b"IDAT":
        idat += body
assert depth == 8 and interlace == 0 and ctype in (2, 6)
bpp = 3 if ctype == 2 else 4
raw, stride = zlib.decompress(idat), w * bpp
prev, colours, inked, accent = bytearray(stride), set(), 0, 0
for y in range(h):
    start = y * (stride + 1)
    f, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
    for x in range(stride):
        a = line[x - bpp] if x >= bpp else 0
        b = prev[x]
        c = prev[x - bpp] if x >= bpp else 0
        if f == 1: line[x] = (line[x] + a) & 255
        elif f == 2: line[x] = (line[x] + b) & 255
        elif f == 3: line[x] = (line[x] + (a + b) // 2) & 255
        elif f == 4:
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    for x in range(0, stride, bpp):
        r, g, b = line[x], line[x + 1], line[x + 2]
        colours.add((r, g, b))
        if r + g + b < 720: inked += 1
        if abs(r - 0x1f) < 12 and abs(g - 0x3a) < 12 and abs(b - 0x68) < 12: accent += 1
    prev = line
print(json.dumps({"width": w, "height": h, "pixels": w * h, "colours": len(colours), "inked": inked, "accent": accent}))
"""#

    /// The demo as a Word document, read back by pandoc: the title, every section of the report
    /// as a heading, the cover's facts, the findings table with its rows; and the styles are the
    /// reference document's (its accent colour, the report's title on every page's header).
    @Test(.enabled(if: Tools.pandoc != nil || Tools.ci, "pandoc is not installed here (.ci/run installs it)"))
    func demoAsWordDocument() throws {
        let dir = try CLI.temporaryDirectory()
        let docx = dir.appendingPathComponent("report.docx").path, md = dir.appendingPathComponent("report.md").path
        let r = try CLI.run(["export", try Demo.workpaper(), "--format", "docx", "-o", docx])
        #expect(r.status == 0 && r.stderr.hasPrefix("wrote \(docx)\naimsaudit: warning: IA-2026-01 found a major nonconformity"), "\(r.stderr)")
        #expect(try CLI.run(["export", try Demo.workpaper(), "-o", md]).status == 0)

        let back = dir.appendingPathComponent("back.html").path, fromMarkdown = dir.appendingPathComponent("md.html").path
        let read = try CLI.tool(["pandoc", "--from=docx", "--to=html", "--standalone", "--metadata=pagetitle:x", "-o", back, docx])
        #expect(read.status == 0, "\(read.stderr)")
        let rendered = try CLI.tool(["sh", "-c", "cmark-gfm -e table --unsafe \"$0\" > \"$1\"", md, fromMarkdown])
        #expect(rendered.status == 0)
        let word = try outline(of: back), markdown = try outline(of: fromMarkdown)
        func headings(_ page: [String: Any]) -> [String] { ((page["headings"] as? [[String: Any]]) ?? []).compactMap { $0["text"] as? String } }
        // The report's title is the document's title; every section and finding a heading, in order.
        #expect(headings(word) == headings(markdown), "\(headings(word))")
        #expect(headings(markdown).count > 20)
        // The title once, as the title.
        let title = try #require(headings(markdown).first)
        #expect((word["text"] as? String)?.components(separatedBy: title).count == 2, "\(word["text"] ?? "")")

        func tables(_ page: [String: Any]) -> [[[String]]] { (page["tables"] as? [[[String]]]) ?? [] }
        let cover = try #require(tables(word).first)
        for (fact, value) in [("Audit", "IA-2026-01"), ("Organisation", "Harbourline Mutual"), ("Period covered", "2025-10-01 to 2026-09-30"),
                              ("Fieldwork", "2026-11-23 to 2026-11-27"), ("Lead auditor", "Amara Nwosu")] {
            #expect(cover.contains([fact, value]), "\(fact): \(cover)")
        }
        let header = ["No.", "Grade", "Item", "Title", "Finding", "Action owner", "Due"]
        let findings = try #require(tables(word).first { $0.first == header })
        #expect(findings == tables(markdown).first { $0.first == header })
        #expect(findings.count > 5 && findings[1].prefix(3) == ["F-01", "Major nonconformity", "A.6.2.8@ava"], "\(findings)")

        // A reference document that is no Word document: pandoc's own words, exit 70, nothing written.
        let bad = dir.appendingPathComponent("bad.docx").path, refused = dir.appendingPathComponent("refused.docx").path
        try Data("not a zip".utf8).write(to: URL(fileURLWithPath: bad))
        let failed = try CLI.run(["export", try Demo.workpaper(), "--format", "docx", "--reference-doc", bad, "-o", refused])
        #expect(failed.status == 70 && failed.stderr.hasPrefix("aimsaudit: pandoc could not make the Word document"), "\(failed.stderr)")
        #expect(!FileManager.default.fileExists(atPath: refused))

        let styles = try CLI.tool(["python3", "-c", """
            import sys, zipfile
            z = zipfile.ZipFile(sys.argv[1])
            print(z.read('word/styles.xml').decode().count('1F3A68'), b'STYLEREF' in b''.join(z.read(n) for n in z.namelist() if n.startswith('word/header')))
            """, docx])
        #expect(styles.stdout.hasSuffix(" True\n") && !styles.stdout.hasPrefix("0 "), "\(styles.stdout) \(styles.stderr)")
    }

    /// The Word document is made through files in the temporary folder (the built-in reference
    /// document, pandoc's output): none is left there, whether pandoc makes it, fails or is missing.
    @Test(.enabled(if: Tools.pandoc != nil || Tools.ci, "pandoc is not installed here (.ci/run installs it)"))
    func wordExportLeavesNothingInTheTemporaryFolder() throws {
        let dir = try CLI.temporaryDirectory(), tmp = try CLI.temporaryDirectory()
        let bad = dir.appendingPathComponent("bad.docx"), noPandoc = dir.appendingPathComponent("bin")
        try Data("not a zip".utf8).write(to: bad)
        try FileManager.default.createDirectory(at: noPandoc, withIntermediateDirectories: true)
        let runs: [(options: [String], environment: [String: String], status: Int32)] = [
            ([], [:], 0), (["--reference-doc", bad.path], [:], 70), ([], ["PATH": noPandoc.path], 69),
        ]
        for (n, run) in runs.enumerated() {
            let docx = dir.appendingPathComponent("\(n).docx").path
            let r = try CLI.run(["export", try Demo.workpaper(), "--format", "docx", "-o", docx] + run.options,
                                environment: run.environment.merging(["TMPDIR": tmp.path]) { $1 })
            #expect(r.status == run.status, "\(r.stderr)")
            #expect(try FileManager.default.contentsOfDirectory(atPath: tmp.path) == [], "\(run)")
        }
    }

    /// Without pandoc there is no Word document: a clear message, exit 69, nothing written.
    @Test func withoutPandocDocxExits69() throws {
        let dir = try CLI.temporaryDirectory()
        let empty = dir.appendingPathComponent("bin")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        let docx = dir.appendingPathComponent("report.docx").path
        let r = try CLI.run(["export", try Demo.workpaper(), "--format", "docx", "-o", docx], environment: ["PATH": empty.path])
        #expect(r.status == 69)
        #expect(r.stderr.hasPrefix("aimsaudit: --format docx needs pandoc, which is not installed"), "\(r.stderr)")
        #expect(r.stderr.split(separator: "\n").allSatisfy { $0.count <= 80 }, "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: docx))
    }

    /// A reference document goes with docx alone, and must be there.
    @Test func referenceDocumentIsChecked() throws {
        let wp = try Demo.workpaper()
        let html = try CLI.run(["export", wp, "--format", "html", "--reference-doc", "x.docx"])
        #expect(html.status == 64 && html.stderr.contains("--reference-doc goes with --format docx"), "\(html.stderr)")
        let missing = try CLI.run(["export", wp, "--format", "docx", "--reference-doc", "/nonexistent/x.docx", "-o", "/dev/null"])
        #expect(missing.status == 66 && missing.stderr.contains("/nonexistent/x.docx: no such reference document"), "\(missing.stderr)")
    }
}
