/// Parses one schema file into a ``SchemaFile``. Grammar (see `schema/WIRE.md`, "Schema language"):
///
///     file     = "package" name ";" { enum | message | service }
///     enum     = "enum" Name "{" { VALUE "=" number ";" } "}"
///     message  = "message" Name "{" { field | reserved } "}"
///     field    = [ "optional" | "repeated" ] type name "=" number ";"
///     reserved = "reserved" ( number [ "to" number ] { "," ... } | "\"name\"" { "," ... } ) ";"
///     service  = "service" Name "{" { [ "mutation" ] "rpc" Name "(" Type ")" "returns" "(" Type ")" ";" } "}"
public struct SchemaParser {
    private var tokens: [Token]
    private var index = 0
    private let fileName: String

    /// Parses `text`, naming `file` in errors.
    public static func parse(file: String, text: String) throws(SchemaDiagnostic) -> SchemaFile {
        var lexer = SchemaLexer(file: file, text: text)
        var parser = SchemaParser(tokens: try lexer.tokenize(), fileName: file)
        return try parser.parseFile()
    }

    private init(tokens: [Token], fileName: String) {
        self.tokens = tokens
        self.fileName = fileName
    }

    private var current: Token { tokens[index] }

    private mutating func next() -> Token {
        let token = tokens[index]
        if index < tokens.count - 1 { index += 1 }
        return token
    }

    private func error(_ message: String, at token: Token? = nil) -> SchemaDiagnostic {
        SchemaDiagnostic(location: (token ?? current).location, message: message)
    }

    private func describe(_ token: Token) -> String {
        switch token.kind {
        case .identifier(let name): "'\(name)'"
        case .integer(let value): "'\(value)'"
        case .string(let text): "\"\(text)\""
        case .symbol(let symbol): "'\(symbol)'"
        case .end: "end of file"
        }
    }

    private mutating func expectSymbol(_ symbol: Character) throws(SchemaDiagnostic) {
        guard case .symbol(symbol) = current.kind else {
            throw error("expected '\(symbol)', found \(describe(current))")
        }
        _ = next()
    }

    private mutating func expectIdentifier(_ what: String) throws(SchemaDiagnostic) -> (String, Token) {
        let token = current
        guard case .identifier(let name) = token.kind else {
            throw error("expected \(what), found \(describe(token))")
        }
        _ = next()
        return (name, token)
    }

    private mutating func expectKeyword(_ keyword: String) throws(SchemaDiagnostic) {
        guard case .identifier(keyword) = current.kind else {
            throw error("expected '\(keyword)', found \(describe(current))")
        }
        _ = next()
    }

    private mutating func expectNumber(_ what: String) throws(SchemaDiagnostic) -> (UInt64, Token) {
        let token = current
        guard case .integer(let value) = token.kind else {
            throw error("expected \(what), found \(describe(token))")
        }
        _ = next()
        return (value, token)
    }

    private func isSymbol(_ symbol: Character) -> Bool {
        if case .symbol(symbol) = current.kind { return true }
        return false
    }

    private mutating func parseFile() throws(SchemaDiagnostic) -> SchemaFile {
        try expectKeyword("package")
        let (package, packageToken) = try expectIdentifier("a package name")
        guard package.split(separator: ".", omittingEmptySubsequences: false).allSatisfy({ !$0.isEmpty }) else {
            throw error("invalid package name '\(package)'", at: packageToken)
        }
        try expectSymbol(";")
        var file = SchemaFile(name: fileName, package: package)
        while true {
            let token = current
            switch token.kind {
            case .end:
                return file
            case .identifier("enum"):
                file.enums.append(try parseEnum())
            case .identifier("message"):
                file.messages.append(try parseMessage())
            case .identifier("service"):
                file.services.append(try parseService())
            default:
                throw error("expected 'enum', 'message' or 'service', found \(describe(token))")
            }
        }
    }

