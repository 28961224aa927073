import Domain
import Yams

/// Reads a strategy file (YAML, see `docs/STRATEGIES.md`) into a `Strategy`: bounds first, then
/// YAML, then every field with its type. Meaning across fields (sums, reachability, channels,
/// fees) is `StrategyValidator`'s.
struct StrategyParser {
    private var reader: NodeReader
    private let text: String

    init(text: String, file: String) {
        self.text = text
        reader = NodeReader(file: file)
    }

    /// The strategy, or nil with the issues found.
    mutating func parse() -> (Strategy?, [StrategyIssue]) {
        guard precheck() else { return (nil, reader.issues) }
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text) else {
                reader.report(StrategyIssue.Code.syntax, at: nil, "", "the file is empty; expected a strategy mapping")
                return (nil, reader.issues)
            }
            root = node
        } catch let error as YamlError {
            reportSyntax(error)
            return (nil, reader.issues)
        } catch {
            reader.report(StrategyIssue.Code.syntax, at: nil, "", "not YAML: \(error)")
            return (nil, reader.issues)
        }
        var budget = StrategyLimits.nodeCountMax
        if NodeReader.depth(of: root, limit: StrategyLimits.nestingDepthMax, budget: &budget) > StrategyLimits.nestingDepthMax {
            reader.report(StrategyIssue.Code.tooDeep, root, "", "collections nest deeper than \(StrategyLimits.nestingDepthMax) levels")
            return (nil, reader.issues)
        }
        guard budget >= 0 else {
            reader.report(StrategyIssue.Code.tooMany, root, "", "the file expands to more than \(StrategyLimits.nodeCountMax) values (each use of an alias counts)")
            return (nil, reader.issues)
        }
        let strategy = readStrategy(root)
        return (reader.issues.isEmpty ? strategy : nil, reader.issues)
    }

    /// Size and a conservative nesting bound (`NestingPrecheck`) before the YAML parser sees the text.
    private mutating func precheck() -> Bool {
        guard text.utf8.count <= StrategyLimits.fileBytesMax else {
            reader.report(StrategyIssue.Code.fileTooLarge, at: nil, "", "the file has \(text.utf8.count) bytes; at most \(StrategyLimits.fileBytesMax) are accepted")
            return false
        }
        if let violation = NestingPrecheck.firstViolation(in: text) {
            let what = violation.flow ? "brackets nest deeper than \(StrategyLimits.nestingDepthMax) levels"
                : "indentation and list markers wider than \(NestingPrecheck.blockColumnsMax) columns"
            reader.report(StrategyIssue.Code.tooDeep, line: violation.line, column: violation.column, "", what)
            return false
        }
        return true
    }

    private mutating func reportSyntax(_ error: YamlError) {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
            reader.report(StrategyIssue.Code.syntax, at: mark, "", "not valid YAML: \(problem)")
        default:
            reader.report(StrategyIssue.Code.syntax, at: nil, "", "not valid YAML: \(error)")
        }
    }

    // MARK: The strategy

    private mutating func readStrategy(_ root: Node) -> Strategy? {
        guard let fields = reader.fields(root, "", known: ["strategy", "version", "countries", "skip", "segments"],
                                         required: ["strategy", "version", "countries", "segments"]) else { return nil }
        let name = fields["strategy"].flatMap { reader.name($0, "strategy") }
        let version = fields["version"].flatMap { reader.text($0, "version") }
        let countries = fields["countries"].flatMap { countryList($0, "countries") }
        let skip = fields["skip"].map { skipRules($0) } ?? .standard
        var segments: [Segment] = []
        if let node = fields["segments"], let items = reader.list(node, "segments", max: StrategyLimits.segmentCountMax) {
            if items.isEmpty { reader.report(StrategyIssue.Code.missingField, node, "segments", "a strategy needs at least one segment") }
            for (index, item) in items.enumerated() where !reader.isFull {
                if let segment = readSegment(item, "segments[\(index)]") { segments.append(segment) }
            }
        }
        guard let name, let version, let countries, let skip else { return nil }
        return Strategy(name: name, version: version, countries: countries, skipRules: skip, segments: segments)
    }

    private mutating func skipRules(_ node: Node) -> SkipRules? {
        guard let fields = reader.fields(node, "skip", known: ["plan_kept", "paused", "disputed", "vulnerable"]) else { return nil }
        var rules = SkipRules.standard
        func read(_ key: String, _ keyPath: WritableKeyPath<SkipRules, SkipAction>, reader: inout NodeReader) {
            if let node = fields[key], let action = reader.choice(node, "skip.\(key)", SkipAction.self) { rules[keyPath: keyPath] = action }
        }
        read("plan_kept", \.planKept, reader: &reader)
        read("paused", \.paused, reader: &reader)
        read("disputed", \.disputed, reader: &reader)
        read("vulnerable", \.vulnerable, reader: &reader)
        return rules
    }

    private mutating func readSegment(_ node: Node, _ path: String) -> Segment? {
        guard let fields = reader.fields(node, path, known: ["name", "when", "treatment", "arms"], required: ["name"]) else { return nil }
        let name = fields["name"].flatMap { reader.name($0, "\(path).name") }
        let predicate = fields["when"].map { readPredicate($0, "\(path).when") } ?? SegmentPredicate()
        var arms: [Arm]?
        switch (fields["treatment"], fields["arms"]) {
        case (let treatment?, nil):
            arms = readTreatment(treatment, "\(path).treatment").map { [Arm(name: Arm.championName, percent: 100, treatment: $0, line: node.mark?.line ?? 0, column: node.mark?.column ?? 0)] }
        case (nil, let armsNode?):
            arms = readArms(armsNode, "\(path).arms")
        case (_?, _?):
            reader.report(StrategyIssue.Code.badValue, node, path, "a segment has either 'treatment' or 'arms' (each with its treatment), not both")
        case (nil, nil):
            reader.report(StrategyIssue.Code.missingField, node, "\(path).treatment", "missing required field 'treatment' (or 'arms')")
        }
        guard let name, let predicate, let arms else { return nil }
        return Segment(name: name, predicate: predicate, arms: arms, line: node.mark?.line ?? 0, column: node.mark?.column ?? 0)
    }

    private mutating func readArms(_ node: Node, _ path: String) -> [Arm]? {
        guard let items = reader.list(node, path, max: StrategyLimits.armCountMax) else { return nil }
        if items.isEmpty { reader.report(StrategyIssue.Code.missingField, node, path, "a split needs at least one arm") }
        var arms: [Arm] = []
        var complete = true
        for (index, item) in items.enumerated() {
            let armPath = "\(path)[\(index)]"
            guard let fields = reader.fields(item, armPath, known: ["name", "percent", "treatment"], required: ["name", "percent", "treatment"]) else {
                complete = false
                continue
            }
            let name = fields["name"].flatMap { reader.name($0, "\(armPath).name") }
            var percent: Int?
            if let percentNode = fields["percent"], let value = reader.integer(percentNode, "\(armPath).percent") {
                if (1...100).contains(value) { percent = Int(value) } else {
                    reader.report(StrategyIssue.Code.badValue, percentNode, "\(armPath).percent", "an arm's percent is 1 to 100, got \(value)")
                }
            }
            let treatment = fields["treatment"].flatMap { readTreatment($0, "\(armPath).treatment") }
            guard let name, let percent, let treatment else { complete = false; continue }
            arms.append(Arm(name: name, percent: percent, treatment: treatment, line: item.mark?.line ?? 0, column: item.mark?.column ?? 0))
        }
        return complete ? arms : nil
    }

    private mutating func readTreatment(_ node: Node, _ path: String) -> [TreatmentStep]? {
        guard let items = reader.list(node, path, max: StrategyLimits.stepCountMax) else { return nil }
        var steps: [TreatmentStep] = []
        var complete = true
        for (index, item) in items.enumerated() {
            if let step = readStep(item, "\(path)[\(index)]") { steps.append(step) } else { complete = false }
        }
        if items.isEmpty {
            // Kept as an empty treatment so the validator reports it with the segment's context.
            return []
        }
        return complete ? steps : nil
    }

    private mutating func readStep(_ node: Node, _ path: String) -> TreatmentStep? {
        guard let fields = reader.fields(node, path, known: ["day", "action", "template", "fee", "if"], required: ["day", "action"]) else { return nil }
        let day = fields["day"].flatMap { reader.integer($0, "\(path).day") }
        let action = fields["action"].flatMap { reader.choice($0, "\(path).action", StepAction.self) }
        let template = fields["template"].flatMap { reader.name($0, "\(path).template") }
        let condition = fields["if"].map { readPredicate($0, "\(path).if") }
        var fee: [Currency: Money] = [:]
        if let feeNode = fields["fee"] {
            guard let read = readFee(feeNode, "\(path).fee") else { return nil }
            fee = read
        }
        guard let day, let action else { return nil }
        do {
            if action.channel != nil || action == .handlerTask, fields["template"] == nil {
                reader.report(StrategyIssue.Code.missingField, node, "\(path).template", "a \(action.rawValue) step needs a 'template'")
            }
            if action == .reminderFee, fields["fee"] == nil {
                reader.report(StrategyIssue.Code.missingField, node, "\(path).fee", "a reminder_fee step needs a 'fee' per currency")
            }
            if action != .reminderFee, fields["fee"] != nil {
                reader.report(StrategyIssue.Code.badValue, fields["fee"]!, "\(path).fee", "only a reminder_fee step has a fee")
            }
        }
        if case .some(nil) = condition { return nil }
        // An offset that does not fit an Int is out of range too; the validator reports the range.
        let offset = Int(clamping: day)
        return TreatmentStep(day: offset, action: action, template: template, fee: fee, condition: condition ?? nil,
                             line: node.mark?.line ?? 0, column: node.mark?.column ?? 0)
    }

    private mutating func readFee(_ node: Node, _ path: String) -> [Currency: Money]? {
        guard let mapping = node.mapping else {
            reader.report(StrategyIssue.Code.wrongType, node, path, "expected an amount per currency, e.g. {SEK: \"60.00\"}")
            return nil
        }
        var fee: [Currency: Money] = [:]
        var complete = true
        for (key, value) in mapping {
            guard let currency = reader.choice(key, path, Currency.self) else { complete = false; continue }
            guard fee[currency] == nil else {
                reader.report(StrategyIssue.Code.duplicateField, key, "\(path).\(currency)", "currency \(currency) is given twice")
                complete = false
                continue
            }
            guard let amount = amount(value, "\(path).\(currency)", currency) else { complete = false; continue }
            fee[currency] = amount
        }
        return complete ? fee : nil
    }

    /// An amount by Domain's strict parsing (never through floating point), not negative.
    private mutating func amount(_ node: Node, _ path: String, _ currency: Currency) -> Money? {
        guard let scalar = node.scalar else {
            reader.report(StrategyIssue.Code.wrongType, node, path, "expected an amount such as \"60.00\", got \(NodeReader.kind(of: node))")
            return nil
        }
        do {
            return try Money.parse(scalar.string, currency: currency, fieldPath: path)
        } catch {
            reader.report(StrategyIssue.Code.amountInvalid, node, path, "\(error.code): \(error.message)")
            return nil
        }
    }

    // MARK: Predicates

    static let predicateFields = ["countries", "dpd", "buckets", "overdue", "balance", "has_phone", "has_email",
                                  "direct_debit", "languages", "broken_promises", "flags", "days_since_last_contact"]

    private mutating func readPredicate(_ node: Node, _ path: String) -> SegmentPredicate? {
        guard let fields = reader.fields(node, path, known: Self.predicateFields) else { return nil }
        let before = reader.issues.count
        var predicate = SegmentPredicate()
        predicate.countries = fields["countries"].flatMap { countryList($0, "\(path).countries") }.map(Set.init)
        predicate.daysPastDue = fields["dpd"].flatMap { bounds($0, "\(path).dpd", floor: 0) }
        predicate.buckets = fields["buckets"].flatMap { bucketList($0, "\(path).buckets") }
        predicate.overdue = fields["overdue"].flatMap { amountBounds($0, "\(path).overdue") }
        predicate.balance = fields["balance"].flatMap { amountBounds($0, "\(path).balance") }
        predicate.hasPhone = fields["has_phone"].flatMap { reader.boolean($0, "\(path).has_phone") }
        predicate.hasEmail = fields["has_email"].flatMap { reader.boolean($0, "\(path).has_email") }
        predicate.directDebit = fields["direct_debit"].flatMap { reader.boolean($0, "\(path).direct_debit") }
        predicate.languages = fields["languages"].flatMap { languageList($0, "\(path).languages") }
        predicate.brokenPromises = fields["broken_promises"].flatMap { bounds($0, "\(path).broken_promises", floor: 0) }
        predicate.daysSinceLastContact = fields["days_since_last_contact"].flatMap { bounds($0, "\(path).days_since_last_contact", floor: 0) }
        if let flagsNode = fields["flags"] {
            if let flagFields = reader.fields(flagsNode, "\(path).flags", known: CaseFlagKind.allCases.map(\.rawValue)) {
                for (name, value) in flagFields {
                    if let kind = CaseFlagKind(rawValue: name), let required = reader.boolean(value, "\(path).flags.\(name)") {
                        predicate.flags[kind] = required
                    }
                }
            }
        }
        return reader.issues.count == before ? predicate : nil
    }

    private mutating func countryList(_ node: Node, _ path: String) -> [Country]? {
        guard let items = reader.list(node, path, max: StrategyLimits.listCountMax) else { return nil }
        if items.isEmpty { reader.report(StrategyIssue.Code.missingField, node, path, "expected at least one country") }
        var countries: [Country] = []
        for (index, item) in items.enumerated() {
            guard let country = reader.choice(item, "\(path)[\(index)]", Country.self) else { continue }
            if countries.contains(country) {
                reader.report(StrategyIssue.Code.duplicateName, item, "\(path)[\(index)]", "country \(country) is listed twice")
            } else {
                countries.append(country)
            }
        }
        return countries.count == items.count && !items.isEmpty ? countries : nil
    }

    private mutating func bucketList(_ node: Node, _ path: String) -> Set<String>? {
        guard let items = reader.list(node, path, max: StrategyLimits.listCountMax) else { return nil }
        let labels = BucketScheme.standard.buckets.map(\.label)
        var buckets = Set<String>()
        for (index, item) in items.enumerated() {
            guard let label = reader.text(item, "\(path)[\(index)]") else { continue }
            guard labels.contains(label) else {
                reader.report(StrategyIssue.Code.badValue, item, "\(path)[\(index)]", "unknown bucket '\(label)'; expected one of \(labels.joined(separator: ", "))")
                continue
            }
            buckets.insert(label)
        }
        return buckets
    }

    private mutating func languageList(_ node: Node, _ path: String) -> Set<String>? {
        guard let items = reader.list(node, path, max: StrategyLimits.listCountMax) else { return nil }
        var languages = Set<String>()
        for (index, item) in items.enumerated() {
            guard let code = reader.text(item, "\(path)[\(index)]") else { continue }
            guard code.count == 2, code.unicodeScalars.allSatisfy({ ("A"..."Z").contains($0) }) else {
                reader.report(StrategyIssue.Code.badValue, item, "\(path)[\(index)]", "'\(code)' is not a language code; expected two upper-case letters such as SV, NB, DA or EN")
                continue
            }
            languages.insert(code)
        }
        return languages
    }

    /// `{min: N, max: N}`, either optional, neither below `floor`, min not above max.
    private mutating func bounds(_ node: Node, _ path: String, floor: Int64) -> IntBounds? {
        guard let fields = reader.fields(node, path, known: ["min", "max"]) else { return nil }
        var result = IntBounds()
        for (key, keyPath) in [("min", \IntBounds.min), ("max", \IntBounds.max)] {
            guard let valueNode = fields[key], let value = reader.integer(valueNode, "\(path).\(key)") else { continue }
            guard value >= floor else {
                reader.report(StrategyIssue.Code.badValue, valueNode, "\(path).\(key)", "expected at least \(floor), got \(value)")
                continue
            }
            result[keyPath: keyPath] = value
        }
        return checkOrder(result, node, path)
    }

    private mutating func checkOrder(_ bounds: IntBounds, _ node: Node, _ path: String) -> IntBounds? {
        if let min = bounds.min, let max = bounds.max, min > max {
            reader.report(StrategyIssue.Code.badValue, node, path, "min \(min) is above max \(max): nothing would match")
            return nil
        }
        return bounds
    }

    /// `{SEK: {min: "500.00", max: "10 000"}, NOK: {...}}`: bounds in minor units per currency.
    private mutating func amountBounds(_ node: Node, _ path: String) -> [Currency: IntBounds]? {
        guard let mapping = node.mapping else {
            reader.report(StrategyIssue.Code.wrongType, node, path, "expected bounds per currency, e.g. {SEK: {min: \"500.00\"}}")
            return nil
        }
        var result: [Currency: IntBounds] = [:]
        for (key, value) in mapping {
            guard let currency = reader.choice(key, path, Currency.self) else { continue }
            let currencyPath = "\(path).\(currency)"
            guard result[currency] == nil else {
                reader.report(StrategyIssue.Code.duplicateField, key, currencyPath, "currency \(currency) is given twice")
                continue
            }
            guard let fields = reader.fields(value, currencyPath, known: ["min", "max"]) else { continue }
            var bounds = IntBounds()
            if let minNode = fields["min"] { bounds.min = amount(minNode, "\(currencyPath).min", currency)?.minorUnits }
            if let maxNode = fields["max"] { bounds.max = amount(maxNode, "\(currencyPath).max", currency)?.minorUnits }
            if let checked = checkOrder(bounds, value, currencyPath) { result[currency] = checked }
        }
        return result
    }
}
