/// A stable fingerprint of what a schema means on the wire: a canonical rendering of every type,
/// field, value and method (no comments, no file layout), hashed with 64-bit FNV-1a.
public enum SchemaFingerprint {
    /// The canonical rendering that the fingerprint hashes.
    public static func canonicalText(_ schema: Schema) -> String {
        var lines = ["package \(schema.package)"]
        for definition in schema.enums.values.sorted(by: { $0.name < $1.name }) {
            lines.append("enum \(definition.name)")
            for value in definition.values.sorted(by: { $0.number < $1.number }) { lines.append("  \(value.number) \(value.name)") }
        }
        for definition in schema.messages.values.sorted(by: { $0.name < $1.name }) {
            lines.append("message \(definition.name)")
            for field in definition.fields.sorted(by: { $0.number < $1.number }) {
                let cardinality = switch field.cardinality {
                case .singular: ""
                case .optional: "optional "
                case .repeated: "repeated "
                }
                let type = switch field.type {
                case .named(let name): name
                default: "\(field.type)"
                }
                lines.append("  \(field.number) \(cardinality)\(type) \(field.name)")
            }
        }
        for service in schema.files.flatMap(\.services).sorted(by: { $0.name < $1.name }) {
            lines.append("service \(service.name)")
            for method in service.methods.sorted(by: { $0.name < $1.name }) {
                lines.append("  \(method.isMutation ? "mutation " : "")\(method.name)(\(method.requestType)) \(method.responseType)")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `fnv1a64:` and 16 hex digits.
    public static func of(_ schema: Schema) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in canonicalText(schema).utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        let hex = String(hash, radix: 16)
        return "fnv1a64:" + String(repeating: "0", count: 16 - hex.count) + hex
    }
}
