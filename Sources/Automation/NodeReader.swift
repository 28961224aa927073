import Yams

/// Reads typed values out of a YAML node tree and records an issue, with the node's line and
/// column, for everything that is not what the format expects. Reading never stops at the first
/// problem: a coordinator sees every mistake of a file at once (up to `StrategyLimits.issueCountMax`).
struct NodeReader {
    /// The file's name, for issues.
    let file: String
    /// What was found so far.
    private(set) var issues: [StrategyIssue] = []

    init(file: String) { self.file = file }

    /// Whether the issue limit is reached, after which reading may stop.
    var isFull: Bool { issues.count >= StrategyLimits.issueCountMax }

    mutating func report(_ code: String, at mark: Mark?, _ path: String, _ message: String) {
        report(code, line: mark?.line ?? 0, column: mark?.column ?? 0, path, message)
    }

    mutating func report(_ code: String, line: Int, column: Int, _ path: String, _ message: String) {
        guard !isFull else { return }
        issues.append(StrategyIssue(code: code, file: file, line: line, column: column, fieldPath: path, message: message))
    }

    mutating func report(_ code: String, _ node: Node, _ path: String, _ message: String) {
        report(code, at: node.mark, path, message)
    }

    /// The fields of a mapping by name, each checked against `known`; nil (with an issue) when
    /// `node` is not a mapping. Unknown and repeated fields are reported and left out.
    mutating func fields(_ node: Node, _ path: String, known: [String], required: [String] = []) -> [String: Node]? {
        guard let mapping = node.mapping else {
            report(StrategyIssue.Code.wrongType, node, path, "expected a mapping with fields \(known.joined(separator: ", ")), got \(Self.kind(of: node))")
            return nil
        }
        var found: [String: Node] = [:]
        for (key, value) in mapping {
            guard let name = key.scalar?.string else {
                report(StrategyIssue.Code.wrongType, key, path, "expected a field name, got \(Self.kind(of: key))")
                continue
            }
            let shownName = String(name.prefix(StrategyLimits.textLengthMax))
            let fieldPath = path.isEmpty ? shownName : "\(path).\(shownName)"
            guard known.contains(name) else {
                let hint = Self.nearest(to: name, in: known).map { " (did you mean '\($0)'?)" } ?? ""
                report(StrategyIssue.Code.unknownField, key, fieldPath, "unknown field '\(shownName)'\(hint); expected one of \(known.joined(separator: ", "))")
                continue
            }
            guard found[name] == nil else {
                report(StrategyIssue.Code.duplicateField, key, fieldPath, "field '\(name)' is given twice")
                continue
            }
            found[name] = value
        }
        for name in required where found[name] == nil {
            report(StrategyIssue.Code.missingField, node, path.isEmpty ? name : "\(path).\(name)", "missing required field '\(name)'")
        }
        return found
    }

    /// The known name within two edits (insert, delete, replace) of `name`, the closest first; nil
    /// when none is that close. Names longer than `textLengthMax` are not compared.
    static func nearest(to name: String, in known: [String]) -> String? {
        let typed = Array(name.unicodeScalars)
        guard typed.count <= StrategyLimits.textLengthMax else { return nil }
        var best: (name: String, distance: Int)?
        for candidate in known {
            let target = Array(candidate.unicodeScalars)
            var previous = Array(0...target.count)
            for (i, a) in typed.enumerated() {
                var current = [i + 1] + Array(repeating: 0, count: target.count)
                for (j, b) in target.enumerated() {
                    current[j + 1] = Swift.min(previous[j + 1] + 1, current[j] + 1, previous[j] + (a == b ? 0 : 1))
                }
                previous = current
            }
            let distance = previous[target.count]
            if distance <= 2, distance < (best?.distance ?? Int.max) { best = (candidate, distance) }
        }
        return best?.name
    }

    /// The items of a sequence, nil (with an issue) when `node` is not one or has more than `max` items.
    mutating func list(_ node: Node, _ path: String, max: Int) -> [Node]? {
        guard let sequence = node.sequence else {
            report(StrategyIssue.Code.wrongType, node, path, "expected a list, got \(Self.kind(of: node))")
            return nil
        }
        guard sequence.count <= max else {
            report(StrategyIssue.Code.tooMany, node, path, "at most \(max) items, got \(sequence.count)")
            return nil
        }
        return Array(sequence)
    }

