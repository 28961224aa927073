import Domain
import Foundation
import Services
import Synchronization
import Testing

/// The daily cycle makes way for handlers: after a page during which calls came in, it rests for
/// its share of the page's time (capped); with no calls it never rests.
@Suite struct CycleYieldTests {
    @Test func restIsAShareOfThePageOnlyWhenCallsCameIn() {
        let yield = CycleYield(percent: 100)
        let before = yield.callsNoted
        #expect(yield.restMs(afterPageOf: 40, callsBefore: before) == 0, "no call: no rest")
        yield.note()
        #expect(yield.restMs(afterPageOf: 40, callsBefore: before) == 40)
        #expect(yield.restMs(afterPageOf: 40, callsBefore: yield.callsNoted) == 0, "none since the page began")
        #expect(yield.restMs(afterPageOf: 10_000, callsBefore: before) == CycleYield.restMaxMs, "capped")
        #expect(yield.restMs(afterPageOf: 0, callsBefore: before) == 1, "a page quicker than a millisecond still rests one")
        let half = CycleYield(percent: 50)
        half.note()
        #expect(half.restMs(afterPageOf: 40, callsBefore: 0) == 20)
        let never = CycleYield(percent: 0)
        never.note()
        #expect(never.restMs(afterPageOf: 40, callsBefore: 0) == 0)
        let most = CycleYield(percent: CycleYield.percentMax)
        most.note()
        #expect(most.restMs(afterPageOf: 20, callsBefore: 0) == 200)
    }

    @Test func theCycleRestsWhileCallsComeInAndNotOtherwise() throws {
        let harness = try ServiceHarness()
        let day = Day(daysSinceEpoch: Int(ServiceHarness.today.daysSinceEpoch))!
        let quiet = try #require(try harness.service.runDailyCycle(country: .se, asOf: day, reader: harness.reader, pageSize: 1))
        #expect(quiet.restedMs == 0)
        // Calls keep coming in (as the server notes them on its loop threads) while the day runs again.
        let stop = StopFlag()
        let caller = Thread { while !stop.value.load(ordering: .relaxed) { harness.service.cycleYield.note(); usleep(100) } }
        let before = harness.service.cycleYield.callsNoted
        caller.start()
        defer { stop.value.store(true, ordering: .relaxed) }
        while harness.service.cycleYield.callsNoted == before { usleep(100) }
        let busy = try #require(try harness.service.runDailyCycle(country: .se, asOf: day, reader: harness.reader, pageSize: 1))
        #expect(busy.restedMs > 0, "\(busy)")
        #expect(busy.changes == 0, "resting changes nothing: \(busy)")
    }
}

/// A flag another thread reads.
final class StopFlag: Sendable {
    let value = Atomic(false)
}
