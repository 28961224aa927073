/// Text made safe for a terminal. Notes, summaries, reasons and names come from other people and
/// other tools; an escape sequence among them must not clear the screen, move the cursor or set
/// the window title of the handler who reads them.
enum TerminalText {
    /// `text` with every control character but the line break written out: C0 and DEL as `\xHH`
    /// (`\x1B[2J`), C1 as `\u{HH}` (`\u{9B}`, a CSI to some terminals).
    static func safe(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var output = ""
        output.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            if !isControl(scalar) {
                output.unicodeScalars.append(scalar)
            } else if scalar.value < 0x80 {
                output += "\\x" + hex(scalar.value)
            } else {
                output += "\\u{" + hex(scalar.value) + "}"
            }
        }
        return output
    }

    /// `text` for JSON output: JSON allows DEL and C1 controls raw, a terminal should not get them;
    /// written as `\u00HH` the JSON means the same.
    static func safeJSON(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { (0x7F...0x9F).contains($0.value) }) else { return text }
        var output = ""
        for scalar in text.unicodeScalars {
            if (0x7F...0x9F).contains(scalar.value) { output += "\\u00" + hex(scalar.value).lowercased() } else { output.unicodeScalars.append(scalar) }
        }
        return output
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        (scalar.value < 0x20 && scalar != "\n") || (0x7F...0x9F).contains(scalar.value)
    }

    private static func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return digits.count < 2 ? "0" + digits : digits
    }
}
