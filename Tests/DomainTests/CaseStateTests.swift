import Testing
@testable import Domain

@Suite("Case state")
struct CaseStateTests {
    @Test func aPauseThenAPlanThenTheOverdueDecide() {
        #expect(CaseState.asOf(pauseInForce: true, planInForce: true, overdueMinorUnits: 100) == .paused)
        #expect(CaseState.asOf(pauseInForce: false, planInForce: true, overdueMinorUnits: 0) == .inPlan)
        #expect(CaseState.asOf(pauseInForce: false, planInForce: false, overdueMinorUnits: 1) == .open)
        #expect(CaseState.asOf(pauseInForce: false, planInForce: false, overdueMinorUnits: 0) == .closed)
    }
}
