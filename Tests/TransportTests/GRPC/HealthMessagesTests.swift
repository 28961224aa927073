import Testing
@testable import Transport

@Suite struct HealthMessagesTests {
    @Test func roundTripsAndMatchesProtobufBytes() {
        #expect(HealthMessages.encodeRequest(service: "") == [])
        #expect(HealthMessages.encodeRequest(service: "ab") == [0x0A, 2, 0x61, 0x62])
        #expect(HealthMessages.decodeRequest([0x0A, 2, 0x61, 0x62]) == "ab")
        #expect(HealthMessages.encodeResponse(.serving) == [0x08, 0x01])
        #expect(HealthMessages.decodeResponse([0x08, 0x02]) == .notServing)
    }

    @Test func skipsUnknownFieldsAndRejectsTruncation() {
        // field 2 varint 5, then field 1 "x"
        #expect(HealthMessages.decodeRequest([0x10, 0x05, 0x0A, 1, 0x78]) == "x")
        #expect(HealthMessages.decodeRequest([0x0A, 5, 0x78]) == nil)
        #expect(HealthMessages.decodeRequest([0x0A, 0x80]) == nil)
    }

    @Test func healthServiceReportsNotServingAfterMark() {
        let health = HealthService()
        #expect(health.status(of: "") == .serving)
        health.markNotServing()
        #expect(health.status(of: "") == .notServing)
        #expect(health.status(of: "other") == nil)
    }
}
