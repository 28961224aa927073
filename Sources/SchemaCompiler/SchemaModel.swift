/// A place in a schema file, for error messages: `file:line:column`.
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    /// File name as given to the compiler.
    public var file: String
    /// 1-based line.
    public var line: Int
    /// 1-based column, counted in Unicode scalars.
    public var column: Int

    public var description: String { "\(file):\(line):\(column)" }
}

/// A scalar or named type of a field.
public enum FieldType: Sendable, Hashable {
    case bool, int32, int64, uint32, uint64, string, bytes, date
    /// An enum or message, by its name in the package.
    case named(String)

    static let scalars: [String: FieldType] = [
        "bool": .bool, "int32": .int32, "int64": .int64, "uint32": .uint32, "uint64": .uint64,
        "string": .string, "bytes": .bytes, "date": .date,
    ]
}

/// How often a field occurs.
public enum FieldCardinality: Sendable, Hashable {
    /// One value; absent on the wire when at its default.
    case singular
    /// Zero or one value with presence; written whenever present.
    case optional
    /// Zero or more values, each written as its own field in list order.
    case repeated
}

/// A field of a message.
public struct FieldDefinition: Sendable, Hashable {
    public var name: String
    public var number: UInt32
    public var type: FieldType
    public var cardinality: FieldCardinality
    public var doc: [String]
    public var location: SourceLocation
}

/// A value of an enum.
public struct EnumValueDefinition: Sendable, Hashable {
    public var name: String
    public var number: UInt32
    public var doc: [String]
    public var location: SourceLocation
}

/// An enum.
public struct EnumDefinition: Sendable, Hashable {
    public var name: String
    public var values: [EnumValueDefinition]
    public var doc: [String]
    public var location: SourceLocation
}

/// A message.
public struct MessageDefinition: Sendable, Hashable {
    public var name: String
    public var fields: [FieldDefinition]
    public var reservedNumbers: [ClosedRange<UInt32>]
    public var reservedNames: [String]
    public var doc: [String]
    public var location: SourceLocation
}

/// A unary RPC.
public struct MethodDefinition: Sendable, Hashable {
    public var name: String
    public var requestType: String
    public var responseType: String
    /// Declared with `mutation`: it changes state and takes an idempotency key.
    public var isMutation: Bool
    public var doc: [String]
    public var location: SourceLocation
}

/// A service.
public struct ServiceDefinition: Sendable, Hashable {
    public var name: String
    public var methods: [MethodDefinition]
    public var doc: [String]
    public var location: SourceLocation
}

/// One parsed schema file.
public struct SchemaFile: Sendable, Hashable {
    public var name: String
    public var package: String
    public var enums: [EnumDefinition] = []
    public var messages: [MessageDefinition] = []
    public var services: [ServiceDefinition] = []
}

/// All files of a package, checked: every name resolves, numbers are unique, nothing recurses.
public struct Schema: Sendable {
    public let package: String
    public let files: [SchemaFile]
    public let enums: [String: EnumDefinition]
    public let messages: [String: MessageDefinition]

    /// Looks up a message by name.
    public func message(_ name: String) -> MessageDefinition? { messages[name] }
}

/// A problem in a schema, located in its source.
public struct SchemaDiagnostic: Error, Sendable, Hashable, CustomStringConvertible {
    public var location: SourceLocation
    public var message: String

    public var description: String { "\(location): error: \(message)" }
}

/// One or more problems; the compiler reports all it found.
public struct SchemaErrors: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [SchemaDiagnostic]
    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}
