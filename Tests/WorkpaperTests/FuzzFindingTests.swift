import Foundation
import Testing
@testable import Workpaper

/// Inputs coverage-guided fuzzing found (Scripts/fuzz.sh); each failed before its fix.
@Suite struct ImporterFuzzFindingTests {
    /// libyaml puts the end of a file without a final line break on the line after the last;
    /// the error must point inside the file.
    @Test func errorAtTheEndOfAFileWithoutLineBreakIsInsideTheFile() {
        let d = diagnostics("a: b\nc")
        #expect(d.count == 1)
        #expect(d.first.map { $0.line == 2 && $0.column == 2 } == true, "\(d)")
    }

    /// An alias bomb used as a key inside a flow mapping hung the importer (keys are hashed
    /// before any budget can be checked); flow collections as keys could do the same.
    @Test(arguments: [
        ("j: {*i : 1}", 1, 5), ("j: { *i: 1 }", 1, 6), ("j: [{*i : 1}]", 1, 6), ("j: {[*i]: 1}", 1, 8),
        ("j:\n  {*i: 1}: x", 2, 4), ("j:\n  {a: 1}: x", 2, 8), ("- ? *i\n  : 1", 1, 3),
    ])
    func complexKeysAnywhereAreRefusedAtOnce(_ key: String, _ line: Int, _ column: Int) {
        let bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
            + "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
            + "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
            + "g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]\nh: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g, *g]\n"
            + "i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h, *h]\n"
        let d = diagnostics(bomb + key)
        #expect(d.count == 1)
        #expect(d.first?.message.hasPrefix("complex mapping keys") == true, "\(d)")
        #expect(d.first.map { $0.line == 9 + line && $0.column == column } == true, "\(d)")
    }

    /// Quoted text and comments that only look like complex keys are fine.
    @Test func quotedOrCommentedLookalikesAreNotComplexKeys() throws {
        let text = minimalProgramme.replacingOccurrences(of: "{name: Test Org}", with: #"{name: "Org *x: [y]: {z}: ? w"}  # *c: [d]:"#)
        let programme = try ProgrammeLoader.parse(text, path: "p.yaml")
        #expect(programme.organisation.name == "Org *x: [y]: {z}: ? w")
    }
}