    private mutating func parseEnum() throws(SchemaDiagnostic) -> EnumDefinition {
        let keyword = next()
        let (name, _) = try expectIdentifier("an enum name")
        try expectSymbol("{")
        var values: [EnumValueDefinition] = []
        while !isSymbol("}") {
            let (valueName, token) = try expectIdentifier("an enum value name")
            try expectSymbol("=")
            let (number, numberToken) = try expectNumber("a value number")
            guard number <= UInt64(Int32.max) else { throw error("enum value \(number) is over 2147483647", at: numberToken) }
            try expectSymbol(";")
            values.append(EnumValueDefinition(name: valueName, number: UInt32(number), doc: token.doc, location: token.location))
        }
        _ = next()
        return EnumDefinition(name: name, values: values, doc: keyword.doc, location: keyword.location)
    }

    private mutating func parseMessage() throws(SchemaDiagnostic) -> MessageDefinition {
        let keyword = next()
        let (name, _) = try expectIdentifier("a message name")
        try expectSymbol("{")
        var message = MessageDefinition(name: name, fields: [], reservedNumbers: [], reservedNames: [],
                                        doc: keyword.doc, location: keyword.location)
        while !isSymbol("}") {
            let first = current
            if case .identifier("reserved") = first.kind {
                _ = next()
                try parseReserved(into: &message)
                continue
            }
            var cardinality = FieldCardinality.singular
            if case .identifier("optional") = first.kind {
                cardinality = .optional
                _ = next()
            } else if case .identifier("repeated") = first.kind {
                cardinality = .repeated
                _ = next()
            }
            let (typeName, _) = try expectIdentifier("a field type")
            let (fieldName, _) = try expectIdentifier("a field name")
            try expectSymbol("=")
            let (number, numberToken) = try expectNumber("a field number")
            guard number >= 1, number <= 0x1FFF_FFFF else {
                throw error("field number \(number) is outside 1...536870911", at: numberToken)
            }
            try expectSymbol(";")
            let type = FieldType.scalars[typeName] ?? .named(typeName)
            message.fields.append(FieldDefinition(name: fieldName, number: UInt32(number), type: type,
                                                  cardinality: cardinality, doc: first.doc, location: first.location))
        }
        _ = next()
        return message
    }

    private mutating func parseReserved(into message: inout MessageDefinition) throws(SchemaDiagnostic) {
        if case .string = current.kind {
            while true {
                guard case .string(let reservedName) = current.kind else {
                    throw error("expected a quoted field name, found \(describe(current))")
                }
                _ = next()
                message.reservedNames.append(reservedName)
                if isSymbol(",") { _ = next() } else { break }
            }
        } else {
            while true {
                let (low, lowToken) = try expectNumber("a field number or a quoted name")
                var high = low
                if case .identifier("to") = current.kind {
                    _ = next()
                    (high, _) = try expectNumber("a field number")
                }
                guard low >= 1, high >= low, high <= 0x1FFF_FFFF else {
                    throw error("invalid reserved range \(low) to \(high)", at: lowToken)
                }
                message.reservedNumbers.append(UInt32(low)...UInt32(high))
                if isSymbol(",") { _ = next() } else { break }
            }
        }
        try expectSymbol(";")
    }

    private mutating func parseService() throws(SchemaDiagnostic) -> ServiceDefinition {
        let keyword = next()
        let (name, _) = try expectIdentifier("a service name")
        try expectSymbol("{")
        var methods: [MethodDefinition] = []
        while !isSymbol("}") {
            let first = current
            var isMutation = false
            if case .identifier("mutation") = first.kind {
                isMutation = true
                _ = next()
            }
            try expectKeyword("rpc")
            let (methodName, _) = try expectIdentifier("a method name")
            try expectSymbol("(")
            let (request, _) = try expectIdentifier("a request message")
            try expectSymbol(")")
            try expectKeyword("returns")
            try expectSymbol("(")
            let (response, _) = try expectIdentifier("a response message")
            try expectSymbol(")")
            try expectSymbol(";")
            methods.append(MethodDefinition(name: methodName, requestType: request, responseType: response,
                                            isMutation: isMutation, doc: first.doc, location: first.location))
        }
        _ = next()
        return ServiceDefinition(name: name, methods: methods, doc: keyword.doc, location: keyword.location)
    }
}
