import Protocol
import Testing

/// The header values of gRPC's HTTP/2 mapping: grpc-timeout, grpc-message, -bin metadata, status.
@Suite struct GRPCHeaderTests {
    @Test func timeoutUnits() {
        #expect(GRPCTimeout.parseNanoseconds("1H") == 3_600_000_000_000)
        #expect(GRPCTimeout.parseNanoseconds("2M") == 120_000_000_000)
        #expect(GRPCTimeout.parseNanoseconds("3S") == 3_000_000_000)
        #expect(GRPCTimeout.parseNanoseconds("250m") == 250_000_000)
        #expect(GRPCTimeout.parseNanoseconds("7u") == 7_000)
        #expect(GRPCTimeout.parseNanoseconds("99999999n") == 99_999_999)
        #expect(GRPCTimeout.parseNanoseconds("99999999H") == Int64.max)
    }

    @Test func malformedTimeoutsAreRefused() {
        for bad in ["", "S", "10", "100000000S", "1s", "-1S", "1.5S", " 1S", "1S "] {
            #expect(GRPCTimeout.parseNanoseconds(bad) == nil, "\(bad)")
        }
    }

    @Test func timeoutFormatNeverShortensTheDeadline() {
        #expect(GRPCTimeout.format(nanoseconds: 1_500_000_000) == "1500000u")
        #expect(GRPCTimeout.format(nanoseconds: 999) == "999n")
        #expect(GRPCTimeout.format(nanoseconds: 100_000_000_001) == "100001m")
        for value: Int64 in [1, 999, 123_456_789, 3_600_000_000_001, 500_000_000_000_000] {
            let formatted = GRPCTimeout.format(nanoseconds: value)
            #expect(formatted.utf8.count <= 9)
            #expect(GRPCTimeout.parseNanoseconds(formatted)! >= value)
        }
    }

    @Test func grpcMessagePercentEncoding() {
        #expect(GRPCMessageEncoding.percentEncode("plan ok") == "plan ok")
        #expect(GRPCMessageEncoding.percentEncode("100% öre\n") == "100%25 %C3%B6re%0A")
        #expect(GRPCMessageEncoding.percentDecode("100%25 %C3%B6re%0A") == "100% öre\n")
        #expect(GRPCMessageEncoding.percentDecode("bad %G1 and %") == "bad %G1 and %")
    }

    @Test func binaryHeaderBase64() {
        let bytes: [UInt8] = [0x0A, 0x10, 0xFF, 0x00, 0x7E]
        #expect(GRPCBinaryHeader.encode(bytes) == "ChD/AH4=")
        #expect(GRPCBinaryHeader.decode("ChD/AH4=") == bytes)
        #expect(GRPCBinaryHeader.decode("ChD/AH4") == bytes)
        #expect(GRPCBinaryHeader.decode("") == [])
        #expect(GRPCBinaryHeader.decode("Ch*D") == nil)
        #expect(GRPCBinaryHeader.decode("C") == nil)
        var random = SeededRandom(state: 3)
        for length in 0..<64 {
            let data = (0..<length).map { _ in UInt8.random(in: 0...255, using: &random) }
            #expect(GRPCBinaryHeader.decode(GRPCBinaryHeader.encode(data)) == data)
        }
    }

    @Test func errorDetailTravelsInABinaryTrailer() throws {
        let detail = ErrorDetail(code: "VERSION_CONFLICT", fieldPath: "expected_version", message: "reload",
                                 facts: [ErrorFact(key: "current_version", value: "4")])
        let trailer = GRPCBinaryHeader.encode(detail.encoded())
        #expect(try ErrorDetail(decoding: GRPCBinaryHeader.decode(trailer)!) == detail)
    }

    @Test func statusCodesAndMappings() {
        for raw in 0...16 { #expect(GRPCStatusCode(rawValue: raw).rawValue == raw) }
        #expect(GRPCStatusCode(rawValue: 42) == .unknownCode(42))
        #expect(GRPCStatusCode.resourceExhausted.name == "RESOURCE_EXHAUSTED")
        #expect(GRPCStatusCode(httpStatus: 404) == .unimplemented)
        #expect(GRPCStatusCode(httpStatus: 503) == .unavailable)
        #expect(GRPCStatusCode(httpStatus: 415) == .unknown)
        #expect(GRPCStatusCode(http2ErrorCode: 0x7) == .unavailable)
        #expect(GRPCStatusCode(http2ErrorCode: 0x8) == .cancelled)
        #expect(GRPCStatusCode(http2ErrorCode: 0xB) == .resourceExhausted)
    }
}
