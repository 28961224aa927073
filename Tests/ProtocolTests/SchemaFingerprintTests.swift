import Foundation
import Protocol
import Testing

/// `SchemaInfo.fingerprint` is what `schema/WIRE.md` §9 ("Schema fingerprint") says, recomputed
/// here from the `schema/*.schema` files by a reader written from that section alone (it does not
/// use the schema compiler), as an implementer in another language would.
@Suite struct SchemaFingerprintTests {
    /// A token: a word (identifier or keyword), a number, a quoted string or one symbol.
    enum Token: Equatable {
        case word(String), number(UInt64), quoted(String), symbol(Character)
    }

    /// Comments (`//` to the end of the line) removed, then split into tokens.
    static func tokens(_ text: String) throws -> [Token] {
        var tokens: [Token] = []
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = rawLine.range(of: "//").map { rawLine[..<$0.lowerBound] } ?? rawLine
            var rest = Substring(line)
            while let first = rest.first {
                if first == " " || first == "\t" || first == "\r" {
                    rest = rest.dropFirst()
                } else if first.isLetter || first == "_" {
                    let word = rest.prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." }
                    tokens.append(.word(String(word)))
                    rest = rest.dropFirst(word.count)
                } else if first.isNumber {
                    let digits = rest.prefix { $0.isNumber }
                    tokens.append(.number(try #require(UInt64(digits))))
                    rest = rest.dropFirst(digits.count)
                } else if first == "\"" {
                    let body = rest.dropFirst().prefix { $0 != "\"" }
                    tokens.append(.quoted(String(body)))
                    rest = rest.dropFirst(body.count + 2)
                } else {
                    tokens.append(.symbol(first))
                    rest = rest.dropFirst()
                }
            }
        }
        return tokens
    }

    /// The canonical lines of WIRE.md §9 from every file's tokens: (section lines by name).
    struct Collected {
        var package = ""
        var enums: [String: [(UInt64, String)]] = [:]
        var messages: [String: [(UInt64, String)]] = [:]
        var services: [String: [(String, String)]] = [:]
    }

    static func collect(_ tokens: [Token], into collected: inout Collected) throws {
        var index = 0
        func next() -> Token { defer { index += 1 }; return tokens[index] }
        func word() throws -> String {
            guard case .word(let text) = next() else { throw Malformed(index: index) }
            return text
        }
        func number() throws -> UInt64 {
            guard case .number(let value) = next() else { throw Malformed(index: index) }
            return value
        }
        func skip(to symbol: Character) { while next() != .symbol(symbol) {} }
        while index < tokens.count {
            switch try word() {
            case "package":
                collected.package = try word()
                skip(to: ";")
            case "enum":
                let name = try word()
                skip(to: "{")
                var values: [(UInt64, String)] = []
                while tokens[index] != .symbol("}") {
                    let value = try word()
                    _ = next()  // =
                    values.append((try number(), value))
                    skip(to: ";")
                }
                _ = next()
                collected.enums[name] = values
            case "message":
                let name = try word()
                skip(to: "{")
                var fields: [(UInt64, String)] = []
                while tokens[index] != .symbol("}") {
                    var first = try word()
                    if first == "reserved" {
                        skip(to: ";")
                        continue
                    }
                    var cardinality = ""
                    if first == "optional" || first == "repeated" {
                        cardinality = first + " "
                        first = try word()
                    }
                    let fieldName = try word()
                    _ = next()  // =
                    fields.append((try number(), "\(cardinality)\(first) \(fieldName)"))
                    skip(to: ";")
                }
                _ = next()
                collected.messages[name] = fields
            case "service":
                let name = try word()
                skip(to: "{")
                var methods: [(String, String)] = []
                while tokens[index] != .symbol("}") {
                    var first = try word()
                    let mutation = first == "mutation" ? "mutation " : ""
                    if first == "mutation" { first = try word() }  // rpc
                    let method = try word()
                    _ = next()  // (
                    let request = try word()
                    _ = next()  // )
                    _ = try word()  // returns
                    _ = next()  // (
                    let response = try word()
                    skip(to: ";")
                    methods.append((method, "\(mutation)\(method)(\(request)) \(response)"))
                }
                _ = next()
                collected.services[name] = methods
            default:
                throw Malformed(index: index)
            }
        }
    }

    struct Malformed: Error { let index: Int }

    static func byBytes(_ a: String, _ b: String) -> Bool { Array(a.utf8).lexicographicallyPrecedes(Array(b.utf8)) }

    /// WIRE.md §9's canonical text.
    static func canonicalText(_ collected: Collected) -> String {
        var text = "package \(collected.package)\n"
        for name in collected.enums.keys.sorted(by: byBytes) {
            text += "enum \(name)\n"
            for (number, value) in collected.enums[name]!.sorted(by: { $0.0 < $1.0 }) { text += "  \(number) \(value)\n" }
        }
        for name in collected.messages.keys.sorted(by: byBytes) {
            text += "message \(name)\n"
            for (number, field) in collected.messages[name]!.sorted(by: { $0.0 < $1.0 }) { text += "  \(number) \(field)\n" }
        }
        for name in collected.services.keys.sorted(by: byBytes) {
            text += "service \(name)\n"
            for (_, method) in collected.services[name]!.sorted(by: { byBytes($0.0, $1.0) }) { text += "  \(method)\n" }
        }
        return text
    }

    /// 64-bit FNV-1a of the UTF-8 bytes, as `fnv1a64:` and 16 lower-case hex digits.
    static func fingerprint(_ text: String) -> String {
        var hash: UInt64 = 14_695_981_039_346_656_037
        for byte in text.utf8 {
            hash = (hash ^ UInt64(byte)) &* 1_099_511_628_211
        }
        let hex = String(hash, radix: 16)
        return "fnv1a64:" + String(repeating: "0", count: 16 - hex.count) + hex
    }

    @Test func fingerprintFollowsTheDocumentedAlgorithm() throws {
        let directory = repositoryRoot + "/schema"
        var collected = Collected()
        for name in try FileManager.default.contentsOfDirectory(atPath: directory) where name.hasSuffix(".schema") {
            try Self.collect(try Self.tokens(try String(contentsOfFile: directory + "/" + name, encoding: .utf8)), into: &collected)
        }
        #expect(collected.messages.count > 50 && collected.services.count >= 4, "the reader found too little")
        let text = Self.canonicalText(collected)
        #expect(text.contains("\nmessage Money\n  1 int64 minor_units\n  2 Currency currency\n"))
        #expect(Self.fingerprint(text) == SchemaInfo.fingerprint)
    }

    /// The documented example: FNV-1a-64 of the empty input is its offset basis, of "a" the
    /// published value.
    @Test func hashMatchesPublishedFNV1aValues() {
        #expect(Self.fingerprint("") == "fnv1a64:cbf29ce484222325")
        #expect(Self.fingerprint("a") == "fnv1a64:af63dc4c8601ec8c")
    }
}
