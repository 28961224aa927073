import Glibc

/// The outcome of one non-blocking operation on a ``ByteStream``.
enum StreamIOResult: Equatable {
    /// This many bytes were read or written (a read of 0 is never returned; see `closed`).
    case bytes(Int)
    /// Retry when the socket is readable.
    case wantRead
    /// Retry when the socket is writable.
    case wantWrite
    /// The peer closed the stream.
    case closed
}

/// A non-blocking byte stream over a socket: plain TCP or TLS.
protocol ByteStream: AnyObject {
    /// The socket descriptor (owned by the stream).
    var fd: Int32 { get }
    /// Advances the handshake; `.bytes(0)` when it is complete.
    func handshake() throws -> StreamIOResult
    /// Reads into `buffer`.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> StreamIOResult
    /// Writes from `buffer`.
    func write(_ buffer: UnsafeRawBufferPointer) throws -> StreamIOResult
    /// The ALPN protocol agreed, nil when none (plain streams: "h2" by prior knowledge).
    var negotiatedProtocol: String? { get }
    /// Subject of the verified peer certificate, if the peer presented one.
    var peerCertificateSubject: String? { get }
    /// Sends a close notification (best effort) and closes the socket.
    func close()
    /// True when input was read from the socket but not yet returned by `read` (TLS reads
    /// ahead): epoll will not report it, so a reader that stops early must come back for it.
    var hasBufferedInput: Bool { get }
}

/// Why a connection's read pass stopped. Only `.drained` means that nothing complete waits inside
/// the stream: after the others, input read ahead by TLS may wait where epoll cannot see it.
enum ReadStop {
    /// The stream said it needs more from the socket (or to write first), or closed.
    case drained
    /// The pass spent its budget of reads.
    case budget
    /// Output reached its bound, so reading paused.
    case outputFull
}

/// Plain TCP: HTTP/2 with prior knowledge, only when explicitly configured.
final class PlainStream: ByteStream {
    let fd: Int32
    private var isClosed = false

    init(fd: Int32) { self.fd = fd }

    func handshake() throws -> StreamIOResult { .bytes(0) }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> StreamIOResult {
        switch try Socket.read(fd, buffer) {
        case .wouldBlock: return .wantRead
        case .processed(0): return .closed
        case .processed(let count): return .bytes(count)
        }
    }

    func write(_ buffer: UnsafeRawBufferPointer) throws -> StreamIOResult {
        switch try Socket.write(fd, buffer) {
        case .wouldBlock: return .wantWrite
        case .processed(let count): return .bytes(count)
        }
    }

    var negotiatedProtocol: String? { "h2" }
    var peerCertificateSubject: String? { nil }
    var hasBufferedInput: Bool { false }

    func close() {
        guard !isClosed else { return }
        isClosed = true
        Glibc.close(fd)
    }

    deinit { close() }
}
