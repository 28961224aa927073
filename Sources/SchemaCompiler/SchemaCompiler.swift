import Foundation

/// Reads every `*.schema` file of a directory, checks them as one package and generates Swift.
public enum SchemaCompiler {
    /// Parses and checks the `*.schema` files in `directory` (sorted by name).
    public static func load(directory: String) throws -> Schema {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory)
            .filter { $0.hasSuffix(".schema") }
            .sorted()
        var sources: [(name: String, text: String)] = []
        for name in names {
            let path = (directory as NSString).appendingPathComponent(name)
            guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
                throw SchemaErrors(diagnostics: [SchemaDiagnostic(location: SourceLocation(file: name, line: 1, column: 1),
                                                                  message: "cannot read the file as UTF-8")])
            }
            sources.append((name, text))
        }
        return try check(sources: sources)
    }

    /// Parses and checks in-memory sources; every file's parse error and every check error is reported.
    public static func check(sources: [(name: String, text: String)]) throws(SchemaErrors) -> Schema {
        var files: [SchemaFile] = []
        var problems: [SchemaDiagnostic] = []
        for source in sources {
            do {
                files.append(try SchemaParser.parse(file: source.name, text: source.text))
            } catch {
                problems.append(error)
            }
        }
        if !problems.isEmpty { throw SchemaErrors(diagnostics: problems) }
        return try SchemaChecker.check(files)
    }

    /// Generates the Swift files for `schema`, as name → contents.
    public static func generate(_ schema: Schema) -> [(name: String, contents: String)] {
        SwiftGenerator(schema: schema).generate()
    }

    /// Names of files in `outputDirectory` that differ from, are missing from, or are not part of
    /// the generated set; empty when the committed code is current.
    public static func staleFiles(_ generated: [(name: String, contents: String)], outputDirectory: String) -> [String] {
        var stale: [String] = []
        let existing = Set((try? FileManager.default.contentsOfDirectory(atPath: outputDirectory)) ?? [])
        for file in generated {
            let path = (outputDirectory as NSString).appendingPathComponent(file.name)
            let current = FileManager.default.contents(atPath: path).flatMap { String(data: $0, encoding: .utf8) }
            if current != file.contents { stale.append(file.name) }
        }
        let expected = Set(generated.map(\.name))
        stale += existing.filter { $0.hasSuffix(".swift") && !expected.contains($0) }.sorted()
        return stale
    }

    /// Writes the generated files and removes generated files no longer produced.
    public static func write(_ generated: [(name: String, contents: String)], outputDirectory: String) throws {
        try FileManager.default.createDirectory(atPath: outputDirectory, withIntermediateDirectories: true)
        let expected = Set(generated.map(\.name))
        for name in try FileManager.default.contentsOfDirectory(atPath: outputDirectory)
        where name.hasSuffix(".swift") && !expected.contains(name) {
            try FileManager.default.removeItem(atPath: (outputDirectory as NSString).appendingPathComponent(name))
        }
        for file in generated {
            let path = (outputDirectory as NSString).appendingPathComponent(file.name)
            try Data(file.contents.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        }
    }
}
