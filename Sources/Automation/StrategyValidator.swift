import Domain

/// What a strategy means across its fields: unique names, arms that sum to 100, non-empty and
/// ordered treatments within the offset range, countries and currencies in scope, channels each
/// country allows, fees within each country's caps, and no segment that earlier ones shadow.
struct StrategyValidator {
    let strategy: Strategy
    let file: String
    let rules: RuleBook
    let asOf: Day
    private(set) var issues: [StrategyIssue] = []

    init(strategy: Strategy, file: String, rules: RuleBook, asOf: Day) {
        self.strategy = strategy
        self.file = file
        self.rules = rules
        self.asOf = asOf
    }

    /// Where in the file: a segment's, arm's or step's line and column.
    typealias Place = (line: Int, column: Int)

    private mutating func report(_ code: String, at place: Place, _ path: String, _ message: String) {
        guard issues.count < StrategyLimits.issueCountMax else { return }
        issues.append(StrategyIssue(code: code, file: file, line: place.line, column: place.column, fieldPath: path, message: message))
    }

    mutating func validate() -> [StrategyIssue] {
        var names = Set<String>()
        for (index, segment) in strategy.segments.enumerated() {
            let path = "segments[\(index)]"
            if !names.insert(segment.name).inserted {
                report(StrategyIssue.Code.duplicateName, at: (segment.line, segment.column), "\(path).name", "segment name '\(segment.name)' is used twice")
            }
            let scope = checkPredicate(segment.predicate, within: strategy.countries, at: (segment.line, segment.column), "\(path).when")
            checkArms(segment, scope: scope, path)
        }
        checkReachability()
        return issues.sorted { ($0.line, $0.column) < ($1.line, $1.column) }
    }

    /// Checks countries and currencies of `predicate`; returns the countries it can match.
    private mutating func checkPredicate(_ predicate: SegmentPredicate, within outer: [Country], at place: Place, _ path: String) -> [Country] {
        if let countries = predicate.countries {
            for country in countries.sorted(by: { $0.rawValue < $1.rawValue }) where !outer.contains(country) {
                report(StrategyIssue.Code.countryOutOfScope, at: place, "\(path).countries",
                       "\(country) is not among the countries in scope here (\(outer.map(\.rawValue).joined(separator: ", ")))")
            }
        }
        let scope = outer.filter { predicate.countries?.contains($0) ?? true }
        for (name, bounds) in [("overdue", predicate.overdue), ("balance", predicate.balance)] {
            guard let bounds else { continue }
            checkCurrencies(Set(bounds.keys), scope: scope, at: place, "\(path).\(name)")
        }
        return scope
    }

    private mutating func checkCurrencies(_ given: Set<Currency>, scope: [Country], at place: Place, _ path: String) {
        for country in scope where !given.contains(country.currency) {
            report(StrategyIssue.Code.currencyMissing, at: place, path,
                   "no \(country.currency) amount, but \(country) cases can reach this; give one per currency in scope")
        }
        for currency in given.sorted(by: { $0.rawValue < $1.rawValue }) where !scope.contains(where: { $0.currency == currency }) {
            report(StrategyIssue.Code.countryOutOfScope, at: place, "\(path).\(currency)",
                   "\(currency) amount, but no country using \(currency) is in scope here")
        }
    }

    private mutating func checkArms(_ segment: Segment, scope: [Country], _ path: String) {
        var armNames = Set<String>()
        for (index, arm) in segment.arms.enumerated() {
            let armPath = segment.arms.count == 1 && arm.name == Arm.championName ? path : "\(path).arms[\(index)]"
            if !armNames.insert(arm.name).inserted {
                report(StrategyIssue.Code.duplicateName, at: (arm.line, arm.column), "\(armPath).name", "arm name '\(arm.name)' is used twice in segment '\(segment.name)'")
            }
            checkTreatment(arm, scope: scope, "\(armPath).treatment")
        }
        let total = segment.arms.reduce(0) { $0 + $1.percent }
        if total != 100 {
            report(StrategyIssue.Code.armsNotHundred, at: (segment.line, segment.column), "\(path).arms",
                   "the arms of segment '\(segment.name)' sum to \(total) %; they must sum to 100 (\(segment.arms.map { "\($0.name) \($0.percent)" }.joined(separator: ", ")))")
        }
    }

