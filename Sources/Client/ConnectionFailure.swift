import Foundation
import Protocol
import Transport

/// What a failed connection means to the person at the terminal. The transport reports a local
/// failure as UNAVAILABLE with a technical reason; this names the cause in one line and gives
/// the README's exit code: 24 for a server that cannot be reached or trusted, 14 for one that
/// does not answer in time.
enum ConnectionFailure {
    /// The failure for `result`, a call that ended without the server's own error detail.
    static func describe(_ result: GRPCCallResult, _ settings: ResolvedConnection) -> CallFailure {
        let server = "\(settings.host):\(settings.port)"
        let reason = result.message
        func failure(_ status: GRPCStatusCode, _ code: String, _ message: String) -> CallFailure {
            CallFailure(status: status, code: code, message: message, field: "", facts: [])
        }
        switch result.status {
        case .deadlineExceeded:
            return failure(.deadlineExceeded, "DEADLINE_EXCEEDED", "\(server) did not answer within \(settings.timeoutSeconds) s (--timeout)")
        case .unavailable:
            if reason.hasPrefix("connect timeout") {
                return failure(.deadlineExceeded, "CONNECT_TIMEOUT",
                               "\(server) did not answer within \(settings.timeoutSeconds) s: it accepts connections but never completes one (--timeout)")
            }
            if reason.contains("getaddrinfo(") {
                return failure(.unavailable, "HOST_UNKNOWN", "cannot resolve \(settings.host): no such host (check --server or COLLECT_SERVER)")
            }
            if reason.contains("errno \(ECONNREFUSED)") {
                return failure(.unavailable, "CONNECTION_REFUSED", "\(server): connection refused; is collect-server running there?")
            }
            if reason.hasPrefix("connect failed") {
                return failure(.unavailable, "CONNECT_FAILED", "cannot connect to \(server): \(firstClause(of: reason.dropFirst("connect failed: ".count)))")
            }
            if reason.hasPrefix("TLS handshake failed"), reason.contains("certificate verify failed") {
                return failure(.unavailable, "TLS_CERTIFICATE_UNTRUSTED",
                               "the certificate of \(server) is not signed by the CA in \(settings.caPath ?? "the system's trust store") (--ca or COLLECT_CA)")
            }
            if reason.hasPrefix("TLS handshake failed") || reason.contains("during TLS handshake") {
                return failure(.unavailable, "TLS_HANDSHAKE_FAILED", "TLS with \(server) failed: is it collect-server, serving TLS? (\(firstClause(of: reason[...])))")
            }
            if reason.contains("ALPN") {
                return failure(.unavailable, "NOT_HTTP2", "\(server) does not speak HTTP/2 over TLS: is it collect-server?")
            }
            return failure(.unavailable, "UNAVAILABLE", "\(server) closed the connection (\(reason.isEmpty ? "no reason given" : reason))")
        default:
            return failure(result.status, result.status.name, reason.isEmpty ? "the call failed" : reason)
        }
    }

    /// A CA file that cannot serve: refused before connecting, as a usage error (exit 64).
    static func checkCAFile(_ path: String) throws {
        guard FileManager.default.isReadableFile(atPath: path) else {
            let why = FileManager.default.fileExists(atPath: path) ? "not readable" : "no such file"
            throw UsageFailure("cannot read the CA file \(path) (--ca or COLLECT_CA): \(why)")
        }
        guard let text = FileManager.default.contents(atPath: path).map({ String(decoding: $0, as: UTF8.self) }),
              text.contains("-----BEGIN CERTIFICATE-----") else {
            throw UsageFailure("the CA file \(path) holds no PEM certificate (--ca or COLLECT_CA)")
        }
    }

    /// The text up to OpenSSL's first `;` (its queue of reasons, oldest first, is for experts).
    private static func firstClause(of text: Substring) -> String {
        String(text.split(separator: ";").first ?? text)
    }
}

/// A setting that cannot work (a CA file that is missing): one line on stderr, exit 64.
struct UsageFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
