import COpenSSL
import Glibc

/// TLS directly on a non-blocking socket: OpenSSL reads and writes the descriptor itself through
/// ``SocketBIO`` (recv, and send with MSG_NOSIGNAL), which saves a copy per record over memory BIOs.
final class TLSStream: ByteStream {
    let fd: Int32
    private let ssl: OpaquePointer
    private var isClosed = false
    private var handshakeDone = false

    /// Wraps `fd` for the server or client side of `context`. `serverName` sets SNI and the
    /// host name the certificate must match (client side only).
    init(fd: Int32, context: TLSContext, serverName: String?) throws(TLSError) {
        ERR_clear_error()
        guard let ssl = SSL_new(context.context) else { throw TLSError("create connection") }
        self.ssl = ssl
        self.fd = fd
        // Not SSL_set_fd: OpenSSL's socket BIO writes with write(2), which raises SIGPIPE.
        guard let bio = SocketBIO.make(fd: fd) else {
            SSL_free(ssl)
            throw TLSError("attach socket")
        }
        SSL_set_bio(ssl, bio, bio)
        if context.isServer {
            SSL_set_accept_state(ssl)
        } else {
            if let serverName {
                _ = copenssl_set_tlsext_host_name(ssl, serverName)
                guard SSL_set1_host(ssl, serverName) == 1 else {
                    SSL_free(ssl)
                    throw TLSError("set verified host name")
                }
            }
            SSL_set_connect_state(ssl)
        }
    }

    func handshake() throws -> StreamIOResult {
        if handshakeDone { return .bytes(0) }
        ERR_clear_error()
        let result = SSL_do_handshake(ssl)
        if result == 1 {
            handshakeDone = true
            return .bytes(0)
        }
        return try classify(result, operation: "handshake")
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> StreamIOResult {
        ERR_clear_error()
        let result = SSL_read(ssl, buffer.baseAddress, Int32(clamping: buffer.count))
        if result > 0 { return .bytes(Int(result)) }
        return try classify(result, operation: "read")
    }

    func write(_ buffer: UnsafeRawBufferPointer) throws -> StreamIOResult {
        ERR_clear_error()
        let result = SSL_write(ssl, buffer.baseAddress, Int32(clamping: buffer.count))
        if result > 0 { return .bytes(Int(result)) }
        return try classify(result, operation: "write")
    }

    private func classify(_ result: Int32, operation: String) throws -> StreamIOResult {
        let error = SSL_get_error(ssl, result)
        switch error {
        case SSL_ERROR_WANT_READ: return .wantRead
        case SSL_ERROR_WANT_WRITE: return .wantWrite
        case SSL_ERROR_ZERO_RETURN: return .closed
        case SSL_ERROR_SYSCALL:
            let code = Glibc.errno
            if ERR_peek_error() == 0 {
                if result == 0 || code == 0 || code == ECONNRESET || code == EPIPE { return .closed }
                throw SystemError(call: "SSL_\(operation)", errno: code)
            }
            throw TLSError(operation)
        default:
            throw TLSError(operation)
        }
    }

    var hasBufferedInput: Bool { !isClosed && SSL_has_pending(ssl) == 1 }

    var negotiatedProtocol: String? {
        var data: UnsafePointer<UInt8>? = nil
        var length: UInt32 = 0
        SSL_get0_alpn_selected(ssl, &data, &length)
        guard let data, length > 0 else { return nil }
        return String(decoding: UnsafeBufferPointer(start: data, count: Int(length)), as: UTF8.self)
    }

    var peerCertificateSubject: String? {
        var text = [CChar](repeating: 0, count: 512)
        guard copenssl_peer_subject(ssl, &text, Int32(text.count)) == 1 else { return nil }
        return String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The negotiated protocol version name, e.g. `TLSv1.3`.
    var protocolVersion: String { String(cString: SSL_get_version(ssl)) }

    func close() {
        guard !isClosed else { return }
        isClosed = true
        if handshakeDone {
            ERR_clear_error()
            _ = SSL_shutdown(ssl)
        }
        Glibc.close(fd)
    }

    deinit {
        close()
        SSL_free(ssl)
    }
}