    private mutating func checkTreatment(_ arm: Arm, scope: [Country], _ path: String) {
        guard !arm.treatment.isEmpty else {
            report(StrategyIssue.Code.treatmentEmpty, at: (arm.line, arm.column), path, "the treatment has no steps; give at least one (a 'wait' step for none)")
            return
        }
        var previous = 0
        for (index, step) in arm.treatment.enumerated() {
            let stepPath = "\(path)[\(index)]"
            if !(0...StrategyLimits.dayOffsetMax).contains(step.day) {
                report(StrategyIssue.Code.offsetOutOfRange, at: (step.line, step.column), "\(stepPath).day",
                       "day \(step.day) is outside 0...\(StrategyLimits.dayOffsetMax) (days after the case entered the segment)")
            } else if step.day < previous {
                report(StrategyIssue.Code.stepsUnordered, at: (step.line, step.column), "\(stepPath).day",
                       "day \(step.day) comes after day \(previous); list steps in order of their days")
            } else {
                previous = step.day
            }
            let stepScope = step.condition.map { checkPredicate($0, within: scope, at: (step.line, step.column), "\(stepPath).if") } ?? scope
            if let channel = step.action.channel {
                for country in stepScope {
                    for policy in policiesInForce(country).map(\.contactPolicy) where ChannelPermit.forbids(channel, policy) {
                        report(StrategyIssue.Code.channelForbidden, at: (step.line, step.column), "\(stepPath).action",
                               "\(country)'s contact rules allow no \(channel.rawValue.lowercased()) contact; use another channel or narrow the segment's countries")
                        break
                    }
                }
            }
            if step.action == .reminderFee {
                checkCurrencies(Set(step.fee.keys), scope: stepScope, at: (step.line, step.column), "\(stepPath).fee")
                checkFee(step, scope: stepScope, "\(stepPath).fee")
            }
        }
    }

    private mutating func checkFee(_ step: TreatmentStep, scope: [Country], _ path: String) {
        for country in scope {
            guard let fee = step.fee[country.currency] else { continue }
            for entry in rulesInForce(country) where fee.minorUnits > entry.rules.reminderFeeCap.minorUnits {
                report(StrategyIssue.Code.feeOverCap, at: (step.line, step.column), "\(path).\(country.currency)",
                       "a reminder fee of \(fee) is above \(country)'s cap of \(entry.rules.reminderFeeCap) (rules from \(entry.validFrom))")
                break
            }
        }
    }

    /// The rule-book entries of `country` in force on `asOf` or later.
    private func rulesInForce(_ country: Country) -> [RuleBook.Entry] {
        let entries = rules.entries(for: country)
        let current = entries.last { $0.validFrom <= asOf } ?? entries.first
        return entries.filter { $0.validFrom > asOf || $0 == current }
    }

    private func policiesInForce(_ country: Country) -> [CountryRules] { rulesInForce(country).map(\.rules) }

    /// First match wins, so a segment whose every case an earlier segment takes can never match:
    /// refused, naming the earlier segments that cover it. Partial overlap is the normal way to
    /// write a strategy (general segments after special ones) and is allowed.
    private mutating func checkReachability() {
        for (index, segment) in strategy.segments.enumerated() {
            var coveredBy = Set<String>()
            var reachable = false
            for country in strategy.countries {
                guard var remaining = SegmentRegion(segment.predicate, country: country).map({ [$0] }), !remaining[0].isEmpty else { continue }
                for earlier in strategy.segments[..<index] {
                    guard let region = SegmentRegion(earlier.predicate, country: country) else { continue }
                    if remaining.contains(where: { $0.intersects(region) }) { coveredBy.insert(earlier.name) }
                    remaining = remaining.flatMap { $0.subtracting(region) }
                    if remaining.isEmpty || remaining.count > StrategyLimits.coverageBoxesMax { break }
                }
                if !remaining.isEmpty { reachable = true; break }
            }
            if !reachable {
                let names = strategy.segments[..<index].map(\.name).filter { coveredBy.contains($0) }
                let reason = names.isEmpty ? "it matches no case in the strategy's countries"
                    : "every case it matches is taken first by \(names.map { "'\($0)'" }.joined(separator: ", "))"
                report(StrategyIssue.Code.segmentUnreachable, at: (segment.line, segment.column), "segments[\(index)]",
                       "segment '\(segment.name)' can never match: \(reason) (first match wins); move it before them or narrow them")
            }
        }
    }
}
