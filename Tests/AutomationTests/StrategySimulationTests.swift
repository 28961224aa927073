import Testing
@testable import Automation
import Domain

@Suite struct StrategySimulationTests {
    @Test func countsPerSegmentArmAndStepWithSamples() throws {
        let evaluator = StrategyEvaluator(strategy: try loadFixture("se-standard.yaml"))
        let asOf = day("2026-12-07")
        var cases: [CaseFacts] = []
        for number in 0..<200 { cases.append(facts("C-\(number)", dpd: 5, asOf: asOf)) }          // no-mandate, step d0
        for number in 200..<300 { cases.append(facts("C-\(number)", dpd: 120, asOf: asOf)) }      // long-term, step d0
        var paused = facts("C-300", dpd: 5, asOf: asOf)
        paused.flags = CaseFlags([CaseFlag(.hardshipPause, until: asOf.adding(days: 10))])
        cases.append(paused)
        cases.append(facts("C-301", .dk, dpd: 5, asOf: asOf))
        cases.append(facts("C-302", dpd: 0, asOf: asOf))
        let simulation = StrategySimulation.run(evaluator, cases: cases, on: asOf, samples: 2)
        #expect(simulation.rows.map { "\($0.segment)/\($0.arm)/\($0.step)=\($0.cases)" } == [
            "no-mandate/champion/d0 sms setup-autogiro + d0 email setup-autogiro + d0 letter setup-autogiro=200",
            "no-mandate/champion/skipped: PAUSED=1",
            "long-term-difficulty/champion/d0 handler_task agree-plan + d0 letter long-term-offer=100",
        ])
        #expect(simulation.rows[0].samples == ["C-0", "C-1"])
        #expect(simulation.rows[0].due == 200 && simulation.rows[0].actions == 200)
        #expect(simulation.outOfScope == 1 && simulation.noSegment == 1)
        #expect(simulation.actionsByKind == ["SMS": 200, "HANDLER_TASK": 100, "LETTER": 100])
    }

    @Test func samplesAtAndPastTheirLimit() throws {
        let evaluator = StrategyEvaluator(strategy: try loadFixture("se-standard.yaml"))
        let asOf = day("2026-12-07")
        let cases = (0..<20).map { facts("C-\($0)", dpd: 5, asOf: asOf) }
        #expect(StrategySimulation.run(evaluator, cases: cases, on: asOf, samples: StrategySimulation.samplesPerRowMax).rows[0].samples.count == 5)
        #expect(StrategySimulation.run(evaluator, cases: cases, on: asOf, samples: StrategySimulation.samplesPerRowMax + 1).rows[0].samples.count == 5)
        #expect(StrategySimulation.run(evaluator, cases: cases, on: asOf, samples: -1).rows[0].samples.isEmpty)
    }

    @Test func simulationDoesNotDependOnRuns() throws {
        let evaluator = StrategyEvaluator(strategy: try loadFixture("dk-standard.yaml"))
        let asOf = day("2026-12-07")
        var random = SplitMix64(seed: 7)
        let cases = (0..<2_000).map { ContactGatePropertyTests.generate($0, country: .dk, on: asOf, segments: evaluator.strategy.segments.map(\.name), random: &random) }
        #expect(StrategySimulation.run(evaluator, cases: cases, on: asOf) == StrategySimulation.run(evaluator, cases: cases, on: asOf))
    }
}
