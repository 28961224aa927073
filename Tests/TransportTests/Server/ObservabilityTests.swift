import Foundation
import Metrics
import Protocol
import Testing
@testable import Transport

/// Request ids and metrics as the server's operator and its callers see them.
@Suite(.serialized) struct ObservabilityTests {
    /// A server keeping metrics in `registry`, with the test authoriser; detail codes are the
    /// detail bytes as text (the test routes' details are not ErrorDetail).
    func server(_ registry: MetricsRegistry) throws -> TestServer {
        try TestServer(tls: false, requireToken: true) { configuration in
            configuration.metrics = registry
            configuration.detailCode = { String(decoding: $0, as: UTF8.self) }
        }
    }

    static let idAlphabet = Set("0123456789abcdefghjkmnpqrstvwxyz")

    func isRequestID(_ id: String?) -> Bool {
        guard let id else { return false }
        return id.count == 12 && id.allSatisfy(Self.idAlphabet.contains)
    }

    @Test func everyCallHasItsOwnRequestIDEarlyRefusalsIncluded() async throws {
        let server = try server(MetricsRegistry())
        defer { server.shutdown() }
        let loop = try makeClientLoop()
        defer { loop.stopAndJoin() }
        let client = try server.client(loop: loop, tls: false)
        var seen: Set<String> = []
        for _ in 0..<20 {
            let echo = await client.call(TestRoutes.echo, message: [1], metadata: [TestRoutes.token])
            #expect(echo.status == .ok)
            let id = echo.trailers.first(named: "collect-request-id")
            #expect(isRequestID(id), "\(echo.trailers)")
            #expect(echo.trailers.first(named: "x-echo") == "1", "the handler's own trailers are kept")
            if let id { seen.insert(id) }
        }
        #expect(seen.count == 20, "request ids repeat")
        // Refused on the head (no token), on an unknown path, and by the handler: trailers-only.
        let refused = await client.call(TestRoutes.echo, message: [1])
        #expect(refused.status == .unauthenticated)
        #expect(isRequestID(refused.headers.first(named: "collect-request-id")), "\(refused.headers)")
        let unknown = await client.call("/no.Such/Method", message: [1], metadata: [TestRoutes.token])
        #expect(unknown.status == .unimplemented)
        #expect(isRequestID(unknown.headers.first(named: "collect-request-id")), "\(unknown.headers)")
        let failed = await client.call(TestRoutes.fail, message: [1], metadata: [TestRoutes.token])
        #expect(failed.status == .failedPrecondition)
        #expect(isRequestID(failed.headers.first(named: "collect-request-id")), "\(failed.headers)")
        client.close()
    }

    @Test func callsAreCountedByMethodStatusAndDetailAndUnknownPathsShareOneLabel() async throws {
        let registry = MetricsRegistry()
        let server = try server(registry)
        defer { server.shutdown() }
        let loop = try makeClientLoop()
        defer { loop.stopAndJoin() }
        let client = try server.client(loop: loop, tls: false)
        for _ in 0..<3 { #expect(await client.call(TestRoutes.echo, message: [1], metadata: [TestRoutes.token]).status == .ok) }
        #expect(await client.call(TestRoutes.echo, message: [1]).status == .unauthenticated)
        #expect(await client.call(TestRoutes.fail, message: [1], metadata: [TestRoutes.token]).status == .failedPrecondition)
        // A caller inventing paths cannot grow the series or put its text in them.
        for index in 0..<50 {
            #expect(await client.call("/evil.Service/M\(index)\"}{le=x", message: [1], metadata: [TestRoutes.token]).status == .unimplemented)
        }
        let text = registry.render()
        #expect(text.contains(#"collect_requests_total{method="/test.Echo/Echo",code="OK",detail="none"} 3"#), "\(text)")
        #expect(text.contains(#"collect_requests_total{method="/test.Echo/Echo",code="UNAUTHENTICATED",detail="TOKEN_MISSING"} 1"#))
        // The handler's detail, whatever its bytes, is escaped into a valid label value.
        #expect(text.contains(#"collect_requests_total{method="/test.Echo/Fail",code="FAILED_PRECONDITION",detail=""#))
        #expect(text.contains(#"collect_requests_total{method="unknown",code="UNIMPLEMENTED",detail="UNKNOWN_METHOD"} 50"#), "\(text)")
        #expect(!text.contains("evil"))
        #expect(text.contains(#"collect_request_duration_seconds_count{method="/test.Echo/Echo"} 4"#))
        #expect(text.contains("collect_connections_open 1"))
        #expect(text.contains("collect_request_buffered_bytes 0"))
        client.close()
        // Every stream is closed once its call is answered.
        let deadline = Date().addingTimeInterval(2)
        while !registry.render().contains("collect_streams_open 0"), Date() < deadline { usleep(10_000) }
        #expect(registry.render().contains("collect_streams_open 0"))
    }
}
