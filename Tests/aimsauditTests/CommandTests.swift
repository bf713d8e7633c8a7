import Foundation
import Testing

@Suite struct CommandTests {
    func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func checkJSONHasTheSpecShapeAndExitsZeroWhenNothingIsBlocked() throws {
        let r = try CLI.run(["check", CLI.sample, "--audit", "IA-2026-01", "--format", "json"])
        #expect(r.status == 0)
        let doc = try json(r.stdout)
        #expect(Set(doc.keys) == ["audit", "verdicts", "problems"])
        #expect(doc["audit"] as? String == "IA-2026-01")
        let verdicts = try #require(doc["verdicts"] as? [[String: String]])
        #expect(!verdicts.isEmpty)
        for v in verdicts {
            #expect(Set(v.keys) == ["auditor", "item", "level", "rule", "reason"])
            #expect(["block", "warn", "info"].contains(v["level"]!))
        }
        #expect(verdicts.contains {
            $0["auditor"] == "priya" && $0["item"] == "A.7.4@claimsort" && $0["rule"] == "IND-01" && $0["level"] == "block"
                && $0["reason"] == "Priya Raman is owner of A.7.4 for ClaimSort since 2024-03-01"
        })
        #expect((doc["problems"] as? [Any])?.isEmpty == true)
    }

    @Test func checkExitsOneOnABlockedAssignment() throws {
        let r = try CLI.run(["check", CLI.sample, "--audit", "IA-2026-02", "--format", "json"])
        #expect(r.status == 1)
        let problems = try #require(try json(r.stdout)["problems"] as? [[String: String]])
        #expect(problems.contains { $0["level"] == "error" && $0["message"]!.hasPrefix("A.9.4@ava is assigned to sofia") })
    }

    @Test func sampleShowsEveryRuleOfTheFormat() throws {
        var rules: Set<String> = [], problems: Set<String> = []
        for audit in ["IA-2026-01", "IA-2026-02", "IA-2029-01"] {
            let r = try CLI.run(["check", CLI.sample, "--audit", audit, "--format", "json"])
            let verdicts = try #require(try json(r.stdout)["verdicts"] as? [[String: String]])
            rules.formUnion(verdicts.compactMap { $0["rule"] })
            let found = try #require(try json(r.stdout)["problems"] as? [[String: String]])
            problems.formUnion(found.compactMap { $0["message"]?.split(separator: ":").first.map(String.init) })
        }
        #expect(rules == ["IND-01", "IND-02", "IND-03", "IND-04", "IND-05", "IND-06", "IND-07", "IND-08", "IND-09", "IND-10",
                          "IND-11", "IND-12", "IND-17", "IND-19"])
        #expect(problems.isSuperset(of: ["IND-14", "IND-18"]))
    }

    @Test func listJSONHasTheSpecShapeInChecklistOrder() throws {
        let r = try CLI.run(["list", CLI.sample, "--audit", "IA-2026-01", "--format", "json"])
        #expect(r.status == 0)
        let doc = try json(r.stdout)
        #expect(doc["audit"] as? String == "IA-2026-01")
        let items = try #require(doc["items"] as? [[String: Any]])
        let first = try #require(items.first)
        for key in ["key", "requirement", "system", "title", "score", "tier", "inputs", "owners", "auditor", "grade", "evidence"] {
            #expect(first.keys.contains(key), "\(key)")
        }
        let claimsort = try #require(items.first { $0["key"] as? String == "A.6.2.6@claimsort" })
        #expect(claimsort["score"] as? Double == 63.3)
        #expect(claimsort["tier"] as? String == "B")
        #expect(claimsort["grade"] as? String == "not-audited")
        let inputs = try #require(claimsort["inputs"] as? [String: Double])
        #expect(inputs == ["I": 4, "C": 5, "F": 2, "T": 0.39, "D": 1])
        let clause = try #require(items.first { $0["key"] as? String == "9.2.2" })
        #expect(clause["system"] is NSNull)
        #expect(clause["auditor"] as? String == "olivia")
        // Tier A, B, C; within a tier by score descending.
        let order = items.map { ($0["tier"] as! String, -($0["score"] as! Double)) }
        #expect(zip(order, order.dropFirst()).allSatisfy { $0 <= $1 })
        #expect(Set(items.compactMap { $0["tier"] as? String }) == ["A", "B", "C"])
    }

    @Test(arguments: ["list", "check"])
    func textOutputFitsEightyColumns(command: String) throws {
        for audit in ["IA-2026-01", "IA-2026-02"] {
            let r = try CLI.run([command, CLI.sample, "--audit", audit])
            let lines = r.stdout.split(separator: "\n")
            #expect(lines.count > 20)
            // Located diagnostics (`file:line:col: …`) are one line each, whatever their length.
            for line in lines where !line.hasPrefix("  \(CLI.sample):") { #expect(line.count <= 80, "\(line)") }
        }
    }

    @Test func listTextShowsTiersAndTheInputsBehindEachScore() throws {
        let r = try CLI.run(["list", CLI.sample, "--audit", "IA-2026-01"])
        #expect(r.stdout.contains("TIER  SCORE  ITEM"))
        let row = try #require(r.stdout.split(separator: "\n").first { $0.contains("A.6.2.6@claimsort") })
        #expect(row.hasPrefix("B      63.3  A.6.2.6@claimsort"))
        #expect(row.contains("4 5 2 0.39 1"))
    }

    @Test func checkTextGroupsVerdictsByItemAndSummarisesTheTeam() throws {
        let r = try CLI.run(["check", CLI.sample, "--audit", "IA-2026-02"])
        #expect(r.status == 1)
        #expect(r.stdout.contains("  BLOCK IND-03  tomasz Tomasz Wierzbicki was operator of A.4.4 for ClaimSort"))
        #expect(r.stdout.contains("AUDITOR  BLOCK  WARN  INFO  INDEPENDENT OF"))
        let diagnostic = try #require(r.stdout.split(separator: "\n").first { $0.contains("error: A.9.4@ava") })
        let at = locate("{item: A.9.4@ava, auditor: sofia}", in: try String(contentsOfFile: CLI.sample, encoding: .utf8))
        #expect(diagnostic.hasPrefix("  \(CLI.sample):\(at.line):\(at.column): error: A.9.4@ava is assigned to sofia, who may not audit it (IND-01"))
    }

    /// A programme can carry escapes in double-quoted YAML ("\e"); text output shows them, JSON
    /// keeps the data (escaped as JSON escapes control characters).
    @Test func escapeSequencesInAProgrammeAreShownNotSentToTheTerminal() throws {
        let yaml = minimal.replacingOccurrences(of: "name: Test Org", with: #"name: "Kenji\e]0;owned\a\e[2J \u202EiroM""#)
            .replacingOccurrences(of: "name: Kenji Mori", with: #"name: "Kenji\e]0;owned\a\e[2J \u202EiroM""#)
        let file = try CLI.write(Array(yaml.utf8))
        for command in ["check", "list"] {
            let r = try CLI.run([command, file.path])
            #expect(r.status == 0, "\(r.stderr)")
            #expect(r.stdout.contains("Kenji^[]0;owned^G^[[2J <U+202E>iroM"), "\(r.stdout)")
            #expect(!r.stdout.unicodeScalars.contains { ($0.value < 0x20 && $0 != "\n") || $0.value == 0x202E })
        }
        let json = try CLI.run(["check", file.path, "--format", "json"])
        #expect(json.stdout.contains(#"Kenji\u001b]0;owned\u0007\u001b[2J \#u{202E}iroM"#), "\(json.stdout)")
        let typo = try CLI.run(["check", file.path, "--audit", "IA-\u{1B}[31m"])
        #expect(typo.status == 64)
        #expect(typo.stderr.contains("IA-^[[31m") && !typo.stderr.contains("\u{1B}"), "\(typo.stderr)")
    }

    /// The proposed block, pasted into the programme in place of the audit's own, checks clean:
    /// every item assigned, no blocked pair, the load within one item.
    @Test(arguments: [("IA-2026-01", 59), ("IA-2026-02", 61)])
    func assignProposalPastesIntoTheProgrammeAndChecksClean(audit: String, items: Int) throws {
        let r = try CLI.run(["assign", CLI.sample, "--audit", audit])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n").map(String.init)
        let entries = lines.filter { $0.hasPrefix("  - {item: ") }
        #expect(entries.count == items)
        #expect(!r.stdout.contains("no one in the team"))
        // Paste it over the audit's own assign: block.
        let yaml = try String(contentsOfFile: CLI.sample, encoding: .utf8)
        var programme = yaml.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let start = try #require(programme.firstIndex(of: "  - id: \(audit)"))
        let block = try #require(programme[start...].firstIndex(of: "    assign:"))
        var end = block + 1
        while programme[end].hasPrefix("      - ") { end += 1 }
        programme.replaceSubrange(block..<end, with: ["    assign:"] + entries.map { "    " + $0 })
        let file = try CLI.write(Array(programme.joined(separator: "\n").utf8))
        let check = try CLI.run(["check", file.path, "--audit", audit])
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        #expect(check.stdout.contains("\(items) explicit assignments, none blocked"))
        let loads = Dictionary(uniqueKeysWithValues: try #require(lines.first).split(separator: ";").last!.split(separator: ",")
            .compactMap { pair -> (String, Int)? in
                let words = pair.split(separator: " ")   // "load amara 12", "tomasz 12"
                return words.count >= 2 ? (String(words[words.count - 2]), Int(words[words.count - 1]) ?? 0) : nil
            })
        // The load is even, but for an auditor independent of fewer items than the others take:
        // a warning outweighs ten items of imbalance, so they take every item they are clean on.
        let verdicts = try #require(try json(try CLI.run(["check", CLI.sample, "--audit", audit, "--format", "json"]).stdout)["verdicts"] as? [[String: String]])
        let clean = Dictionary(uniqueKeysWithValues: loads.keys.map { who in
            (who, items - Set(verdicts.filter { $0["auditor"] == who && $0["level"] != "info" }.compactMap { $0["item"] }).count)
        })
        let few = loads.filter { clean[$0.key]! < items / loads.count }
        let even = loads.filter { few[$0.key] == nil }
        #expect(even.values.max()! - even.values.min()! <= 1, "\(loads)")
        #expect(few.allSatisfy { $0.value >= clean[$0.key]! }, "\(loads) \(clean)")
    }

    @Test func assignListsItemsNoOneMayAuditAndExitsOne() throws {
        // The only auditor owns the one item.
        let yaml = minimal.replacingOccurrences(of: "roles: [{person: kenji, role: owner, from: 2024-01-01}]",
                                                with: "roles: [{person: amara, role: owner, from: 2024-01-01}]")
        let r = try CLI.run(["assign", try CLI.write(Array(yaml.utf8)).path])
        #expect(r.status == 1)
        #expect(r.stdout.contains("# no one in the team may audit A.6.2.6@claimsort: every team member is blocked (amara IND-01)"), "\(r.stdout)")
        let json = try CLI.run(["assign", try CLI.write(Array(yaml.utf8)).path, "--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect((object["unassignable"] as? [[String: String]])?.first?["item"] == "A.6.2.6@claimsort")
    }

    @Test(arguments: [[], ["check"], ["list"]])
    func everyCommandHasHelp(_ command: [String]) throws {
        let r = try CLI.run(command + ["--help"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("USAGE: aimsaudit"))
    }

    @Test func unknownOptionIsAUsageError() throws {
        let r = try CLI.run(["list", CLI.sample, "--colour"])
        #expect(r.status == 64)
    }

    @Test func generatedProgrammeLoadsAndChecks() throws {
        let dir = try CLI.temporaryDirectory()
        let file = dir.appendingPathComponent("synth.yaml").path
        #expect(try CLI.run(CLI.devBinary, ["synth", "--entries", "300", "--people", "30", "--systems", "5", "-o", file]).status == 0)
        let r = try CLI.run(["check", file, "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let l = try CLI.run(["list", file, "--format", "json"])
        #expect((try json(l.stdout)["items"] as? [Any])?.count ?? 0 >= 300)
    }
}
