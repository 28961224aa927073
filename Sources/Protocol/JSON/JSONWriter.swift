/// Writes messages as stable JSON for scripts: the readable form of `schema/WIRE.md` section 10
/// (field names from the schema, 64-bit integers as strings, enums by name, dates as
/// `YYYY-MM-DD`, bytes as hex), with every field present (defaults included) so that a script
/// never has to know a default. Money also gets `amount`, its exact decimal string.
public struct JSONWriter: Sendable {
    /// The text written so far.
    public private(set) var text = ""
    private var needsComma: [Bool] = []
    private let indentUnit: String
    private var depth: Int { needsComma.count }

    /// A writer; `pretty` indents by two spaces.
    public init(pretty: Bool = true) { indentUnit = pretty ? "  " : "" }

    /// The JSON text of `message`.
    public static func json<M: JSONRepresentable>(_ message: M, pretty: Bool = true) -> String {
        var writer = JSONWriter(pretty: pretty)
        writer.value(message)
        return writer.text
    }

    private mutating func separator() {
        if let last = needsComma.last {
            if last { text += "," }
            needsComma[needsComma.count - 1] = true
            if !indentUnit.isEmpty { text += "\n" + String(repeating: indentUnit, count: depth) }
        }
    }

    mutating func open(_ bracket: String) {
        text += bracket
        needsComma.append(false)
    }

    mutating func close(_ bracket: String) {
        let hadItems = needsComma.removeLast()
        if hadItems && !indentUnit.isEmpty { text += "\n" + String(repeating: indentUnit, count: depth) }
        text += bracket
    }

    /// Writes `"name": ` inside an object.
    public mutating func key(_ name: String) {
        separator()
        text += Self.quoted(name) + (indentUnit.isEmpty ? ":" : ": ")
    }

    /// Writes a message as an object.
    public mutating func value<M: JSONRepresentable>(_ message: M) {
        open("{")
        message.writeJSONFields(to: &self)
        if let money = message as? Money {
            key("amount")
            string(MoneyText.decimal(money.minorUnits))
        }
        close("}")
    }

    /// Writes a list.
    public mutating func list<T>(_ items: [T], _ element: (inout JSONWriter, T) -> Void) {
        open("[")
        for item in items {
            separator()
            element(&self, item)
        }
        close("]")
    }

    public mutating func string(_ value: String) { text += Self.quoted(value) }
    public mutating func bool(_ value: Bool) { text += value ? "true" : "false" }
    public mutating func number(_ value: Int64) { text += String(value) }
    public mutating func null() { text += "null" }

    /// Scalars as the readable form writes them.
    public mutating func int32(_ value: Int32) { number(Int64(value)) }
    public mutating func uint32(_ value: UInt32) { number(Int64(value)) }
    public mutating func int64(_ value: Int64) { string(String(value)) }
    public mutating func uint64(_ value: UInt64) { string(String(value)) }
    public mutating func date(_ value: CalendarDate) { string(value.description) }
    public mutating func bytes(_ value: [UInt8]) {
        let digits = Array("0123456789abcdef")
        string(String(value.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 15)]] }))
    }

    /// `value` as a JSON string literal: quotes, backslash and every control character escaped.
    public static func quoted(_ value: String) -> String {
        var output = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: output.unicodeScalars.append(scalar)
            }
        }
        return output + "\""
    }
}

/// A message that writes its fields as JSON; generated for every message.
public protocol JSONRepresentable {
    /// Writes `"field": value` pairs.
    func writeJSONFields(to writer: inout JSONWriter)
}

/// Exact decimal text of minor units (two decimals, as SEK, NOK and DKK have): `123450` → `1234.50`.
public enum MoneyText {
    public static func decimal(_ minorUnits: Int64) -> String {
        let negative = minorUnits < 0
        let magnitude = minorUnits.magnitude
        let major = magnitude / 100
        let minor = magnitude % 100
        return (negative ? "-" : "") + String(major) + "." + (minor < 10 ? "0" : "") + String(minor)
    }
}
