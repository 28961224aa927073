import Foundation
import SchemaCompiler
import Testing

/// The generated code committed in Sources/Protocol/Generated is what schemac makes from schema/.
@Suite struct GeneratedCodeTests {
    static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    @Test func committedGeneratedCodeIsCurrent() throws {
        let schema = try SchemaCompiler.load(directory: Self.root + "/schema")
        let generated = SchemaCompiler.generate(schema)
        let stale = SchemaCompiler.staleFiles(generated, outputDirectory: Self.root + "/Sources/Protocol/Generated")
        #expect(stale.isEmpty, "stale generated files: \(stale); run `swift run schemac` and commit the result")
    }

    @Test func everyGeneratedFileSaysDoNotEdit() throws {
        let schema = try SchemaCompiler.load(directory: Self.root + "/schema")
        for file in SchemaCompiler.generate(schema) {
            #expect(file.contents.hasPrefix("// DO NOT EDIT."), "\(file.name)")
        }
    }

    @Test func staleCheckNoticesAnEditedFile() throws {
        let schema = try SchemaCompiler.load(directory: Self.root + "/schema")
        let generated = SchemaCompiler.generate(schema)
        let directory = NSTemporaryDirectory() + "schemac-stale-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try SchemaCompiler.write(generated, outputDirectory: directory)
        #expect(SchemaCompiler.staleFiles(generated, outputDirectory: directory).isEmpty)
        let victim = directory + "/" + generated[0].name
        try (generated[0].contents + "// edited by hand\n").write(toFile: victim, atomically: true, encoding: .utf8)
        try "// left over\n".write(toFile: directory + "/Old.generated.swift", atomically: true, encoding: .utf8)
        #expect(SchemaCompiler.staleFiles(generated, outputDirectory: directory) == [generated[0].name, "Old.generated.swift"])
    }

    @Test func fingerprintIgnoresCommentsButNotNumbers() throws {
        let base = try SchemaCompiler.check(sources: [("a.schema", "package p;\nmessage M { int32 a = 1; }")])
        let commented = try SchemaCompiler.check(sources: [("a.schema", "package p;\n/// Doc.\nmessage M {\n  // hi\n  int32 a = 1;\n}")])
        let renumbered = try SchemaCompiler.check(sources: [("a.schema", "package p;\nmessage M { int32 a = 2; }")])
        #expect(SchemaFingerprint.of(base) == SchemaFingerprint.of(commented))
        #expect(SchemaFingerprint.of(base) != SchemaFingerprint.of(renumbered))
    }
}
