import Domain

/// Reading a strategy file: what `collectctl strategy validate|apply -f FILE` will call.
public enum StrategyFile {
    /// The strategy in `text`, or every issue found (up to `StrategyLimits.issueCountMax`), each
    /// with `file:line:column` and a stable code. Fees and channels are checked against the
    /// entries of `rules` in force on `asOf` and every later one.
    public static func load(_ text: String, file: String, rules: RuleBook = .standard, asOf: Day) throws(StrategyRefusal) -> Strategy {
        var parser = StrategyParser(text: text, file: file)
        let (parsed, parseIssues) = parser.parse()
        guard let strategy = parsed, parseIssues.isEmpty else {
            throw StrategyRefusal(issues: parseIssues.sorted { ($0.line, $0.column) < ($1.line, $1.column) })
        }
        var validator = StrategyValidator(strategy: strategy, file: file, rules: rules, asOf: asOf)
        let issues = validator.validate()
        guard issues.isEmpty else { throw StrategyRefusal(issues: issues) }
        return strategy
    }
}
