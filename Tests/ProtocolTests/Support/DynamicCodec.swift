import Foundation
import Protocol
import SchemaCompiler

/// A second, schema-driven codec between the vectors' readable JSON form and bytes. Its encoder
/// is written from `schema/WIRE.md` independently of `WireWriter`, so that vectors check the spec
/// and not just one implementation against itself. Its decoder drives `WireReader` from the
/// schema model instead of generated code.
struct DynamicCodec {
    let schema: Schema

    struct VectorFormatError: Error, CustomStringConvertible {
        let description: String
    }

    // MARK: Encoding (independent of WireWriter)

    func encode(_ value: [String: Any], type: String) throws -> [UInt8] {
        guard let message = schema.message(type) else { throw VectorFormatError(description: "no message \(type)") }
        let known = Set(message.fields.map(\.name))
        for key in value.keys where !known.contains(key) {
            throw VectorFormatError(description: "\(type) has no field '\(key)'")
        }
        var out: [UInt8] = []
        for field in message.fields.sorted(by: { $0.number < $1.number }) {
            guard let fieldValue = value[field.name] else { continue }
            switch field.cardinality {
            case .repeated:
                guard let list = fieldValue as? [Any] else { throw VectorFormatError(description: "\(field.name) must be an array") }
                for element in list { try encodeField(field, element, into: &out, skipDefault: false) }
            case .optional:
                try encodeField(field, fieldValue, into: &out, skipDefault: false)
            case .singular:
                try encodeField(field, fieldValue, into: &out, skipDefault: true)
            }
        }
        return out
    }

    private static func varint(_ value: UInt64) -> [UInt8] {
        var bytes: [UInt8] = []
        var rest = value
        repeat {
            var byte = UInt8(rest & 0x7F)
            rest >>= 7
            if rest != 0 { byte |= 0x80 }
            bytes.append(byte)
        } while rest != 0
        return bytes
    }

    private static func zigzag(_ value: Int64) -> UInt64 {
        value >= 0 ? UInt64(value) * 2 : UInt64(-(value + 1)) * 2 + 1
    }

    private func encodeField(_ field: FieldDefinition, _ value: Any, into out: inout [UInt8], skipDefault: Bool) throws {
        let varintKey = Self.varint(UInt64(field.number) << 3)
        let lengthKey = Self.varint(UInt64(field.number) << 3 | 2)
        func number(_ value: Any) throws -> Int64 {
            if let string = value as? String, let parsed = Int64(string) { return parsed }
            if let int = value as? Int { return Int64(int) }
            throw VectorFormatError(description: "\(field.name): expected an integer, got \(value)")
        }
        func unsigned(_ value: Any) throws -> UInt64 {
            if let string = value as? String, let parsed = UInt64(string) { return parsed }
            if let int = value as? Int, int >= 0 { return UInt64(int) }
            throw VectorFormatError(description: "\(field.name): expected an unsigned integer, got \(value)")
        }
        func putVarint(_ raw: UInt64) {
            if skipDefault && raw == 0 { return }
            out += varintKey + Self.varint(raw)
        }
        func putBytes(_ bytes: [UInt8]) {
            if skipDefault && bytes.isEmpty { return }
            out += lengthKey + Self.varint(UInt64(bytes.count)) + bytes
        }
        switch field.type {
        case .bool:
            guard let flag = value as? Bool else { throw VectorFormatError(description: "\(field.name): expected a bool") }
            putVarint(flag ? 1 : 0)
        case .int32, .int64:
            putVarint(Self.zigzag(try number(value)))
        case .uint32, .uint64:
            putVarint(try unsigned(value))
        case .string:
            guard let text = value as? String else { throw VectorFormatError(description: "\(field.name): expected a string") }
            putBytes(Array(text.utf8))
        case .bytes:
            guard let hex = value as? String, let bytes = Hex.decode(hex) else { throw VectorFormatError(description: "\(field.name): expected hex") }
            putBytes(bytes)
        case .date:
            guard let text = value as? String, let date = CalendarDate(iso8601: text) else {
                throw VectorFormatError(description: "\(field.name): expected YYYY-MM-DD")
            }
            putVarint(Self.zigzag(Int64(date.daysSinceEpoch)))
        case .named(let name):
            if let definition = schema.enums[name] {
                if let int = value as? Int {
                    putVarint(UInt64(int))
                } else if let text = value as? String {
                    let prefix = SchemaChecker.upperSnake(name) + "_"
                    guard let found = definition.values.first(where: { $0.name == prefix + text }) else {
                        throw VectorFormatError(description: "\(field.name): \(name) has no value \(text)")
                    }
                    putVarint(UInt64(found.number))
                } else {
                    throw VectorFormatError(description: "\(field.name): expected an enum name")
                }
            } else {
                guard let object = value as? [String: Any] else { throw VectorFormatError(description: "\(field.name): expected an object") }
                putBytes(try encode(object, type: name))
            }
        }
    }

