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

    @Test func unknownThemeNameSaysWhatIsBuiltIn() {
        do {
            _ = try Theme.load("solarized")
            Issue.record("expected an error")
        } catch {
            #expect(error.description.contains("unknown theme 'solarized' (did you mean 'solarized-dark'?)"))
        }
    }
}
