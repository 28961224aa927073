/// Checks parsed files as one package and builds the ``Schema``; reports every problem found.
public enum SchemaChecker {
    /// Type names that would shadow what generated code uses.
    static let reservedTypeNames: Set<String> = [
        "Any", "Array", "Bool", "CalendarDate", "Character", "Dictionary", "Double", "Equatable", "Error",
        "FieldKey", "Float", "GRPCStatusCode", "Hashable", "Int", "Int32", "Int64", "MethodDescriptor",
        "MethodInfo", "Never", "Optional", "Protocol", "Result", "Self", "Sendable", "Set", "String", "Type",
        "UInt", "UInt32", "UInt64", "UInt8", "WireError", "WireLimits", "WireMessage", "WireReader",
        "WireType", "WireWriter", "SchemaInfo",
    ]

    /// Checks `files` (all of one package).
    public static func check(_ files: [SchemaFile]) throws(SchemaErrors) -> Schema {
        var problems: [SchemaDiagnostic] = []
        func report(_ location: SourceLocation, _ message: String) {
            problems.append(SchemaDiagnostic(location: location, message: message))
        }
        guard let package = files.first?.package else {
            throw SchemaErrors(diagnostics: [SchemaDiagnostic(location: SourceLocation(file: "schema", line: 1, column: 1),
                                                              message: "no schema files")])
        }
        var enums: [String: EnumDefinition] = [:]
        var messages: [String: MessageDefinition] = [:]
        var typeLocations: [String: SourceLocation] = [:]

        func declare(_ name: String, _ location: SourceLocation) -> Bool {
            if let previous = typeLocations[name] {
                report(location, "'\(name)' is already declared at \(previous)")
                return false
            }
            if reservedTypeNames.contains(name) {
                report(location, "'\(name)' is a reserved name; it would shadow a type the generated code uses")
                return false
            }
            if !isUpperCamel(name) { report(location, "type name '\(name)' must be UpperCamelCase") }
            typeLocations[name] = location
            return true
        }

        for file in files {
            if file.package != package {
                report(SourceLocation(file: file.name, line: 1, column: 1),
                       "package '\(file.package)' differs from '\(package)' declared in \(files[0].name)")
            }
            for definition in file.enums where declare(definition.name, definition.location) { enums[definition.name] = definition }
            for definition in file.messages where declare(definition.name, definition.location) { messages[definition.name] = definition }
            for service in file.services { _ = declare(service.name, service.location) }
        }

        for definition in enums.values.sorted(by: { $0.name < $1.name }) {
            checkEnum(definition, report: report)
        }
        for definition in messages.values.sorted(by: { $0.name < $1.name }) {
            checkMessage(definition, enums: enums, messages: messages, report: report)
        }
        for file in files {
            for service in file.services {
                var seen: [String: SourceLocation] = [:]
                for method in service.methods {
                    if let previous = seen[method.name] {
                        report(method.location, "method '\(method.name)' is already declared at \(previous)")
                    }
                    seen[method.name] = method.location
                    if !isUpperCamel(method.name) { report(method.location, "method name '\(method.name)' must be UpperCamelCase") }
                    for type in [method.requestType, method.responseType] where messages[type] == nil {
                        report(method.location, enums[type] == nil ? "unknown type '\(type)'" : "'\(type)' is an enum; a method takes and returns messages")
                    }
                }
            }
        }
        // Recursion: generated messages are value types, and a bounded nesting depth is a wire limit.
        if problems.isEmpty {
            for definition in messages.values.sorted(by: { $0.name < $1.name }) {
                if let path = cycle(from: definition.name, messages: messages) {
                    report(definition.location, "message '\(definition.name)' contains itself (\(path.joined(separator: " → "))); recursive messages are not supported")
                }
            }
        }
        if !problems.isEmpty {
            throw SchemaErrors(diagnostics: problems.sorted { ($0.location.file, $0.location.line, $0.location.column) < ($1.location.file, $1.location.line, $1.location.column) })
        }
        return Schema(package: package, files: files, enums: enums, messages: messages)
    }

