import Protocol
import Testing
@testable import Transport

@Suite struct GRPCCallResultTests {
    @Test func statusFromTrailersWins() {
        let result = GRPCCallResult.fromClosedStream(
            headers: [HeaderField(":status", "200")],
            trailers: [HeaderField("grpc-status", "5"), HeaderField("grpc-message", "no%20case"), HeaderField("collect-error-bin", "AQID")],
            response: nil, resetCode: 0)
        #expect(result.status == .notFound)
        #expect(result.message == "no case")
        #expect(result.errorDetail == [1, 2, 3])
    }

    @Test func httpStatusMappingWithoutGRPCStatus() {
        #expect(GRPCCallResult.fromClosedStream(headers: [HeaderField(":status", "404")], trailers: [], response: nil, resetCode: 0).status == .unimplemented)
        #expect(GRPCCallResult.fromClosedStream(headers: [HeaderField(":status", "503")], trailers: [], response: nil, resetCode: 0).status == .unavailable)
        #expect(GRPCCallResult.fromClosedStream(headers: [HeaderField(":status", "200")], trailers: [], response: nil, resetCode: 0).status == .unknown)
    }

    @Test func resetMappingWhenNothingElse() {
        #expect(GRPCCallResult.fromClosedStream(headers: [], trailers: [], response: nil, resetCode: 0x7).status == .unavailable)
        #expect(GRPCCallResult.fromClosedStream(headers: [], trailers: [], response: nil, resetCode: 0x8).status == .cancelled)
        #expect(GRPCCallResult.fromClosedStream(headers: [], trailers: [], response: nil, resetCode: 0xB).status == .resourceExhausted)
    }
}