    /// A text value of at most `StrategyLimits.textLengthMax` characters.
    mutating func text(_ node: Node, _ path: String) -> String? {
        guard let scalar = node.scalar, !(scalar.style == .plain && scalar.string.isEmpty) else {
            report(StrategyIssue.Code.wrongType, node, path, "expected text, got \(Self.kind(of: node))")
            return nil
        }
        guard scalar.string.count <= StrategyLimits.textLengthMax else {
            report(StrategyIssue.Code.badValue, node, path, "at most \(StrategyLimits.textLengthMax) characters, got \(scalar.string.count)")
            return nil
        }
        return scalar.string
    }

    /// A name: 1 to `textLengthMax` of `a`–`z`, `0`–`9`, `-`, `_` and `.`, starting with a letter or digit.
    mutating func name(_ node: Node, _ path: String) -> String? {
        guard let text = text(node, path) else { return nil }
        guard Self.isName(text) else {
            report(StrategyIssue.Code.badValue, node, path, "'\(text)' is not a name; expected lower-case letters, digits, '-', '_' or '.', starting with a letter or digit")
            return nil
        }
        return text
    }

    static func isName(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, ("a"..."z").contains(first) || ("0"..."9").contains(first) else { return false }
        return text.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "_" || $0 == "." }
    }

    /// A whole number written plainly (no quotes, no sign but a leading `-`, at most 18 digits).
    mutating func integer(_ node: Node, _ path: String) -> Int64? {
        guard let scalar = node.scalar, scalar.style == .plain else {
            report(StrategyIssue.Code.wrongType, node, path, "expected a whole number, got \(Self.kind(of: node))")
            return nil
        }
        let digits = scalar.string.hasPrefix("-") ? scalar.string.dropFirst() : Substring(scalar.string)
        guard !digits.isEmpty, digits.count <= 18, digits.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) }),
              let value = Int64(scalar.string) else {
            report(StrategyIssue.Code.wrongType, node, path, "expected a whole number, got '\(scalar.string.prefix(StrategyLimits.textLengthMax))'")
            return nil
        }
        return value
    }

    /// `true` or `false`, written plainly; YAML 1.1's `yes`, `no`, `on` and `off` are refused so
    /// that `NO` (Norway) is never read as a boolean nor a boolean as a country.
    mutating func boolean(_ node: Node, _ path: String) -> Bool? {
        if let scalar = node.scalar, scalar.style == .plain {
            if scalar.string == "true" { return true }
            if scalar.string == "false" { return false }
        }
        report(StrategyIssue.Code.wrongType, node, path, "expected true or false, got \(Self.kind(of: node))")
        return nil
    }

    /// One of `allowed` (by raw value), upper- or lower-case as given.
    mutating func choice<T: RawRepresentable & CaseIterable>(_ node: Node, _ path: String, _ type: T.Type) -> T? where T.RawValue == String {
        guard let text = text(node, path) else { return nil }
        guard let value = T(rawValue: text) else {
            report(StrategyIssue.Code.badValue, node, path, "'\(text)' is not allowed; expected one of \(T.allCases.map(\.rawValue).joined(separator: ", "))")
            return nil
        }
        return value
    }

    /// What a node is, for messages.
    static func kind(of node: Node) -> String {
        switch node {
        case .scalar(let scalar):
            if scalar.style == .plain && scalar.string.isEmpty { return "nothing" }
            let shown = scalar.string.count > 20 ? String(scalar.string.prefix(20)) + "…" : scalar.string
            return "'\(shown)'"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        }
    }

    /// The deepest nesting of collections under `node` (a scalar is 0), stopping once past `limit`
    /// levels or once `budget` nodes are visited (aliases make a tree far larger than its text):
    /// then `budget` is negative.
    static func depth(of node: Node, limit: Int, budget: inout Int) -> Int {
        budget -= 1
        guard limit >= 0, budget >= 0 else { return 1 }
        var deepest = 0
        switch node {
        case .scalar:
            return 0
        case .mapping(let mapping):
            for (key, value) in mapping {
                deepest = max(deepest, depth(of: key, limit: limit - 1, budget: &budget), depth(of: value, limit: limit - 1, budget: &budget))
                if budget < 0 { break }
            }
        case .sequence(let sequence):
            for item in sequence {
                deepest = max(deepest, depth(of: item, limit: limit - 1, budget: &budget))
                if budget < 0 { break }
            }
        }
        return 1 + deepest
    }
}
