// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "aimsaudit",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "aimsaudit", targets: ["aimsaudit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.0.0"),
        // HTML written through a typed DSL, so that text is escaped by construction.
        .package(url: "https://github.com/JohnSundell/Plot", from: "0.14.0"),
    ],
    targets: [
        .target(name: "DidYouMean"),
        .target(
            name: "AuditCore", dependencies: ["DidYouMean"],
            resources: [.embedInCode("Resources/iso42001-2023.json")]
        ),
        .target(name: "SafeYAML", dependencies: [.product(name: "Yams", package: "Yams")]),
        .target(
            name: "Workpaper",
            dependencies: [
                "AuditCore", "SafeYAML",
                .product(name: "Yams", package: "Yams"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(name: "VisibleText"),
        .target(name: "Reports", dependencies: ["AuditCore", "Workpaper", "VisibleText", .product(name: "Plot", package: "Plot")]),
        .target(
            name: "BuiltinThemes", path: "Themes",
            resources: [.embedInCode("default.yaml"), .embedInCode("high-contrast.yaml"),
                        .embedInCode("monochrome.yaml"), .embedInCode("solarized-dark.yaml"),
                        .embedInCode("report-reference.docx")]
        ),
        .target(
            name: "SampleBundle", path: "SampleData/harbourline",
            exclude: ["README.md", "report.md", "csv"],
            resources: [.embedInCode("programme.yaml"), .embedInCode("make-demo.sh"),
                        .embedInCode("evidence/ava-logging-config.yaml"),
                        .embedInCode("evidence/claimsort-drift-report-2026-09.csv")]
        ),
        .target(name: "TerminalKit", dependencies: ["BuiltinThemes", "VisibleText", "DidYouMean", "SafeYAML", .product(name: "Yams", package: "Yams")]),
        .systemLibrary(name: "CNcursesw", path: "Sources/CNcursesw", providers: [.apt(["libncursesw5-dev"])]),
        .target(name: "CursesTerminal", dependencies: ["CNcursesw", "TerminalKit"]),
        .target(name: "Fieldwork", dependencies: ["AuditCore", "Workpaper", "Reports", "TerminalKit"]),
        // How both executables write to the console and turn a workpaper error into an exit code.
        .target(name: "ConsoleSupport", dependencies: [
            "Workpaper", "VisibleText", .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(
            name: "aimsaudit",
            dependencies: [
                "AuditCore", "Workpaper", "Reports", "TerminalKit", "CursesTerminal", "Fieldwork", "SampleBundle", "VisibleText", "SafeYAML",
                "BuiltinThemes",
                "ConsoleSupport",
                "ProgrammeTables",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        // Developer commands (synthetic programmes, in-process benchmarks), kept out of the
        // shipped binary and out of `products`: `swift build --product aimsaudit-dev`.
        .executableTarget(
            name: "aimsaudit-dev",
            dependencies: [
                "AuditCore", "Workpaper", "TerminalKit", "Fieldwork", "ConsoleSupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Programme sections as spreadsheets: CSV tables into and out of a programme file.
        .target(name: "ProgrammeTables", dependencies: [
            "AuditCore", "Workpaper", "SafeYAML", "DidYouMean", .product(name: "Yams", package: "Yams"),
        ]),
        // The folders the tests write in, removed when the test run ends.
        .target(name: "TestFolders", path: "Tests/TestFolders"),
        .testTarget(name: "ProgrammeTablesTests", dependencies: ["ProgrammeTables", "AuditCore", "Workpaper"]),
        .testTarget(name: "AuditCoreTests", dependencies: ["AuditCore"]),
        .testTarget(name: "WorkpaperTests", dependencies: [
            "Workpaper", "AuditCore", "TestFolders",
            .product(name: "GRDB", package: "GRDB.swift"), .product(name: "Crypto", package: "swift-crypto"),
        ]),
        .testTarget(name: "TerminalKitTests", dependencies: ["TerminalKit"]),
        .testTarget(name: "FieldworkTests", dependencies: ["Fieldwork", "TerminalKit", "AuditCore", "Workpaper", "TestFolders",
                                                       .product(name: "GRDB", package: "GRDB.swift")], exclude: ["Golden"]),
        .testTarget(name: "ReportsTests", dependencies: ["Reports", "AuditCore", "Workpaper", "VisibleText", "TestFolders"]),
        .testTarget(name: "aimsauditTests", dependencies: ["aimsaudit", "aimsaudit-dev", "AuditCore", "TestFolders"]),
    ],
    swiftLanguageModes: [.v6]
)
