import Foundation
import Protocol
import Synchronization
@testable import Transport

/// Handlers the in-process tests route to.
enum TestRoutes {
    static let echo = "/test.Echo/Echo"
    static let slow = "/test.Echo/Slow"
    static let big = "/test.Echo/Big"
    static let fail = "/test.Echo/Fail"
    static let elsewhere = "/test.Echo/Elsewhere"
    /// Answers with the request's path and metadata as text, one `name: value` line each.
    static let metadata = "/test.Echo/Metadata"
    static let metadataOther = "/test.Echo/MetadataOther"

    /// Echo; Slow answers from a thread of its own after the delay in the message's first byte
    /// (×10 ms) and records cancellation; Big answers with 256 KiB; Fail fails with detail;
    /// Elsewhere completes from a foreign thread at once.
    static func router(observed: Observed) -> GRPCRouter {
        var router = GRPCRouter()
        router.register(echo) { request, responder in responder.succeed(request.message, trailers: [HeaderField("x-echo", "1")]) }
        for path in [metadata, metadataOther] {
            router.register(path) { request, responder in
                let text = ([request.path] + request.metadata.map { "\($0.name): \($0.value)" }).joined(separator: "\n")
                responder.succeed(Array(text.utf8))
            }
        }
        router.register(slow) { request, responder in
            let delayMs = Int(request.message.first ?? 10) * 10
            observed.started.add(1, ordering: .relaxed)
            // A thread of its own, not Dispatch's global queue: on Linux that pool has one thread
            // per core and is shared with Swift concurrency, so tests blocking in parallel (the
            // full suite) could hold the answer back past a shutdown's grace period.
            Thread.detachNewThread {
                usleep(UInt32(delayMs) * 1_000)
                if responder.isCancelled { observed.cancelled.add(1, ordering: .relaxed) }
                responder.succeed(request.message)
            }
        }
        router.register(big) { _, responder in responder.succeed([UInt8](repeating: 7, count: 256 * 1024)) }
        router.register(fail) { _, responder in
            responder.fail(.failedPrecondition, message: "plan is closed — ünïcode 100%", detail: [1, 2, 3, 0xFF])
        }
        router.register(elsewhere) { request, responder in
            Thread.detachNewThread { responder.succeed(request.message) }
        }
        return router
    }

    final class Observed: Sendable {
        let started = Atomic<Int>(0)
        let cancelled = Atomic<Int>(0)
    }
}

extension TestRoutes {
    /// The token the test authoriser accepts.
    static let token = HeaderField("authorization", "Bearer good")

    /// Allows requests carrying ``token`` (and the health check) with the caller's name as
    /// context; refuses the rest with UNAUTHENTICATED and the detail `TOKEN_MISSING`.
    static let authorizer: GRPCAuthorizer = { head in
        if head.path == HealthService.checkPath || head.metadata.first(named: "authorization") == token.value {
            return .allow(context: "good caller")
        }
        return .refuse(.unauthenticated, message: "no valid token", detail: Array("TOKEN_MISSING".utf8))
    }
}

/// A server on 127.0.0.1 with a free port; tests stop it with `shutdown()`.
struct TestServer {
    let server: GRPCServer
    let observed: TestRoutes.Observed
    var port: Int { server.port }

    init(tls: Bool = true, clientCA: Bool = false, threads: Int = 2, requireToken: Bool = false,
         configure: (inout ServerConfiguration) -> Void = { _ in }) throws {
        let fixture = TLSFixture.shared
        let security: TransportSecurity = tls
            ? .tls(ServerTLSConfiguration(certificateChainPath: fixture.serverCertPath, privateKeyPath: fixture.serverKeyPath,
                                          clientCAPath: clientCA ? fixture.caPath : nil))
            : .plaintext
        var configuration = ServerConfiguration(host: "127.0.0.1", port: 0, threads: threads, security: security)
        configuration.limits.shutdownGracePeriod = .seconds(2)
        configure(&configuration)
        observed = TestRoutes.Observed()
        var router = TestRoutes.router(observed: observed)
        if requireToken { router.authorizer = TestRoutes.authorizer }
        server = try GRPCServer(configuration: configuration, router: router)
    }

    func shutdown() { server.shutdown() }

    /// A TLS client loop + connection trusting the test CA.
    func client(loop: EventLoop, tls: Bool = true, configure: (inout ClientConfiguration) -> Void = { _ in }) throws -> GRPCClientConnection {
        var configuration = ClientConfiguration(
            host: "127.0.0.1", port: port,
            security: tls ? .tls(ClientTLSConfiguration(trustedCAPath: TLSFixture.shared.caPath)) : .plaintext)
        configure(&configuration)
        return try GRPCClientConnection(configuration: configuration, loop: loop)
    }
}

/// A client loop for one test; stopped with `stopAndJoin()`.
func makeClientLoop() throws -> EventLoop { try EventLoop(name: "test-client") }

extension EventLoop {
    func stopAndJoin() {
        stop()
        join()
    }
}
