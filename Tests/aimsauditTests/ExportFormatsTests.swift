import Foundation
import Testing

/// The demo workpaper (make-demo.sh: every grade, cited files, samples, a justification), built
/// once for the tests that read it.
enum Demo {
    struct Failed: Error, CustomStringConvertible { let description: String }

    /// Runs make-demo.sh: the workpaper `name` and its report.md in `dir`; the script's exit status.
    static func make(in dir: URL, name: String = "IA-2026-01.aimsaudit") throws -> Int32 {
        let script = Process()
        script.executableURL = URL(fileURLWithPath: "/bin/bash")
        script.arguments = [CLI.packageRoot.appendingPathComponent("SampleData/harbourline/make-demo.sh").path,
                            dir.appendingPathComponent(name).path, dir.appendingPathComponent("report.md").path]
        script.environment = ProcessInfo.processInfo.environment.merging(["AIMSAUDIT": CLI.binary.path]) { $1 }
        script.standardOutput = FileHandle.nullDevice
        try script.run()
        script.waitUntilExit()
        return script.terminationStatus
    }

    private static let built: Result<URL, Failed> = {
        do {
            let dir = try CLI.temporaryDirectory()
            let status = try make(in: dir)
            guard status == 0 else { return .failure(Failed(description: "make-demo.sh exited \(status)")) }
            return .success(dir.appendingPathComponent("IA-2026-01.aimsaudit"))
        } catch {
            return .failure(Failed(description: "make-demo.sh: \(error)"))
        }
    }()

    static func workpaper() throws -> String { try built.get().path }
}

/// A JSON file as Foundation reads it.
func jsonObject(_ path: String) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
}

/// An OSCAL property's value by name.
func prop(_ object: [String: Any], _ name: String) -> String? {
    (object["props"] as? [[String: Any]])?.first { $0["name"] as? String == name }?["value"] as? String
}

@Suite struct OSCALExportTests {
    /// What each grade becomes in OSCAL: the finding's target status, its reason, and whether the
    /// implementation status says not-applicable.
    static let expected: [String: (state: String, reason: String, notApplicable: Bool)] = [
        "major": ("not-satisfied", "fail", false), "minor": ("not-satisfied", "fail", false),
        "observation": ("satisfied", "pass", false), "ofi": ("satisfied", "pass", false),
        "conform": ("satisfied", "pass", false), "not-applicable": ("satisfied", "other", true),
    ]

    func export(_ dir: URL) throws -> (results: String, plan: String) {
        let results = dir.appendingPathComponent("IA-2026-01-results.json").path
        let r = try CLI.run(["export", try Demo.workpaper(), "--format", "oscal", "-o", results])
        #expect(r.status == 0, "\(r.stderr)")
        let plan = dir.appendingPathComponent("IA-2026-01-results.plan.json").path
        #expect(r.stderr.contains("IA-2026-01-results.plan.json"), "\(r.stderr)")
        return (results, plan)
    }

    /// compliance-trestle imports the results and the plan into a workspace and validates them
    /// with every validator it has; a document it must refuse is refused.
    @Test func theDemosResultsAndPlanPassComplianceTrestle() throws {
        let dir = try CLI.temporaryDirectory()
        let (results, plan) = try export(dir)
        #expect(try jsonObject(results)["assessment-results"].flatMap { ($0 as? [String: Any])?["import-ap"] as? [String: Any] }?["href"] as? String
                == "IA-2026-01-results.plan.json")
        let workspace = try CLI.temporaryDirectory()
        func trestle(_ args: [String]) throws -> CLI.Result { try CLI.tool(["python3", "-m", "trestle"] + args, in: workspace) }
        #expect(try trestle(["init"]).status == 0)
        for file in [results, plan] {
            let r = try trestle(["import", "-f", file, "-o", "ia-2026-01"])
            #expect(r.status == 0, "\(file): \(r.stdout)\(r.stderr)")
        }
        let validate = try trestle(["validate", "-a"])
        #expect(validate.status == 0, "\(validate.stdout)\(validate.stderr)")
        let said = validate.stdout + validate.stderr
        #expect(said.contains("VALID: Model \(workspace.path)/assessment-results/ia-2026-01/assessment-results.json"), "\(said)")
        #expect(said.contains("VALID: Model \(workspace.path)/assessment-plans/ia-2026-01/assessment-plan.json"), "\(said)")

