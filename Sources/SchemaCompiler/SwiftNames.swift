/// Naming rules from schema names to Swift names.
enum SwiftNames {
    static let keywords: Set<String> = [
        "associatedtype", "class", "deinit", "enum", "extension", "fileprivate", "func", "import", "init",
        "inout", "internal", "let", "open", "operator", "private", "precedencegroup", "protocol", "public",
        "rethrows", "static", "struct", "subscript", "typealias", "var", "break", "case", "catch", "continue",
        "default", "defer", "do", "else", "fallthrough", "for", "guard", "if", "in", "repeat", "return",
        "throw", "switch", "where", "while", "Any", "as", "await", "false", "is", "nil", "self", "Self",
        "super", "throws", "true", "try", "some", "any", "consume", "copy",
    ]

    /// `minor_units` → `minorUnits`; keywords are escaped with backticks.
    static func property(_ snake: String) -> String {
        escape(lowerCamel(snake.split(separator: "_").map(String.init)))
    }

    /// `NO_ANSWER` → `noAnswer`.
    static func enumCase(_ upperSnake: Substring) -> String {
        escape(lowerCamel(upperSnake.split(separator: "_").map { $0.lowercased() }))
    }

    /// `GetCase` → `getCase`.
    static func method(_ upperCamel: String) -> String {
        guard let first = upperCamel.first else { return upperCamel }
        return escape(first.lowercased() + upperCamel.dropFirst())
    }

    static func lowerCamel(_ parts: [String]) -> String {
        var output = parts.first ?? ""
        for part in parts.dropFirst() {
            guard let first = part.first else { continue }
            output += first.uppercased() + part.dropFirst()
        }
        return output
    }

    static func escape(_ name: String) -> String { keywords.contains(name) ? "`\(name)`" : name }

    /// A Swift string literal for `text`.
    static func literal(_ text: String) -> String {
        var output = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            default: output.unicodeScalars.append(scalar)
            }
        }
        return output + "\""
    }
}
