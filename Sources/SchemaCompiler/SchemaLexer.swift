/// A token of the schema language.
struct Token: Sendable, Hashable {
    enum Kind: Sendable, Hashable {
        case identifier(String)
        case integer(UInt64)
        case string(String)
        case symbol(Character)
        case end
    }

    var kind: Kind
    var location: SourceLocation
    /// `///` lines immediately before this token.
    var doc: [String]
}

/// Splits a schema file into tokens. `//` starts a comment; `///` a doc comment that belongs to
/// the next declaration.
struct SchemaLexer {
    private let scalars: [Unicode.Scalar]
    private let file: String
    private var index = 0
    private var line = 1
    private var column = 1

    init(file: String, text: String) {
        self.file = file
        self.scalars = Array(text.unicodeScalars)
    }

    private var location: SourceLocation { SourceLocation(file: file, line: line, column: column) }

    private func peek(_ ahead: Int = 0) -> Unicode.Scalar? {
        index + ahead < scalars.count ? scalars[index + ahead] : nil
    }

    private mutating func advance() {
        if scalars[index] == "\n" {
            line += 1
            column = 1
        } else {
            column += 1
        }
        index += 1
    }

    mutating func tokenize() throws(SchemaDiagnostic) -> [Token] {
        var tokens: [Token] = []
        var doc: [String] = []
        while true {
            // Skip white space and comments, collecting doc comments.
            while let scalar = peek() {
                if scalar == " " || scalar == "\t" || scalar == "\r" || scalar == "\n" {
                    advance()
                } else if scalar == "/" && peek(1) == "/" {
                    let isDoc = peek(2) == "/" && peek(3) != "/"
                    var text = ""
                    while let next = peek(), next != "\n" {
                        text.unicodeScalars.append(next)
                        advance()
                    }
                    if isDoc {
                        var body = Substring(text.dropFirst(3))
                        if body.first == " " { body = body.dropFirst() }
                        doc.append(String(body))
                    }
                } else if scalar == "/" && peek(1) == "*" {
                    throw SchemaDiagnostic(location: location, message: "block comments are not supported; use //")
                } else {
                    break
                }
            }
            let start = location
            guard let scalar = peek() else {
                tokens.append(Token(kind: .end, location: start, doc: doc))
                return tokens
            }
            if scalar.properties.isAlphabetic && scalar.isASCII || scalar == "_" {
                var name = ""
                while let next = peek(), next.isASCII && (next.properties.isAlphabetic || next.properties.numericType != nil || next == "_" || next == ".") {
                    name.unicodeScalars.append(next)
                    advance()
                }
                tokens.append(Token(kind: .identifier(name), location: start, doc: doc))
            } else if ("0"..."9").contains(scalar) {
                var value: UInt64 = 0
                while let next = peek(), ("0"..."9").contains(next) {
                    let (times, overflow1) = value.multipliedReportingOverflow(by: 10)
                    let (sum, overflow2) = times.addingReportingOverflow(UInt64(next.value - 48))
                    if overflow1 || overflow2 { throw SchemaDiagnostic(location: start, message: "number is too large") }
                    value = sum
                    advance()
                }
                if let next = peek(), next.properties.isAlphabetic || next == "_" {
                    throw SchemaDiagnostic(location: location, message: "unexpected '\(next)' after a number")
                }
                tokens.append(Token(kind: .integer(value), location: start, doc: doc))
            } else if scalar == "\"" {
                advance()
                var text = ""
                while true {
                    guard let next = peek(), next != "\n" else {
                        throw SchemaDiagnostic(location: start, message: "unterminated string")
                    }
                    advance()
                    if next == "\"" { break }
                    text.unicodeScalars.append(next)
                }
                tokens.append(Token(kind: .string(text), location: start, doc: doc))
            } else if "{}()=;,".unicodeScalars.contains(scalar) {
                advance()
                tokens.append(Token(kind: .symbol(Character(scalar)), location: start, doc: doc))
            } else {
                throw SchemaDiagnostic(location: start, message: "unexpected character '\(scalar)'")
            }
            doc = []
        }
    }
}
