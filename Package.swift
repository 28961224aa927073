// swift-tools-version:6.0
import PackageDescription

// Collect: a collection-management backend. See README.md and docs/ for the design.
// Targets follow the direction of ../shared/docs/ARCHITECTURE.md: Protocol and Domain know
// nothing of sockets or SQL; Transport knows nothing of collections.
let package = Package(
    name: "collect",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "schemac", targets: ["schemac"]),
        .library(name: "Protocol", targets: ["Protocol"]),
        .library(name: "Transport", targets: ["Transport"]),
        .executable(name: "collect-server", targets: ["Server"]),
        .executable(name: "collectctl", targets: ["Client"]),
    ],
    dependencies: [
        // DEPENDENCIES (keep few; see README "Dependencies")
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.2.0"),
        // Strategy files (docs/STRATEGIES.md): a YAML parser that keeps each node's line and column.
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
        // The card ledger's feed files (docs/INTAKE.md): a kept CSV reader rather than splitting by hand.
        .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.2"),
    ],
    targets: [
        // MARK: Protocol: schema compiler and the generated wire protocol
        .target(name: "SchemaCompiler", path: "Sources/SchemaCompiler"),
        .executableTarget(name: "schemac", dependencies: ["SchemaCompiler"], path: "Sources/schemac"),
        .target(name: "Protocol", path: "Sources/Protocol"),
        .target(name: "ProtocolFixtures", dependencies: ["Protocol"], path: "Sources/ProtocolFixtures"),
        .executableTarget(name: "CodecBench", dependencies: ["Protocol", "ProtocolFixtures"], path: "bench/CodecBench"),
        .testTarget(
            name: "ProtocolTests",
            dependencies: ["Protocol", "ProtocolFixtures", "SchemaCompiler"],
            path: "Tests/ProtocolTests"
        ),
        .testTarget(
            name: "SchemaCompilerTests",
            dependencies: ["SchemaCompiler"],
            path: "Tests/SchemaCompilerTests"
        ),
        // MARK: Store: SQLite, group-commit writer, idempotency, audit
        .systemLibrary(name: "CSQLite", path: "Sources/CSQLite", providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CLibCrypto", path: "Sources/CLibCrypto", providers: [.apt(["libssl-dev"])]),
        .target(name: "Crypto", dependencies: ["CLibCrypto"], path: "Sources/Crypto"),
        // SQLite's connection, statements and errors: only Store (and tools that build books) see them.
        .target(name: "SQLiteDriver", dependencies: ["CSQLite"], path: "Sources/SQLiteDriver"),
        .target(name: "Store", dependencies: ["SQLiteDriver", "Domain", "Crypto", "Metrics"], path: "Sources/Store"),
        .executableTarget(name: "StoreCrashProbe", dependencies: ["Store"], path: "Tests/StoreCrashProbe"),
        .testTarget(name: "StoreTests", dependencies: ["Store", "SQLiteDriver", "Domain", "Crypto", "StoreCrashProbe"], path: "Tests/StoreTests"),
        // MARK: Services: collect.v1 over protocol, domain and store (transport-neutral)
        .target(name: "Services", dependencies: ["Protocol", "Domain", "Store", "Crypto", "Automation", "PaymentFiles"], path: "Sources/Services"),
        .testTarget(name: "ServicesTests", dependencies: ["Services", "Protocol", "Domain", "Store", "SQLiteDriver", "Crypto"], path: "Tests/ServicesTests"),
        // Seed builds an SQLite book in bulk, so it reaches the driver directly (Services and Server never do).
        .target(name: "Seed", dependencies: ["Domain", "Store", "SQLiteDriver", "Crypto"], path: "Sources/Seed"),
        .testTarget(name: "SeedTests", dependencies: ["Seed", "Domain", "Store", "SQLiteDriver", "Crypto"], path: "Tests/SeedTests"),
        .executableTarget(name: "LookupBench", dependencies: ["Services", "Store", "SQLiteDriver", "Protocol", "Crypto"], path: "bench/LookupBench"),
        .testTarget(name: "EndToEndTests", dependencies: ["Server", "Client", "Store", "SQLiteDriver", "Domain"], path: "Tests/EndToEndTests"),
        .executableTarget(
            name: "Client",
            dependencies: ["Protocol", "Transport", "Domain", "Crypto", .product(name: "ArgumentParser", package: "swift-argument-parser"),
                           .product(name: "Histogram", package: "hdrhistogram-swift"), .product(name: "CSV", package: "CSV.swift")],
            path: "Sources/Client"
        ),
        // MARK: Metrics: counters, gauges and histograms in Prometheus' text format (no I/O)
        .target(name: "Metrics", path: "Sources/Metrics"),
        .testTarget(name: "MetricsTests", dependencies: ["Metrics"], path: "Tests/MetricsTests"),
        // MARK: Domain
        .target(name: "Domain", path: "Sources/Domain"),
        .testTarget(name: "DomainTests", dependencies: ["Domain"], path: "Tests/DomainTests"),
        // MARK: Automation: strategies as data, segments, treatments, champion/challenger (pure)
        .target(name: "Automation", dependencies: ["Domain", .product(name: "Yams", package: "Yams")], path: "Sources/Automation"),
        .testTarget(name: "AutomationTests", dependencies: ["Automation", "Domain"], path: "Tests/AutomationTests",
                    exclude: ["Fixtures"]),
        .executableTarget(name: "StrategyBench", dependencies: ["Automation", "Domain"], path: "bench/StrategyBench"),
        // MARK: PaymentFiles: the banks' incoming-payment files, parsed and checked (no I/O)
        .target(name: "PaymentFiles", dependencies: ["Domain"], path: "Sources/PaymentFiles"),
        .testTarget(name: "PaymentFilesTests", dependencies: ["PaymentFiles", "Domain"], path: "Tests/PaymentFilesTests",
                    exclude: ["Fixtures"]),
        // MARK: Transport, server and client (added by the transport work)
        .systemLibrary(name: "CNghttp2", path: "Sources/CNghttp2", pkgConfig: "libnghttp2",
                       providers: [.apt(["libnghttp2-dev"])]),
        .systemLibrary(name: "COpenSSL", path: "Sources/COpenSSL", pkgConfig: "openssl",
                       providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CLinuxEvents", path: "Sources/CLinuxEvents"),
        .target(
            name: "Transport",
            dependencies: ["Protocol", "Metrics", "CNghttp2", "COpenSSL", "CLinuxEvents", .product(name: "Logging", package: "swift-log")],
            path: "Sources/Transport",
            // Every mutable object here is confined to one loop thread, so the run-time
            // exclusivity checks (a thread-local access set per property access) guard nothing;
            // the profile showed them on every nghttp2 callback. Compile-time checks remain.
            swiftSettings: [.unsafeFlags(["-enforce-exclusivity=unchecked"])]
        ),
        .executableTarget(
            name: "Server",
            dependencies: ["Transport", "Services", "Store", "Seed", "Domain", "Crypto", "Protocol", "Metrics",
                           .product(name: "ArgumentParser", package: "swift-argument-parser"),
                           .product(name: "Logging", package: "swift-log")],
            path: "Sources/Server"
        ),
        .testTarget(name: "TransportTests", dependencies: ["Transport", "Protocol", "Metrics"], path: "Tests/TransportTests"),
    ]
)
