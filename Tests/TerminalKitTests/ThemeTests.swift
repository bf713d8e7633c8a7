import Testing
@testable import TerminalKit

@Suite struct ThemeTests {
    @Test(arguments: ["default", "high-contrast", "monochrome", "solarized-dark"])
    func builtInThemesLoadAndStyleEveryRole(_ name: String) throws {
        let theme = try Theme.load(name)
        for role in Role.allCases { #expect(theme.styles[role] != nil, "\(name) has no style for \(role.rawValue)") }
    }

    @Test func monochromeUsesNoColour() throws {
        let theme = try Theme.load("monochrome")
        #expect(theme.styles.values.allSatisfy { $0.fg == .terminalDefault && $0.bg == .terminalDefault })
        #expect(theme.style(.selection).reverse)
    }

    @Test func coloursByNameAndNumber() throws {
        let t = try Theme.parse("name: t\nroles:\n  title: {fg: bright-red, bg: 236, bold: true}\n", path: "t.yaml")
        #expect(t.style(.title).fg == .indexed(9))
        #expect(t.style(.title).bg == .indexed(236))
        #expect(t.style(.title).bold)
    }

    @Test func unknownRoleOrColourIsALocatedError() {
        do {
            _ = try Theme.parse("name: t\nroles:\n  titel: {fg: red}\n  header: {fg: rd, bg: 300}\n", path: "mine.yaml")
            Issue.record("expected errors")
        } catch {
            #expect(error.messages.count == 3)
            #expect(error.messages[0].hasPrefix("mine.yaml:3:3: unknown role 'titel' (did you mean 'title'?)"))
            #expect(error.messages.contains { $0.hasPrefix("mine.yaml:4:16: unknown colour 'rd' for fg of header") })
            #expect(error.messages.contains { $0.hasPrefix("mine.yaml:4:24: unknown colour '300' for bg of header") })
        }
    }

    /// `fallback:` is how a style looks with 8 colours; without one, its colours' nearest of the 8.
    @Test func fallbackIsTheStyleWithEightColours() throws {
        let t = try Theme.parse("""
            roles:
              grade-minor: {fg: black, bg: 208, fallback: {fg: black, bg: yellow, underline: true}}
              grade-major: {fg: 231, bg: 160, bold: true}
            """, path: "t.yaml")
        #expect(t.look(.gradeMinor, colors: 256).bg == .indexed(208))
        let minor = t.look(.gradeMinor, colors: 8)
        #expect(minor.bg == .indexed(3) && minor.underline)
        let major = t.look(.gradeMajor, colors: 16)
        #expect(major.fg == .indexed(7) && major.bg == .indexed(1) && major.bold)
        let none = t.look(.gradeMinor, colors: 0)
        #expect(none.fg == .terminalDefault && none.bg == .terminalDefault && none.reverse)
    }

    @Test func fallbackNamesOnlyTheEightColours() {
        do {
            _ = try Theme.parse("roles:\n  title: {fg: 33, fallback: {fg: bright-blue, bg: 200, blink: true}}\n", path: "t.yaml")
            Issue.record("expected errors")
        } catch {
            #expect(error.messages.count == 3, "\(error.messages)")
            #expect(error.messages.contains { $0.hasPrefix("t.yaml:2:34: 'bright-blue' in the fallback of title: a fallback is for terminals with 8 colours; use default, black,") })
            #expect(error.messages.contains { $0.hasPrefix("t.yaml:2:51: '200' in the fallback of title") })
            #expect(error.messages.contains { $0.hasPrefix("t.yaml:2:56: unknown style key 'blink' for the fallback of title: use fg, bg, bold, dim, underline, reverse") })
        }
    }

    @Test func unknownThemeNameSaysWhatIsBuiltIn() {
        do {
            _ = try Theme.load("solarized")
            Issue.record("expected an error")
        } catch {
            #expect(error.description.contains("unknown theme 'solarized' (did you mean 'solarized-dark'?)"))
        }
    }

    /// The theme loader's hints follow the same rule as the programme's: a typo of a colour
    /// name is caught, and a word like no name gets no guess.
    @Test func unknownColourSuggestsTheNearestName() throws {
        let text = "roles:\n  title: {fg: yelow}\n  muted: {fg: purple}\n"
        do {
            _ = try Theme.parse(text, path: "mine.yaml")
            Issue.record("expected an error")
        } catch {
            #expect(error.messages.contains { $0.contains("unknown colour 'yelow' for fg of title (did you mean 'yellow'?)") })
            #expect(error.messages.contains { $0.contains("unknown colour 'purple' for fg of muted: use a name") })
        }
    }
}

/// Mutated theme files: never a crash, every error located.
@Suite struct ThemeFuzzTests {
    @Test func mutatedThemesNeverCrashAndErrorsAreLocated() throws {
        let original = Array("name: t\nroles:\n  title: {fg: bright-red, bg: 236, bold: true}\n  header: {fg: black, bg: cyan}\n  muted: {fg: 244}\n".utf8)
        var state: UInt64 = 99
        func next(_ n: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(max(1, n)))
        }
        let pieces = ["\n", ": ", "{", "}", "[", "fg", "bg", "300", "-1", "reverse", "maybe", "&a ", "*a", "titel", "\u{0}"].map { Array($0.utf8) }
        var refused = 0
        for _ in 0..<400 {
            var b = original
            for _ in 0..<(1 + next(3)) {
                let at = next(b.count)
                switch next(3) {
                case 0: b[at] = UInt8(truncatingIfNeeded: next(256))
                case 1: b.remove(at: at)
                default: b.insert(contentsOf: pieces[next(pieces.count)], at: at)
                }
            }
            do {
                _ = try Theme.parse(String(decoding: b, as: UTF8.self), path: "fuzz.yaml")
            } catch {
                refused += 1
                for m in error.messages {
                    #expect(m.range(of: #"^fuzz\.yaml:[0-9]+:[0-9]+: "#, options: .regularExpression) != nil, "\(m)")
                }
            }
        }
        #expect(refused > 50)
    }
}

/// Inputs coverage-guided fuzzing found (Scripts/fuzz.sh) in the theme loader.
@Suite struct ThemeFuzzFindingTests {
    /// An alias bomb used as a key hung the loader, which had no alias guard at all.
    @Test func aliasBombAsAKeyIsRefusedAtOnce() {
        var text = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
        for (p, n) in zip("abcdefgh", "bcdefghi") { text += "\(n): &\(n) [" + Array(repeating: "*\(p)", count: 10).joined(separator: ", ") + "]\n" }
        text += "roles: {*i : 1}\n"
        #expect(throws: Theme.LoadError.self) { try Theme.parse(text, path: "t.yaml") }
        let message: String
        do { _ = try Theme.parse(text, path: "t.yaml"); message = "" } catch { message = error.description }
        #expect(message == "t.yaml:10:9: complex mapping keys (`?`, or an alias or a [list] or {mapping} used as a key) are not supported")
    }

    /// Syntax errors were all reported at 1:1 with libyaml's own multi-line text after them.
    @Test func syntaxErrorIsOneLocatedLine() {
        let message: String
        do { _ = try Theme.parse("name: x\nroles: [\n", path: "t.yaml"); message = "" } catch { message = error.description }
        #expect(!message.contains("\n"), "\(message)")
        #expect(message.hasPrefix("t.yaml:2:9: not valid YAML: "), "\(message)")
    }
}
