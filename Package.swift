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
    ],
    targets: [
        .target(
            name: "AuditCore",
            resources: [.embedInCode("Resources/iso42001-2023.json")]
        ),
        .target(
            name: "Workpaper",
            dependencies: ["AuditCore", .product(name: "Yams", package: "Yams")]
        ),
        .executableTarget(
            name: "aimsaudit",
            dependencies: [
                "AuditCore", "Workpaper",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "AuditCoreTests", dependencies: ["AuditCore"]),
        .testTarget(name: "WorkpaperTests", dependencies: ["Workpaper", "AuditCore"]),
        .testTarget(name: "aimsauditTests", dependencies: ["aimsaudit"]),
    ],
    swiftLanguageModes: [.v6]
)
