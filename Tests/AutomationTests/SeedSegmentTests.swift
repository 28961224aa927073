import Testing
@testable import Automation
import Domain

/// The seed labels each case (Sources/Seed/SeedGenerator.swift): `no-mandate` when under 30
/// days past due without an active mandate, `long-term-difficulty` from 90 days, else
/// `early-arrears`. The Swedish golden strategy must put every case where the seed does.
@Suite struct SeedSegmentTests {
    static func seedSegment(dpd: Int, mandateActive: Bool) -> String {
        dpd < 30 && !mandateActive ? "no-mandate" : (dpd >= 90 ? "long-term-difficulty" : "early-arrears")
    }

    @Test func theGoldenStrategyExpressesTheSeedsSegments() throws {
        let evaluator = StrategyEvaluator(strategy: try loadFixture("se-standard.yaml"))
        let asOf = day("2026-12-07")
        // The seed's days past due run 1...400; every value, with and without a mandate, with and without a phone.
        for dpd in 1...400 {
            for mandate in [false, true] {
                for phone in [false, true] {
                    let decision = evaluator.evaluate(facts("C-\(dpd)", dpd: dpd, asOf: asOf, mandate: mandate, phone: phone), on: asOf)
                    #expect(decision.segment == Self.seedSegment(dpd: dpd, mandateActive: mandate), "dpd \(dpd) mandate \(mandate)")
                }
            }
        }
    }
}