        // The same check refuses results whose finding has a status OSCAL does not know.
        var doc = try jsonObject(results)
        var ar = try #require(doc["assessment-results"] as? [String: Any])
        var result = try #require((ar["results"] as? [[String: Any]])?.first)
        var findings = try #require(result["findings"] as? [[String: Any]])
        var target = try #require(findings[0]["target"] as? [String: Any])
        target["status"] = ["state": "partly-satisfied"]
        findings[0]["target"] = target
        result["findings"] = findings
        ar["results"] = [result]
        doc["assessment-results"] = ar
        let broken = dir.appendingPathComponent("broken.json")
        try JSONSerialization.data(withJSONObject: doc).write(to: broken)
        let refused = try trestle(["import", "-f", broken.path, "-o", "broken"])
        #expect(refused.status != 0)
        #expect((refused.stdout + refused.stderr).contains("state"), "\(refused.stdout)\(refused.stderr)")
    }

    /// Every graded item of the demo has one finding whose status follows its grade; items not
    /// audited have none; each nonconformity has its risk, each evidence reference its
    /// observation with the method of its type, each cited file its SHA-256; the log ends at the
    /// chain head `verify --receipt` gives.
    @Test func eachGradeHasItsOSCALStatus() throws {
        let dir = try CLI.temporaryDirectory()
        let (results, _) = try export(dir)
        let ar = try #require(try jsonObject(results)["assessment-results"] as? [String: Any])
        let result = try #require((ar["results"] as? [[String: Any]])?.first)
        let findings = try #require(result["findings"] as? [[String: Any]])
        let list = try CLI.run(["list", try Demo.workpaper(), "--format", "json"])
        let items = try #require((try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [String: Any])?["items"] as? [[String: Any]])
        let graded = items.filter { $0["grade"] as? String != "not-audited" }
        #expect(findings.count == graded.count)
        var seen = Set<String>()
        for item in items {
            let key = item["key"] as? String ?? "", grade = item["grade"] as? String ?? ""
            let mine = findings.filter { prop($0, "item") == key }
            guard let want = Self.expected[grade] else { #expect(mine.isEmpty, "\(key) is not audited"); continue }
            #expect(mine.count == 1, "\(key)")
            guard let f = mine.first, let target = f["target"] as? [String: Any], let status = target["status"] as? [String: Any] else { continue }
            seen.insert(grade)
            #expect(prop(f, "grade") == grade)
            #expect(status["state"] as? String == want.state && status["reason"] as? String == want.reason, "\(key) \(grade)")
            #expect(((target["implementation-status"] as? [String: Any])?["state"] as? String == "not-applicable") == want.notApplicable, "\(key)")
            #expect((f["related-risks"] != nil) == (grade == "major" || grade == "minor"), "\(key)")
        }
        #expect(seen == Set(Self.expected.keys), "the demo shows every grade")

        let risks = try #require(result["risks"] as? [[String: Any]])
        #expect(risks.count == graded.filter { ["major", "minor"].contains($0["grade"] as? String) }.count)
        let riskIDs = Set(risks.compactMap { $0["uuid"] as? String })
        for f in findings { for r in (f["related-risks"] as? [[String: Any]]) ?? [] { #expect(riskIDs.contains(r["risk-uuid"] as? String ?? "")) } }

        let observations = try #require(result["observations"] as? [[String: Any]])
        #expect(observations.count == items.reduce(0) { $0 + ($1["evidence"] as? Int ?? 0) })
        let methods = ["document": "EXAMINE", "record": "EXAMINE", "observation": "EXAMINE", "interview": "INTERVIEW",
                       "reperformance": "TEST", "sample": "TEST", "data-analysis": "TEST"]
        for o in observations {
            let type = try #require(prop(o, "evidence-type"))
            #expect(o["methods"] as? [String] == [methods[type] ?? "?"], "\(type)")
        }
        // The cited files, with the SHA-256 `verify` re-hashes them against.
        let resources = try #require((ar["back-matter"] as? [String: Any])?["resources"] as? [[String: Any]])
        let hashes = resources.compactMap { (($0["rlinks"] as? [[String: Any]])?.first?["hashes"] as? [[String: Any]])?.first?["value"] as? String }
        let evidence = CLI.packageRoot.appendingPathComponent("SampleData/harbourline/evidence")
        let files = ["ava-logging-config.yaml", "claimsort-drift-report-2026-09.csv"].map { evidence.appendingPathComponent($0).path }
        let sums = try CLI.tool(["sha256sum"] + files).stdout.split(separator: "\n").map { String($0.prefix(64)) }
        #expect(Set(hashes) == Set(sums) && hashes.count == 2, "\(hashes) \(sums)")

        let receipt = try CLI.run(["verify", try Demo.workpaper(), "--receipt"])
        let head = try #require(receipt.stdout.split(separator: "\n").first { $0.hasPrefix("head ") }?.dropFirst(5))
        let log = try #require((result["assessment-log"] as? [String: Any])?["entries"] as? [[String: Any]])
        #expect(prop(try #require(log.last), "journal-head") == String(head))
        #expect(log.count == Int(try #require(receipt.stdout.split(separator: "\n").first { $0.hasPrefix("events ") }?.dropFirst(7))).map { $0 + 1 })
    }

    /// Standard output takes the results alone, and says where the plan would go; a folder is refused.
    @Test func resultsToStandardOutputAndAFolderRefused() throws {
        let out = try CLI.run(["export", try Demo.workpaper(), "--format", "oscal"])
        #expect(out.status == 0)
        #expect(out.stdout.hasPrefix("{\n  \"assessment-results\": {"))
        #expect(out.stderr.contains("the plan the results import is written only with -o FILE"), "\(out.stderr)")
        let dir = try CLI.temporaryDirectory()
        let folder = try CLI.run(["export", try Demo.workpaper(), "--format", "oscal", "-o", dir.path])
        #expect(folder.status == 73, "\(folder.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.path + ".plan.json"))
    }
}

@Suite struct AuditJSONExportTests {
    static let schema = CLI.packageRoot.appendingPathComponent("docs/audit-json.schema.json").path

    /// Validates a document against the schema with python3's jsonschema; exit 1 and the errors when it does not hold.
    func validate(_ path: String) throws -> CLI.Result {
        let script = """
            import json, sys, jsonschema
            schema = json.load(open(sys.argv[1])); jsonschema.Draft202012Validator.check_schema(schema)
            errors = list(jsonschema.Draft202012Validator(schema).iter_errors(json.load(open(sys.argv[2]))))
            for e in errors: print(e.json_path, e.message)
            sys.exit(1 if errors else 0)
            """
        return try CLI.tool(["python3", "-c", script, Self.schema, path])
    }

    /// The demo's JSON holds to docs/audit-json.schema.json, and the same check fails on a wrong
    /// grade, a missing field and a field the schema does not describe.
    @Test func theDemosJSONMatchesItsSchema() throws {
        let dir = try CLI.temporaryDirectory()
        let path = dir.appendingPathComponent("audit.json").path
        let r = try CLI.run(["export", try Demo.workpaper(), "--format", "json", "-o", path])
        #expect(r.status == 0, "\(r.stderr)")
        let ok = try validate(path)
        #expect(ok.status == 0, "\(ok.stdout)\(ok.stderr)")

        let doc = try jsonObject(path)
        #expect(doc["format"] as? String == "aimsaudit/audit@1")
        var items = try #require(doc["items"] as? [[String: Any]])
        let list = try CLI.run(["list", try Demo.workpaper(), "--format", "json"])
        let listed = try #require((try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [String: Any])?["items"] as? [[String: Any]])
        #expect(items.map { $0["key"] as? String } == listed.map { $0["key"] as? String })
        #expect(items.map { $0["grade"] as? String } == listed.map { $0["grade"] as? String })
        // Olivia's note on 9.2.1 is hers alone, as in the report.
        #expect(!(try String(contentsOfFile: path, encoding: .utf8)).contains("Ask Paul for plan v3"))

        items[0]["grade"] = "partly"
        var wrongGrade = doc; wrongGrade["items"] = items
        var missing = doc; missing["format"] = nil
        var extra = doc; extra["extra"] = true
        for (name, bad) in [("grade", wrongGrade), ("missing", missing), ("extra", extra)] {
            let file = dir.appendingPathComponent("\(name).json")
            try JSONSerialization.data(withJSONObject: bad).write(to: file)
            let refused = try validate(file.path)
            #expect(refused.status == 1, "\(name): \(refused.stdout)\(refused.stderr)")
        }
    }
}

@Suite struct SameBytesTests {
    /// Every new format gives the same bytes exported twice and from a copy of the workpaper
    /// (another folder, another name).
    @Test(arguments: ["json", "oscal", "requests", "requests-csv"])
    func theSameWorkpaperGivesTheSameBytes(_ format: String) throws {
        let copyDir = try CLI.temporaryDirectory()
        let copy = copyDir.appendingPathComponent("copy of the audit.aimsaudit").path
        #expect(try CLI.tool(["cp", try Demo.workpaper(), copy]).status == 0)
        var outputs: [[Data]] = []
        for source in [try Demo.workpaper(), try Demo.workpaper(), copy] {
            let dir = try CLI.temporaryDirectory()
            let out = dir.appendingPathComponent("export.json").path
            let r = try CLI.run(["export", source, "--format", format, "-o", out])
            #expect(r.status == 0, "\(r.stderr)")
            let files = format == "oscal" ? [out, dir.appendingPathComponent("export.plan.json").path] : [out]
            outputs.append(try files.map { try Data(contentsOf: URL(fileURLWithPath: $0)) })
        }
        #expect(outputs[0].allSatisfy { $0.count > 1000 })
        #expect(outputs[0] == outputs[1])
        #expect(outputs[0] == outputs[2])
    }
}

@Suite struct EvidenceRequestTests {
    /// Requests go to who holds an item during fieldwork, not to its former owner; items already
    /// graded are not asked for again; the CSV holds the same requests as the Markdown.
    @Test func requestsGoToTheCurrentOwnersOfItemsStillToBeAudited() throws {
        let kenji = try CLI.run(["export", try Demo.workpaper(), "--format", "requests", "--auditee", "kenji"])
        #expect(kenji.status == 0, "\(kenji.stderr)")
        #expect(kenji.stdout.contains("## Kenji Mori\n"))
        // Kenji took A.6.2.8 for ClaimSort over from Tomasz in February; its log retention runs
        // automated (one test, no sample). A.6.2.6 for ClaimSort and A.6.2.8 for Ava are graded.
        #expect(kenji.stdout.contains("### A.6.2.8@claimsort AI system recording of event logs\n\n- **Your role:** owner of A.6.2.8 for ClaimSort"))
        #expect(!kenji.stdout.contains("### A.6.2.6@claimsort") && !kenji.stdout.contains("### A.6.2.8@ava"))
        #expect(!kenji.stdout.contains("## Hannah Berg"))
        let tomasz = try CLI.run(["export", try Demo.workpaper(), "--format", "requests", "--auditee", "tomasz"])
        #expect(tomasz.stdout.contains("Nothing is asked of Tomasz Wierzbicki"), "\(tomasz.stdout)")

        // Hannah operates TalentLens's weekly human review: the sample to be drawn, and the list it is drawn from.
        let all = try CLI.run(["export", try Demo.workpaper(), "--format", "requests"])
        #expect(all.stdout.contains("- **Sample:** the control operates weekly: the auditor will draw 10 of its 52 occurrences from 2025-10-01 to 2026-09-30; please send the list of all of them"))
        let csvFile = try CLI.temporaryDirectory().appendingPathComponent("requests.csv").path
        #expect(try CLI.run(["export", try Demo.workpaper(), "--format", "requests-csv", "-o", csvFile]).status == 0)
        let read = "import csv, sys, json; print(json.dumps(list(csv.reader(open(sys.argv[1], newline='')))))"
        let rows = Data(try CLI.tool(["python3", "-c", read, csvFile]).stdout.utf8)
        let parsed = try #require(try JSONSerialization.jsonObject(with: rows) as? [[String]])
        #expect(parsed.first == ["auditee", "auditee_name", "role", "item", "title", "tier", "auditor", "look_for", "sample"])
        let headings = all.stdout.split(separator: "\n").filter { $0.hasPrefix("### ") }.count
        #expect(parsed.count - 1 == headings && headings > 20)
        #expect(parsed.contains { $0[0] == "kenji" && $0[3] == "A.6.2.8@claimsort" })
        #expect(!parsed.contains { $0[0] == "tomasz" })
    }

    @Test func anUnknownAuditeeAnAuditeeElsewhereOrTwoWorkpapersAreUsageErrors() throws {
        let typo = try CLI.run(["export", try Demo.workpaper(), "--format", "requests", "--auditee", "kenjii"])
        #expect(typo.status == 64)
        #expect(typo.stderr.contains("unknown person 'kenjii' (did you mean 'kenji'?)"), "\(typo.stderr)")
        let json = try CLI.run(["export", try Demo.workpaper(), "--format", "json", "--auditee", "kenji"])
        #expect(json.status == 64)
        #expect(json.stderr.contains("--auditee goes with --format requests or requests-csv"), "\(json.stderr)")
        let two = try CLI.run(["export", try Demo.workpaper(), try Demo.workpaper(), "--format", "oscal"])
        #expect(two.status == 64)
        #expect(two.stderr.contains("one workpaper per oscal export; --format review takes several"), "\(two.stderr)")
    }
}
