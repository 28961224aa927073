import Protocol
import ProtocolFixtures
import Testing

/// Generated Swift values encode to the documented bytes and back.
@Suite struct TypedValueTests {
    @Test func moneyEncodesAsDocumented() throws {
        let money = Money(minorUnits: 123_450, currency: .sek)
        #expect(money.encoded() == [0x08, 0xF4, 0x88, 0x0F, 0x10, 0x01])
        #expect(try Money(decoding: money.encoded()) == money)
    }

    @Test func defaultsEncodeToNothing() {
        #expect(Money().encoded().isEmpty)
        #expect(WireSample().encoded().isEmpty)
        #expect(CaseView().encoded().isEmpty)
        // A singular message field whose value is the default is left out.
        #expect(Installment(sequence: 1, amount: Money()).encoded() == [0x08, 0x01])
    }

    @Test func optionalPresenceIsKept() throws {
        let present = WireSample(optFlag: false, optText: "", optLeaf: SampleLeaf())
        let decoded = try WireSample(decoding: present.encoded())
        #expect(decoded.optFlag == false)
        #expect(decoded.optText == "")
        #expect(decoded.optLeaf == SampleLeaf())
        #expect(decoded.optSmall == nil)
        #expect(try WireSample(decoding: []).optFlag == nil)
    }

    @Test func unknownEnumValuesSurviveARoundTrip() throws {
        let sample = WireSample(kind: .unknown(7), kinds: [.one, .unknown(99)])
        let decoded = try WireSample(decoding: sample.encoded())
        #expect(decoded.kind == .unknown(7))
        #expect(decoded.kinds == [.one, .unknown(99)])
        #expect(decoded.kind.name == "UNKNOWN(7)")
        #expect(SampleKind(rawValue: 1) == .one)
    }

    @Test func enumNamesParseWithOrWithoutPrefix() {
        #expect(Currency(name: "sek") == .sek)
        #expect(Currency(name: "CURRENCY_NOK") == .nok)
        #expect(Currency(name: "EUR") == nil)
        #expect(ContactOutcome(name: "right_party_contact") == .rightPartyContact)
        #expect(PlanFrequency.biweekly.name == "BIWEEKLY")
    }

    @Test func realisticCaseViewRoundTrips() throws {
        let view = CaseViewFixture.caseView()
        let bytes = view.encoded()
        #expect(bytes.count > 2_000)
        #expect(try CaseView(decoding: bytes) == view)
    }

    @Test func methodTableNamesPathsAndMutations() {
        #expect(CasesService.getCase.path == "/collect.v1.Cases/GetCase")
        #expect(!CasesService.getCase.isMutation)
        #expect(PlansService.createPlan.isMutation)
        #expect(PlansService.createPlan.info.requestType == "collect.v1.CreatePlanRequest")
        #expect(SchemaInfo.methods.count == 32)  // Cases.ListNotes joined the 16, System.GetMetrics the 17, PaymentFiles 4, Automation 3, Strategies 6, Intake 1
        #expect(Set(SchemaInfo.methods.map(\.path)).count == SchemaInfo.methods.count)
        #expect(SchemaInfo.fingerprint.hasPrefix("fnv1a64:"))
    }
}
