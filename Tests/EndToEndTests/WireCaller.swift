import Foundation
import Protocol
import Transport

/// Calls a running `collect-server` with hand-built messages, for values `collectctl` would never
/// send (Int64.min, amounts beyond any parser): the server must refuse them like any hostile peer.
final class WireCaller {
    private let loop: EventLoop
    private let connection: GRPCClientConnection
    private let token: String

    init(_ server: ServerProcess, token name: String = "anna.handler") throws {
        loop = try EventLoop(name: "wire-caller")
        var configuration = ClientConfiguration(host: "127.0.0.1", port: server.port)
        configuration.security = .tls(ClientTLSConfiguration(trustedCAPath: server.directory + "/tls/ca.pem", serverName: "localhost"))
        connection = try GRPCClientConnection(configuration: configuration, loop: loop)
        token = server.tokens[name] ?? ""
    }

    deinit {
        connection.close()
        loop.stop()
        loop.join()
    }

    /// The outcome of one call: the response, or the refusal's status and detail.
    struct Answer<Response> {
        var response: Response?
        var status: GRPCStatusCode
        var detail: ErrorDetail?
        var code: String { detail?.code ?? status.name }
    }

    /// Calls `method` with `request`; mutations get a fresh idempotency key.
    func call<Request: WireMessage, Response: WireMessage>(_ method: MethodDescriptor<Request, Response>, _ request: Request) -> Answer<Response> {
        var metadata = [HeaderField("authorization", "Bearer \(token)")]
        if method.isMutation { metadata.append(HeaderField("idempotency-key", UUID().uuidString.lowercased())) }
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var outcome: GRPCCallResult?
        connection.call(method.path, message: request.encoded(), metadata: metadata, timeout: .seconds(10)) { result in
            outcome = result
            done.signal()
        }
        done.wait()
        let result = outcome!
        let response = result.status == .ok ? result.response.flatMap { try? Response(decoding: $0) } : nil
        let detail = result.errorDetail.flatMap { try? ErrorDetail(decoding: $0) }
        CatalogueCheck.verify(status: result.status, detail: detail)
        return Answer(response: response, status: result.status, detail: detail)
    }

    /// Calls `path` with `bytes` as the request message, exactly as given (for malformed
    /// encodings); a fresh idempotency key goes with it, and `authorization` (the caller's token
    /// unless given; nil sends none). Refusals are checked against the catalogue when `catalogued`.
    func raw(_ path: String, _ bytes: [UInt8], authorization: String?? = .none, catalogued: Bool = true) -> Answer<[UInt8]> {
        var metadata = [HeaderField("idempotency-key", UUID().uuidString.lowercased())]
        if let header = authorization ?? "Bearer \(token)" { metadata.append(HeaderField("authorization", header)) }
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var outcome: GRPCCallResult?
        connection.call(path, message: bytes, metadata: metadata, timeout: .seconds(10)) { result in
            outcome = result
            done.signal()
        }
        done.wait()
        let result = outcome!
        let detail = result.errorDetail.flatMap { try? ErrorDetail(decoding: $0) }
        if catalogued { CatalogueCheck.verify(status: result.status, detail: detail) }
        return Answer(response: result.status == .ok ? result.response : nil, status: result.status, detail: detail)
    }

    /// The case's encoded view, to compare before and after a refused call.
    func caseBytes(_ caseID: String) -> [UInt8] {
        call(CasesService.getCase, GetCaseRequest(caseId: caseID)).response?.encoded() ?? []
    }
}
