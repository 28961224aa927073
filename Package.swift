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
    ],
    dependencies: [
        // DEPENDENCIES (keep few; see README "Dependencies")
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
        // MARK: Transport, server and client (added by the transport work)
    ]
)