    static func isUpperCamel(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, ("A"..."Z").contains(first) else { return false }
        return name.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)) }
    }

    static func isLowerSnake(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, ("a"..."z").contains(first) else { return false }
        return name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
            && !name.hasSuffix("_") && !name.contains("__")
    }

    static func isUpperSnake(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, ("A"..."Z").contains(first) else { return false }
        return name.unicodeScalars.allSatisfy { ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
            && !name.hasSuffix("_") && !name.contains("__")
    }

    /// `ContactChannel` → `CONTACT_CHANNEL`.
    public static func upperSnake(_ camel: String) -> String {
        var output = ""
        for (index, character) in camel.enumerated() {
            if character.isUppercase && index > 0 { output.append("_") }
            output.append(contentsOf: character.uppercased())
        }
        return output
    }

    private static func checkEnum(_ definition: EnumDefinition, report: (SourceLocation, String) -> Void) {
        let prefix = upperSnake(definition.name) + "_"
        var names: [String: SourceLocation] = [:]
        var numbers: [UInt32: SourceLocation] = [:]
        if definition.values.isEmpty { report(definition.location, "enum '\(definition.name)' has no values") }
        if !definition.values.contains(where: { $0.number == 0 }) {
            report(definition.location, "enum '\(definition.name)' needs a value numbered 0, its default")
        }
        for value in definition.values {
            if let previous = names[value.name] { report(value.location, "enum value '\(value.name)' is already declared at \(previous)") }
            if let previous = numbers[value.number] { report(value.location, "enum value number \(value.number) is already used at \(previous)") }
            names[value.name] = value.location
            numbers[value.number] = value.location
            if !isUpperSnake(value.name) {
                report(value.location, "enum value '\(value.name)' must be UPPER_SNAKE_CASE")
            } else if !value.name.hasPrefix(prefix) || value.name.count == prefix.count {
                report(value.location, "enum value '\(value.name)' must start with '\(prefix)'")
            } else {
                let rest = value.name.dropFirst(prefix.count)
                if rest == "UNKNOWN" {
                    report(value.location, "enum value '\(value.name)' is reserved: UNKNOWN stands for values this schema does not know")
                } else if let first = rest.first, first.isNumber {
                    report(value.location, "enum value '\(value.name)' must have a letter after '\(prefix)'")
                }
            }
        }
    }

    private static func checkMessage(_ definition: MessageDefinition, enums: [String: EnumDefinition],
                                     messages: [String: MessageDefinition], report: (SourceLocation, String) -> Void) {
        var names: [String: SourceLocation] = [:]
        var numbers: [UInt32: SourceLocation] = [:]
        for field in definition.fields {
            if let previous = names[field.name] { report(field.location, "field '\(field.name)' is already declared at \(previous)") }
            if let previous = numbers[field.number] { report(field.location, "field number \(field.number) is already used at \(previous)") }
            names[field.name] = field.location
            numbers[field.number] = field.location
            if !isLowerSnake(field.name) { report(field.location, "field name '\(field.name)' must be lower_snake_case") }
            if definition.reservedNames.contains(field.name) { report(field.location, "field name '\(field.name)' is reserved in '\(definition.name)'") }
            if definition.reservedNumbers.contains(where: { $0.contains(field.number) }) {
                report(field.location, "field number \(field.number) is reserved in '\(definition.name)'")
            }
            if case .named(let type) = field.type, enums[type] == nil, messages[type] == nil {
                report(field.location, "unknown type '\(type)'")
            }
        }
    }

    private static func cycle(from start: String, messages: [String: MessageDefinition]) -> [String]? {
        var visiting: [String] = []
        var done: Set<String> = []
        func visit(_ name: String) -> [String]? {
            if visiting.first == start && name == start && !visiting.isEmpty { return visiting + [name] }
            if visiting.contains(name) || done.contains(name) { return nil }
            guard let message = messages[name] else { return nil }
            visiting.append(name)
            for field in message.fields {
                if case .named(let type) = field.type, messages[type] != nil, let path = visit(type) { return path }
            }
            visiting.removeLast()
            done.insert(name)
            return nil
        }
        return visit(start)
    }
}
