import Foundation
import Testing
@testable import TerminalKit

/// Under `LANG=C` the screen's own symbols keep a meaning: every non-letter symbol the screen's
/// code draws has a one-character ASCII stand-in.
@Suite struct AsciiFallbackTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test func everySymbolTheScreenDrawsHasAStandIn() throws {
        var missing: Set<Character> = []
        for folder in ["Sources/Fieldwork", "Sources/TerminalKit"] {
            let dir = Self.root.appendingPathComponent(folder)
            for name in try FileManager.default.contentsOfDirectory(atPath: dir.path) where name.hasSuffix(".swift") {
                let text = try String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8)
                for c in text where !c.isASCII && !c.isLetter && !c.isNumber && Width.of(String(c)) == 1 {
                    if AsciiFallback.cell(String(c)) == "?" { missing.insert(c) }
                }
            }
        }
        #expect(missing.isEmpty, "no ASCII stand-in for: \(missing.sorted().map(String.init).joined(separator: " "))")
    }

    @Test func standInsAreOneASCIICell() {
        for (symbol, standIn) in AsciiFallback.symbols {
            #expect(standIn.count == 1 && standIn.unicodeScalars.allSatisfy(\.isASCII), "\(symbol)")
        }
        #expect(AsciiFallback.cell("Enter") == "Enter")
        #expect(AsciiFallback.cell("監") == "?")
    }
}
