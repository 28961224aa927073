import Protocol
import Testing
@testable import Transport

@Suite struct RequestHeadValidatorTests {
    let known: (String) -> Bool = { $0 == "/a.B/C" }

    func headers(method: String = "POST", path: String = "/a.B/C", contentType: String? = "application/grpc",
                 extra: [HeaderField] = []) -> [HeaderField] {
        var fields = [HeaderField(":method", method), HeaderField(":scheme", "https"), HeaderField(":path", path),
                      HeaderField(":authority", "x")]
        if let contentType { fields.append(HeaderField("content-type", contentType)) }
        return fields + extra
    }

    @Test func acceptsGRPCAndKeepsAllNonPseudoMetadata() throws {
        let result = RequestHeadValidator.validate(
            headers(extra: [HeaderField("te", "trailers"), HeaderField("x-id", "7"), HeaderField("grpc-timeout", "100m")]),
            now: MonotonicInstant(nanoseconds: 1_000), isKnownPath: known)
        let head = try result.get()
        #expect(head.path == "/a.B/C")
        #expect(head.metadata.map(\.name) == ["content-type", "te", "x-id", "grpc-timeout"])
        #expect(head.deadline == MonotonicInstant(nanoseconds: 1_000 + 100_000_000))
    }

    @Test func refusesNonPOSTAndNonGRPCContentTypes() {
        #expect(RequestHeadValidator.validate(headers(method: "GET"), now: .now(), isKnownPath: known) == .failure(.http(status: 405)))
        for type in ["text/plain", "application/grpcfoo", "application/json", "application/grpc+proto", "application/grpc+json",
                     "application/grpc+collectx"] {
            #expect(RequestHeadValidator.validate(headers(contentType: type), now: .now(), isKnownPath: known) == .failure(.http(status: 415)))
        }
        #expect(RequestHeadValidator.validate(headers(contentType: nil), now: .now(), isKnownPath: known) == .failure(.http(status: 415)))
        for type in ["application/grpc", "application/grpc+collect", "application/grpc;charset=x", "application/grpc+collect;v=1"] {
            #expect((try? RequestHeadValidator.validate(headers(contentType: type), now: .now(), isKnownPath: known).get()) != nil, "\(type)")
        }
    }

    @Test func unknownPathIsUnimplementedAndBadTimeoutInternal() {
        let unknown = RequestHeadValidator.validate(headers(path: "/x.Y/Z"), now: .now(), isKnownPath: known)
        guard case .failure(.grpc(let code, _, _)) = unknown else { Issue.record("expected a gRPC failure"); return }
        #expect(code == .unimplemented)
        let badTimeout = RequestHeadValidator.validate(headers(extra: [HeaderField("grpc-timeout", "soon")]), now: .now(), isKnownPath: known)
        guard case .failure(.grpc(let timeoutCode, _, _)) = badTimeout else { Issue.record("expected a gRPC failure"); return }
        #expect(timeoutCode == .internal)
    }
}
