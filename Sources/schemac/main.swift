import Foundation
import SchemaCompiler

// schemac: compiles schema/*.schema into Sources/Protocol/Generated.
//
//   schemac [--schema DIR] [--output DIR] [--check]
//
// --check writes nothing and exits 1 when the committed code differs from what the schema gives.

var schemaDirectory = "schema"
var outputDirectory = "Sources/Protocol/Generated"
var checkOnly = false
var arguments = CommandLine.arguments.dropFirst()
func fail(_ message: String, code: Int32 = 2) -> Never {
    FileHandle.standardError.write(Data((message + "\n").utf8))
    exit(code)
}
while let argument = arguments.popFirst() {
    switch argument {
    case "--schema":
        guard let value = arguments.popFirst() else { fail("--schema needs a directory") }
        schemaDirectory = value
    case "--output":
        guard let value = arguments.popFirst() else { fail("--output needs a directory") }
        outputDirectory = value
    case "--check": checkOnly = true
    case "-h", "--help":
        print("usage: schemac [--schema DIR] [--output DIR] [--check]")
        exit(0)
    default: fail("schemac: unknown argument '\(argument)'; see --help")
    }
}

do {
    let schema = try SchemaCompiler.load(directory: schemaDirectory)
    let generated = SchemaCompiler.generate(schema)
    if checkOnly {
        let stale = SchemaCompiler.staleFiles(generated, outputDirectory: outputDirectory)
        if !stale.isEmpty { fail("schemac: generated code is stale: \(stale.joined(separator: ", ")); run `swift run schemac`", code: 1) }
        print("schemac: \(generated.count) generated files are current")
    } else {
        try SchemaCompiler.write(generated, outputDirectory: outputDirectory)
        print("schemac: wrote \(generated.count) files to \(outputDirectory)")
    }
} catch let errors as SchemaErrors {
    fail(errors.description, code: 1)
} catch {
    fail("schemac: \(error)")
}
