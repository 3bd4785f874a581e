// swift-tools-version:6.0
import PackageDescription

// Dependencies point downwards only:
//   caseload (CLI + app entry) → Screens → Terminal → CNCursesw
//                              ↘ Rules, Journal, Demo → Cases
// Cases, Rules, Toml and TextCells are pure: no file, clock or terminal I/O.
let package = Package(
    name: "Caseload",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "caseload", targets: ["caseload"]),
        .executable(name: "caseload-hub-bench", targets: ["caseload-hub-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
        .package(url: "https://github.com/apple/swift-system", from: "1.4.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.81.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.25.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.5.3"),
    ],
    targets: [
        .target(name: "TextCells"),
        .target(name: "Toml"),
        .target(name: "Cases", dependencies: ["TextCells"]),
        // CRC-32C with the processor's instruction (SSE 4.2 / ARM CRC): Swift has no intrinsics for it.
        .target(name: "CCRC32C"),
        .target(
            name: "Journal",
            dependencies: [
                "Cases", "Toml", "CCRC32C",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "SystemPackage", package: "swift-system"),
            ]
        ),
        .target(name: "Rules", dependencies: ["Cases", "Toml"], resources: [.copy("Resources")]),
        .target(name: "Demo", dependencies: ["Cases", "Journal"]),
        .target(name: "Search", dependencies: ["Cases"]),
        // Roster files (CSV in UTF-8 or GB18030, .xlsx) read into rows and mapped to intake fields.
        // Workbooks are read by its own small zip reader over the system's zlib (see ZipArchive.swift).
        .target(name: "Roster", dependencies: ["Cases", "CZlib"]),
        .systemLibrary(name: "CZlib", providers: [.apt(["zlib1g-dev"])]),
        // The application layer the CLI and the screens share: an open office (journals,
        // policy, calendar), its flags and its search index.
        .target(name: "Office", dependencies: ["Cases", "Journal", "Rules", "Search", "Toml"]),
        // Supervisors' measures, targets and reports: pure, like Rules.
        .target(name: "Reports", dependencies: ["Cases", "Rules", "Toml"]),
        // Replication through a PostgreSQL hub: the only module that talks to a database.
        .target(
            name: "Hub",
            dependencies: [
                "Cases", "Journal",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "SystemPackage", package: "swift-system"),
            ]
        ),
        .systemLibrary(
            name: "CNCursesw",
            providers: [.apt(["libncurses-dev"])]
        ),
        .target(name: "Terminal", dependencies: ["CNCursesw", "TextCells", "Toml"]),
        .target(name: "Screens", dependencies: ["Terminal", "Office", "Cases", "Journal", "Rules", "Search", "TextCells", "Reports"]),
        .executableTarget(
            name: "caseload",
            dependencies: [
                "Cases", "Journal", "Rules", "Office", "Demo", "Screens", "TextCells", "Roster", "Reports", "Hub",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // The benchmark: generates a demo caseload and measures open, append, rules, search and screens.
        .executableTarget(
            name: "caseload-bench",
            dependencies: [
                "Cases", "Journal", "Rules", "Office", "Search", "Screens", "Terminal", "Demo",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // libFuzzer target over the journal, roster, policy, theme and resident-ID parsers; without
        // -sanitize=fuzzer it replays saved inputs. How to run it: README, Reliability.
        .executableTarget(name: "caseload-fuzz", dependencies: ["Cases", "Journal", "Roster", "Rules", "Terminal"]),
        // The hub benchmark: first sync of a large office to an empty hub and back to a fresh desk.
        .executableTarget(name: "caseload-hub-bench", dependencies: ["Cases", "Demo", "Hub", "Journal"]),
        // Seeded generators and byte mutations shared by the fuzz and property tests.
        .target(name: "FuzzSupport", dependencies: ["Cases"], path: "Tests/FuzzSupport"),
        .testTarget(name: "CasesTests", dependencies: ["Cases", "FuzzSupport"]),
        .testTarget(name: "JournalTests", dependencies: ["Journal", "Cases", "FuzzSupport"]),
        .testTarget(name: "RulesTests", dependencies: ["Rules", "Cases", "Toml", "FuzzSupport"]),
        .testTarget(name: "TerminalTests", dependencies: ["Terminal", "TextCells", "Toml", "FuzzSupport"]),
        .testTarget(name: "ScreensTests", dependencies: ["Screens", "Terminal", "Cases", "Rules", "Demo"]),
        .testTarget(name: "SearchTests", dependencies: ["Search", "Cases"]),
        .testTarget(name: "RosterTests", dependencies: ["Roster", "Cases", "FuzzSupport"]),
        .testTarget(name: "DemoTests", dependencies: ["Demo", "Cases", "Journal"]),
        .testTarget(name: "ReportsTests", dependencies: ["Reports", "Cases", "Rules", "Demo"]),
        .testTarget(name: "HubTests", dependencies: ["Hub", "Journal", "Cases", .product(name: "PostgresNIO", package: "postgres-nio")]),
        .testTarget(name: "CLITests", dependencies: ["caseload", "Cases", "Journal", "Search"]),
    ],
    swiftLanguageModes: [.v6]
)
