import ArgumentParser
import Foundation
import Protocol
import Transport

/// A refusal or failure that ends the command, printed on stderr with its detail code; the exit
/// code is 10 + the gRPC status code.
struct CallFailure: Error, CustomStringConvertible {
    var status: GRPCStatusCode
    var code: String
    var message: String
    var field: String
    var facts: [ErrorFact]
    /// The server's id for the call (`collect-request-id`), for the operator to find it in the logs.
    var requestID: String? = nil

    var description: String {
        var text = "error: \(code) (\(status.name))"
        if !field.isEmpty { text += " at \(field)" }
        text += ": \(message)"
        for fact in facts { text += "\n  \(fact.key): \(fact.value)" }
        if let requestID { text += "\nrequest id: \(requestID)" }
        return text
    }

    var exitCode: Int32 { 10 + Int32(status.rawValue) }
}

/// Makes calls for one command: the token, and one deadline per call (`--timeout`) within which
/// a lost connection is remade and a failed call that is safe to repeat is retried with backoff
/// (`ReconnectingConnection`); mutations carry one idempotency key across their retries.
final class RPCClient: @unchecked Sendable {
    // Used from the command's thread only; the connection runs on its own loop.
    let settings: ResolvedConnection
    private let loop: EventLoop
    private let connection: ReconnectingConnection

    init(_ options: ConnectionOptions) throws {
        settings = try options.resolved()
        if let token = settings.token { try Self.check(token: token) }
        if !settings.plaintext, let caPath = settings.caPath { try ConnectionFailure.checkCAFile(caPath) }
        var configuration = ClientConfiguration(host: settings.host, port: settings.port)
        configuration.security = settings.plaintext ? .plaintext : .tls(ClientTLSConfiguration(trustedCAPath: settings.caPath))
        configuration.connectTimeout = .seconds(settings.timeoutSeconds)
        let loop = try EventLoop(name: "collectctl")
        do {
            connection = try ReconnectingConnection(configuration: configuration, loop: loop)
        } catch let error as TLSError {
            loop.stop()
            loop.join()
            throw UsageFailure("cannot use the CA file \(settings.caPath ?? "-") (--ca or COLLECT_CA): \(error.reasons.first ?? error.operation)")
        }
        self.loop = loop
    }

    /// Refuses a token that cannot be a header value before anything is sent: empty, or with a
    /// space or control character (often a CR from a file saved with Windows line ends). The
    /// token itself is never printed.
    static func check(token: String) throws(CallFailure) {
        guard !token.isEmpty else {
            throw CallFailure(status: .unauthenticated, code: "TOKEN_MISSING", message: "the token is empty (--token, COLLECT_TOKEN or token= in the profile)",
                              field: "", facts: [])
        }
        guard token.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
            throw CallFailure(status: .unauthenticated, code: "TOKEN_MALFORMED",
                              message: "the token holds a space or control character (a CR from a file with Windows line ends?); it was not sent",
                              field: "", facts: [])
        }
    }

    deinit {
        connection.close()
        loop.stop()
        loop.join()
    }

    /// Calls `method`; a mutation gets a fresh idempotency key reused by its retries.
    func call<Request: WireMessage, Response: WireMessage>(_ method: MethodDescriptor<Request, Response>, _ request: Request) throws -> Response {
        var metadata: [HeaderField] = []
        if let token = settings.token { metadata.append(HeaderField("authorization", "Bearer \(token)")) }
        if method.isMutation {
            metadata.append(HeaderField("idempotency-key", settings.idempotencyKey ?? UUID().uuidString.lowercased()))
        }
        let result = blockingCall(method.path, request.encoded(), metadata)
        guard result.status == .ok else { throw Self.failure(result, settings) }
        guard let bytes = result.response else {
            throw CallFailure(status: .internal, code: "EMPTY_RESPONSE", message: "the server sent no message", field: "", facts: [])
        }
        do {
            return try Response(decoding: bytes)
        } catch {
            throw CallFailure(status: .internal, code: error.code, message: "the server's answer did not decode: \(error)", field: "", facts: [])
        }
    }

    /// Makes a call (retried within `--timeout`: every call collectctl makes is a read or carries
    /// its idempotency key) and waits for its final result.
    func blockingCall(_ path: String, _ message: [UInt8], _ metadata: [HeaderField]) -> GRPCCallResult {
        let done = DispatchSemaphore(value: 0)
        let box = ResultBox()
        connection.call(path, message: message, metadata: metadata, deadline: .seconds(settings.timeoutSeconds), idempotent: true) { result, _ in
            box.result = result
            done.signal()
        }
        done.wait()
        return box.result!
    }

    /// The server's refusal with its detail, or what a failure without one means (`ConnectionFailure`).
    static func failure(_ result: GRPCCallResult, _ settings: ResolvedConnection) -> CallFailure {
        var failure = ConnectionFailure.describe(result, settings)
        if let bytes = result.errorDetail, let detail = try? ErrorDetail(decoding: bytes) {
            failure = CallFailure(status: result.status, code: detail.code, message: detail.message, field: detail.fieldPath, facts: detail.facts)
        }
        failure.requestID = (result.trailers + result.headers).first(named: "collect-request-id")
        return failure
    }
}

final class ResultBox: @unchecked Sendable {
    var result: GRPCCallResult?
}

/// Runs a command body, turning failures into their message and exit code.
func perform(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let failure as CallFailure {
        // The message may quote input or stored text: escaped like any output.
        FileHandle.standardError.write(Data((TerminalText.safe(failure.description) + "\n").utf8))
        throw ExitCode(failure.exitCode)
    } catch let failure as UsageFailure {
        FileHandle.standardError.write(Data(("error: " + TerminalText.safe(failure.description) + "\n").utf8))
        throw ExitCode(64)
    }
}
