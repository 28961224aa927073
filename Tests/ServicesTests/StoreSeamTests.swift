import Foundation
import Testing

/// Services and Server reach storage only through Store's protocols (`BookReader`, `BookWriter`,
/// `RecordReading`, `WriteTransaction`): SQLite's connection, statements, errors and every line of
/// SQL stay behind them, so a second book (PostgreSQL) fits without touching Services. The
/// compiler cannot hold a module to its declared dependencies here, so this reads the sources.
@Suite struct StoreSeamTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Every Swift file under `Sources/<module>`, with its text.
    static func sources(_ module: String) throws -> [(path: String, text: String)] {
        let base = root.appendingPathComponent("Sources/\(module)")
        let files = FileManager.default.enumerator(atPath: base.path)?.compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") } ?? []
        return try files.sorted().map { ("Sources/\(module)/\($0)", try String(contentsOf: base.appendingPathComponent($0), encoding: .utf8)) }
    }

    /// What would show storage leaking through the seam, as (name, pattern).
    static let leaks: [(String, String)] = [
        ("imports the SQLite driver", #"(?m)^\s*(@testable\s+)?import\s+(SQLiteDriver|CSQLite)\b"#),
        ("names an SQLite type", #"\b(Connection|Statement|SQLiteError|SQLValue)\b"#),
        ("calls SQLite directly", #"\bsqlite3_\w+"#),
        ("holds SQL", #"(?i)"[^"\n]*\b(SELECT\s+[\w*(]|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|PRAGMA\s+\w|BEGIN\s+IMMEDIATE|CREATE\s+TABLE)"#),
    ]

    static func findings(in files: [(path: String, text: String)]) throws -> [String] {
        var found: [String] = []
        for (name, pattern) in leaks {
            let regex = try NSRegularExpression(pattern: pattern)
            for file in files {
                for (number, line) in file.text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                    let text = String(line)
                    if text.trimmingCharacters(in: .whitespaces).hasPrefix("//") { continue }  // prose may name them
                    if regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil {
                        found.append("\(file.path):\(number + 1) \(name): \(text.trimmingCharacters(in: .whitespaces))")
                    }
                }
            }
        }
        return found
    }

    @Test(arguments: ["Services", "Server"])
    func reachesStorageOnlyThroughTheStoreProtocols(module: String) throws {
        let files = try Self.sources(module)
        #expect(files.count > 5, "found the module's sources")
        let found = try Self.findings(in: files)
        #expect(found.isEmpty, "\(found.joined(separator: "\n"))")
    }

    /// The scan itself catches each kind of leak (so the test above can fail).
    @Test func theScanFindsEachKindOfLeak() throws {
        let planted: [(path: String, text: String)] = [
            ("a.swift", "import SQLiteDriver\n"),
            ("b.swift", "let c = try Connection(path: p, readOnly: true)\n"),
            ("c.swift", "sqlite3_exec(handle, sql, nil, nil, nil)\n"),
            ("d.swift", #"let q = "SELECT id FROM api_token WHERE name = ?""# + "\n"),
            ("e.swift", "// a comment may say Connection or SELECT x FROM y\nlet server = ServerConnection()\n"),
        ]
        let found = try Self.findings(in: planted)
        #expect(found.map { String($0.prefix(1)) }.sorted() == ["a", "b", "c", "d"], "\(found)")
    }
}
