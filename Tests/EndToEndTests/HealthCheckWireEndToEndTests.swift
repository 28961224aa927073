import Foundation
import Protocol
import Testing

/// The health check as `schema/WIRE.md` §1.2 gives it, byte for byte, against the real server:
/// no token needed (a wrong one is ignored), unlike every collect.v1 method.
@Suite(.serialized) struct HealthCheckWireEndToEndTests {
    static let path = "/grpc.health.v1.Health/Check"

    @Test func healthAnswersWithoutATokenInTheDocumentedBytes() throws {
        let server = try ServerProcess()
        let wire = try WireCaller(server)

        let anonymous = wire.raw(Self.path, [], authorization: .some(nil))
        #expect(anonymous.status == .ok)
        #expect(anonymous.response == [0x08, 0x01], "SERVING")
        let wrongToken = wire.raw(Self.path, [], authorization: "Bearer not-a-token")
        #expect(wrongToken.status == .ok)
        #expect(wrongToken.response == [0x08, 0x01])

        // Another service name ("abc"): NOT_FOUND; a length past the end: INVALID_ARGUMENT; neither has a detail.
        let unknown = wire.raw(Self.path, [0x0A, 0x03, 0x61, 0x62, 0x63], authorization: .some(nil), catalogued: false)
        #expect(unknown.status == .notFound)
        #expect(unknown.detail == nil)
        let malformed = wire.raw(Self.path, [0x0A, 0x05, 0x61], authorization: .some(nil), catalogued: false)
        #expect(malformed.status == .invalidArgument)
        #expect(malformed.detail == nil)

        // A collect.v1 method without a token is refused.
        let info = wire.raw(SystemService.getServerInfo.path, [], authorization: .some(nil))
        #expect(info.status == .unauthenticated)
        #expect(info.code == "TOKEN_MISSING")
    }
}
