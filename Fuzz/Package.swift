// swift-tools-version: 6.0
// libFuzzer harnesses for aimsaudit. A separate package so the fuzzing flags never touch the
// main build. The root package exports only the `aimsaudit` executable, and SwiftPM refuses a
// target path outside the package root, so the library targets fuzzed here are declared again
// over symbolic links to the same folders (Mirror/NAME -> ../../Sources/NAME). Their dependencies
// and resources must match ../Package.swift: ../Scripts/fuzz.sh checks that before building.
import PackageDescription

let package = Package(
    name: "aimsaudit-fuzz",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.0.0"),
        .package(url: "https://github.com/JohnSundell/Plot", from: "0.14.0"),
    ],
    targets: [
        // Mirrors of the main package's library targets.
        .target(name: "DidYouMean", path: "Mirror/DidYouMean"),
        .target(
            name: "AuditCore", dependencies: ["DidYouMean"], path: "Mirror/AuditCore",
            resources: [.embedInCode("Resources/iso42001-2023.json")]
        ),
        .target(name: "SafeYAML", dependencies: [.product(name: "Yams", package: "Yams")], path: "Mirror/SafeYAML"),
        .target(
            name: "Workpaper",
            dependencies: [
                "AuditCore", "SafeYAML",
                .product(name: "Yams", package: "Yams"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            path: "Mirror/Workpaper"
        ),
        .target(name: "VisibleText", path: "Mirror/VisibleText"),
        .target(name: "Reports", dependencies: ["AuditCore", "Workpaper", "VisibleText", .product(name: "Plot", package: "Plot")],
                path: "Mirror/Reports"),
        .target(
            name: "BuiltinThemes", path: "Mirror/BuiltinThemes",
            resources: [.embedInCode("default.yaml"), .embedInCode("high-contrast.yaml"),
                        .embedInCode("monochrome.yaml"), .embedInCode("solarized-dark.yaml"),
                        .embedInCode("report-reference.docx")]
        ),
        .target(name: "TerminalKit", dependencies: ["BuiltinThemes", "VisibleText", "DidYouMean", "SafeYAML", .product(name: "Yams", package: "Yams")],
                path: "Mirror/TerminalKit"),

        // One libFuzzer executable per entry point.
        .executableTarget(name: "fuzz-programme", dependencies: ["Workpaper"], path: "Sources/FuzzProgramme"),
        .executableTarget(name: "fuzz-theme", dependencies: ["TerminalKit"], path: "Sources/FuzzTheme"),
        .executableTarget(name: "fuzz-markdown", dependencies: ["Reports", "VisibleText"], path: "Sources/FuzzMarkdown"),
        .executableTarget(name: "fuzz-editor", dependencies: ["TerminalKit"], path: "Sources/FuzzEditor"),
    ],
    swiftLanguageModes: [.v6]
)
