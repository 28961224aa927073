/// A bound on nesting checked on the raw text, before the YAML parser sees it: Yams builds its
/// node tree by recursion, one call per level, so a line of 100 000 `[` would exhaust the stack.
///
/// The count is conservative: it never finds less nesting than the parser would build.
/// - Block nesting: the run of spaces, tabs and `-`, `?`, `:` indicators that starts a line
///   may be at most `blockColumnsMax` wide (each block level takes at least one column there).
/// - Flow nesting: every `[` and `{` counts, wherever it is (in quotes and comments too: that can
///   only count more); a `]` or `}` counts only outside quotes and comments. A quote may start a
///   scalar after a space, a line start or one of `[ { , : - ?`, and is taken as one wherever
///   it may be (again only counting more).
struct NestingPrecheck {
    /// Widest line-start run of indentation and block indicators.
    static let blockColumnsMax = 4 * StrategyLimits.nestingDepthMax

    /// Where the bound is first passed, nil when the text is within it.
    static func firstViolation(in text: String) -> (line: Int, column: Int, flow: Bool)? {
        let bytes = Array(text.utf8)
        var line = 1, column = 0, atLineStart = true, inComment = false
        var quote: UInt8? = nil
        var depth = 0
        var previous: UInt8 = UInt8(ascii: "\n")
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            defer { previous = byte }
            if byte == UInt8(ascii: "\n") {
                line += 1; column = 0; atLineStart = quote == nil; inComment = false
                continue
            }
            column += 1
            if atLineStart {
                if [UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "-"), UInt8(ascii: "?"), UInt8(ascii: ":")].contains(byte) {
                    if column > blockColumnsMax { return (line, column, false) }
                    if byte != UInt8(ascii: "-") && byte != UInt8(ascii: "?") && byte != UInt8(ascii: ":") { continue }
                } else {
                    atLineStart = false
                }
            }
            if byte == UInt8(ascii: "[") || byte == UInt8(ascii: "{") {
                depth += 1
                if depth > StrategyLimits.nestingDepthMax { return (line, column, true) }
                continue
            }
            if inComment { continue }
            if let open = quote {
                if open == UInt8(ascii: "\"") && byte == UInt8(ascii: "\\") {
                    index += 1  // the escaped character, whatever it is
                    column += 1
                } else if byte == open {
                    if open == UInt8(ascii: "'"), index < bytes.count, bytes[index] == open {
                        index += 1  // '' is a quote inside a single-quoted scalar
                        column += 1
                    } else {
                        quote = nil
                    }
                }
                continue
            }
            let mayStartScalar = [UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "["), UInt8(ascii: "{"),
                                  UInt8(ascii: ","), UInt8(ascii: ":"), UInt8(ascii: "-"), UInt8(ascii: "?")].contains(previous)
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "'"):
                if mayStartScalar { quote = byte }
            case UInt8(ascii: "#"):
                if previous == UInt8(ascii: " ") || previous == UInt8(ascii: "\t") || previous == UInt8(ascii: "\n") { inComment = true }
            case UInt8(ascii: "]"), UInt8(ascii: "}"):
                depth = max(0, depth - 1)
            default:
                break
            }
        }
        return nil
    }
}
