import Testing
@testable import Automation
import Domain

/// The unreachable-segment check against brute force: for random strategies, a segment is
/// refused as unreachable exactly when no case of a grid that covers every boundary of the
/// strategy's predicates reaches it (first match wins).
@Suite struct ReachabilityTests {
    static let asOf = day("2026-12-07")

    @Test func refusedExactlyWhenNoCaseReachesIt() {
        var random = SplitMix64(seed: 0xC0FFEE)
        var refusedSeen = 0, reachableSeen = 0
        for round in 0..<150 {
            let count = Int.random(in: 2...4, using: &random)
            let segments = (0..<count).map { index in
                Segment(name: "s\(index)", predicate: Self.randomPredicate(&random),
                        arms: [Arm(name: Arm.championName, percent: 100, treatment: [TreatmentStep(day: 0, action: .wait)])], line: index + 1)
            }
            let strategy = Strategy(name: "r\(round)", version: "1", countries: [.se, .no], segments: segments)
            var validator = StrategyValidator(strategy: strategy, file: "random", rules: .standard, asOf: Self.asOf)
            let refused = Set(validator.validate().filter { $0.code == StrategyIssue.Code.segmentUnreachable }.map(\.line))
            let reached = Self.reachedSegments(strategy)
            for (index, segment) in segments.enumerated() {
                let isRefused = refused.contains(segment.line)
                #expect(isRefused == !reached.contains(index), "round \(round) segment \(index): refused \(isRefused), reached \(reached.contains(index)); \(segments.map(\.predicate))")
                if isRefused { refusedSeen += 1 } else { reachableSeen += 1 }
            }
        }
        // Both answers must occur, or the comparison proves little.
        #expect(refusedSeen > 30 && reachableSeen > 100, "\(refusedSeen) refused, \(reachableSeen) reachable")
    }

    static let dpdBounds: [Int64] = [0, 1, 30, 90]
    static let overdueBounds: [Int64] = [50_000, 100_000]

    static func randomPredicate(_ random: inout SplitMix64) -> SegmentPredicate {
        var predicate = SegmentPredicate()
        func maybe(_ percent: Int) -> Bool { Int.random(in: 0..<100, using: &random) < percent }
        if maybe(60) {
            let a = dpdBounds.randomElement(using: &random)!, b = dpdBounds.randomElement(using: &random)!
            predicate.daysPastDue = maybe(50) ? IntBounds(min: Swift.min(a, b), max: Swift.max(a, b)) : IntBounds(min: a)
        }
        if maybe(30) { predicate.hasPhone = Bool.random(using: &random) }
        if maybe(30) { predicate.directDebit = Bool.random(using: &random) }
        if maybe(25) { predicate.countries = [[.se], [.no], [.se, .no]].randomElement(using: &random)! }
        if maybe(20) { predicate.languages = [["SV"], ["EN"], ["SV", "EN"]].randomElement(using: &random)! }
        if maybe(20) { predicate.overdue = [.sek: maybe(50) ? IntBounds(min: overdueBounds.randomElement(using: &random)!) : IntBounds(max: overdueBounds.randomElement(using: &random)!)] }
        if maybe(15) { predicate.flags = [.callOptOut: Bool.random(using: &random)] }
        return predicate
    }

    /// Indexes of the segments some case of the grid lands in.
    static func reachedSegments(_ strategy: Strategy) -> Set<Int> {
        var reached = Set<Int>()
        let dpds = Set(dpdBounds.flatMap { [$0 - 1, $0, $0 + 1] }.filter { $0 >= 0 } + [400]).sorted()
        let overdues = Set(overdueBounds.flatMap { [$0 - 1, $0, $0 + 1] } + [0]).sorted()
        for country in [Country.se, .no] {
            for dpd in dpds {
                for overdue in overdues {
                    for phone in [false, true] {
                        for mandate in [false, true] {
                            for language in ["SV", "EN", "DA"] {
                                for optedOut in [false, true] {
                                    let facts = CaseFacts(
                                        caseID: "g", country: country, oldestUnpaidDue: dpd == 0 ? nil : asOf.adding(days: -Int(dpd)),
                                        overdue: Money(minorUnits: overdue, currency: country.currency),
                                        balance: Money(minorUnits: overdue, currency: country.currency),
                                        hasPhone: phone, hasEmail: true, directDebitMandate: mandate, language: language,
                                        flags: CaseFlags(optedOut ? [CaseFlag(.callOptOut)] : []))
                                    let view = CaseView(facts, on: asOf, buckets: .standard)
                                    if let index = strategy.segments.firstIndex(where: { $0.predicate.matches(view) }) { reached.insert(index) }
                                }
                            }
                        }
                    }
                }
            }
        }
        return reached
    }
}

@Suite struct ReachabilityBoundTests {
    /// 64 segments, each cutting a box out of many facts at once, make the remainder of a last
    /// catch-all segment split into many boxes: the check stays within `coverageBoxesMax` and
    /// answers (the catch-all is reachable: no case has every flag and every bound at once).
    @Test func manyCuttingSegmentsStayBounded() {
        var segments: [Segment] = []
        for index in 0..<(StrategyLimits.segmentCountMax - 1) {
            let predicate = SegmentPredicate(
                daysPastDue: IntBounds(min: Int64(index), max: Int64(index + 40)),
                overdue: [.sek: IntBounds(min: Int64(index * 1_000))], balance: [.sek: IntBounds(max: Int64(1_000_000 - index))],
                hasPhone: index % 2 == 0, hasEmail: index % 3 == 0, directDebit: index % 5 == 0, languages: ["SV"],
                brokenPromises: IntBounds(max: Int64(index % 4)), flags: [.callOptOut: index % 7 == 0],
                daysSinceLastContact: IntBounds(min: Int64(index % 9)))
            segments.append(Segment(name: "s\(index)", predicate: predicate,
                                    arms: [Arm(name: Arm.championName, percent: 100, treatment: [TreatmentStep(day: 0, action: .wait)])], line: index + 1))
        }
        segments.append(Segment(name: "rest", predicate: SegmentPredicate(),
                                arms: [Arm(name: Arm.championName, percent: 100, treatment: [TreatmentStep(day: 0, action: .wait)])], line: 100))
        var validator = StrategyValidator(strategy: Strategy(name: "b", version: "1", countries: [.se], segments: segments),
                                          file: "bound", rules: .standard, asOf: day("2026-12-01"))
        #expect(validator.validate().filter { $0.code == StrategyIssue.Code.segmentUnreachable }.isEmpty)
    }
}