    // MARK: Decoding (schema-driven, over WireReader)

    func decode(_ bytes: [UInt8], type: String, limits: WireLimits = .default) throws -> [String: Any] {
        var reader = try WireReader(bytes, limits: limits)
        try reader.enterMessage()
        let value = try decodeMessage(&reader, type: type)
        reader.leaveMessage()
        return value
    }

    private func decodeMessage(_ reader: inout WireReader, type: String) throws -> [String: Any] {
        guard let message = schema.message(type) else { throw VectorFormatError(description: "no message \(type)") }
        let fields = Dictionary(uniqueKeysWithValues: message.fields.map { ($0.number, $0) })
        var result: [String: Any] = [:]
        var last: UInt32 = 0
        while let key = try reader.nextKey() {
            guard let field = fields[key.number] else {
                try reader.checkOrder(key, last: &last, repeatable: true)
                try reader.skip(key)
                continue
            }
            try reader.checkOrder(key, last: &last, repeatable: field.cardinality == .repeated)
            if field.cardinality == .repeated {
                try reader.checkListCount((result[field.name] as? [Any])?.count ?? 0, key)
            }
            let (value, isDefault) = try decodeValue(&reader, key, field.type)
            switch field.cardinality {
            case .repeated: result[field.name] = ((result[field.name] as? [Any]) ?? []) + [value]
            case .optional: result[field.name] = value
            case .singular: result[field.name] = isDefault ? nil : value
            }
        }
        return result
    }

    private func decodeValue(_ reader: inout WireReader, _ key: FieldKey, _ type: FieldType) throws -> (Any, Bool) {
        switch type {
        case .bool: let v = try reader.readBool(key); return (v, !v)
        case .int32: let v = try reader.readInt32(key); return (Int(v), v == 0)
        case .int64: let v = try reader.readInt64(key); return (String(v), v == 0)
        case .uint32: let v = try reader.readUInt32(key); return (Int(v), v == 0)
        case .uint64: let v = try reader.readUInt64(key); return (String(v), v == 0)
        case .string: let v = try reader.readString(key); return (v, v.isEmpty)
        case .bytes: let v = try reader.readBytes(key); return (Hex.encode(v), v.isEmpty)
        case .date: let v = try reader.readDate(key); return (v.description, v == .epoch)
        case .named(let name):
            if let definition = schema.enums[name] {
                let raw = try reader.readUInt32(key)
                let prefix = SchemaChecker.upperSnake(name) + "_"
                if let known = definition.values.first(where: { $0.number == raw }) {
                    return (String(known.name.dropFirst(prefix.count)), raw == 0)
                }
                return (Int(raw), false)
            }
            let nested = try reader.readNested(key) { (inner: inout WireReader) throws(WireError) -> [String: Any] in
                do {
                    return try decodeMessage(&inner, type: name)
                } catch let error as WireError {
                    throw error
                } catch {
                    preconditionFailure("schema was checked: \(error)")
                }
            }
            return (nested, nested.isEmpty)
        }
    }
}

/// Lower-case hex without separators.
enum Hex {
    static func encode(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef")
        return String(bytes.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 15)]] })
    }

    static func decode(_ text: String) -> [UInt8]? {
        let clean = text.filter { !$0.isWhitespace }
        guard clean.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        var index = clean.startIndex
        while index < clean.endIndex {
            let next = clean.index(index, offsetBy: 2)
            guard let byte = UInt8(clean[index..<next], radix: 16) else { return nil }
            bytes.append(byte)
            index = next
        }
        return bytes
    }
}
