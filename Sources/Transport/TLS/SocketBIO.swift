import CLinuxEvents
import COpenSSL
import CLinuxEvents
import Glibc

/// An OpenSSL BIO over a non-blocking socket that writes with `send(…, MSG_NOSIGNAL)`.
///
/// OpenSSL's own socket BIO (`SSL_set_fd`) writes with `write(2)`, which raises SIGPIPE when the
/// peer has gone: a process that has not ignored the signal (collectctl, any program using this
/// library) dies of it. A library must not change process-wide signal dispositions, so every
/// write says MSG_NOSIGNAL instead and the failure arrives as EPIPE. Reads use `recv(2)`.
/// Otherwise it behaves as OpenSSL's socket BIO: the same retry errors, and end of file
/// reported through `BIO_CTRL_EOF` (which `SSL_OP_IGNORE_UNEXPECTED_EOF` relies on).
enum SocketBIO {
    // bio.h's flags (some are macros built from macros, which Swift does not import).
    private static let flagRead: Int32 = 0x01
    private static let flagWrite: Int32 = 0x02
    private static let flagsReadWriteSpecial: Int32 = 0x07
    private static let flagShouldRetry: Int32 = 0x08
    private static let flagInEOF: Int32 = 0x800

    /// The method table, made once per process.
    nonisolated(unsafe) private static let method: OpaquePointer = {
        guard let method = BIO_meth_new(BIO_get_new_index() | BIO_TYPE_SOURCE_SINK, "collect socket (MSG_NOSIGNAL)") else {
            fatalError("BIO_meth_new failed: out of memory")
        }
        BIO_meth_set_create(method) { bio in
            BIO_set_init(bio, 1)
            return 1
        }
        BIO_meth_set_write_ex(method) { bio, data, length, written in
            BIO_clear_flags(bio, SocketBIO.flagsReadWriteSpecial | SocketBIO.flagShouldRetry)
            let sent = Glibc.send(SocketBIO.fd(bio), data, length, Int32(MSG_NOSIGNAL))
            guard sent > 0 else {
                if SocketBIO.shouldRetry(Glibc.errno) { BIO_set_flags(bio, SocketBIO.flagWrite | SocketBIO.flagShouldRetry) }
                return 0
            }
            written?.pointee = sent
            return 1
        }
        BIO_meth_set_read_ex(method) { bio, data, length, read in
            BIO_clear_flags(bio, SocketBIO.flagsReadWriteSpecial | SocketBIO.flagShouldRetry)
            let received = Glibc.recv(SocketBIO.fd(bio), data, length, 0)
            guard received > 0 else {
                if received == 0 {
                    BIO_set_flags(bio, SocketBIO.flagInEOF)
                } else if SocketBIO.shouldRetry(Glibc.errno) {
                    BIO_set_flags(bio, SocketBIO.flagRead | SocketBIO.flagShouldRetry)
                }
                return 0
            }
            read?.pointee = received
            return 1
        }
        BIO_meth_set_ctrl(method) { bio, command, _, pointer in
            switch command {
            case BIO_CTRL_FLUSH, BIO_CTRL_DUP: return 1
            case BIO_CTRL_EOF: return BIO_test_flags(bio, SocketBIO.flagInEOF) != 0 ? 1 : 0
            case BIO_C_GET_FD:
                let fd = SocketBIO.fd(bio)
                pointer?.assumingMemoryBound(to: Int32.self).pointee = fd
                return Int(fd)
            default: return 0
            }
        }
        return method
    }()

    /// A BIO on `fd` (which it does not close); nil when out of memory.
    static func make(fd: Int32) -> OpaquePointer? {
        guard let bio = BIO_new(method) else { return nil }
        // The descriptor rides in the data pointer, offset by one so that fd 0 is not NULL.
        BIO_set_data(bio, UnsafeMutableRawPointer(bitPattern: Int(fd) + 1))
        return bio
    }

    private static func fd(_ bio: OpaquePointer?) -> Int32 {
        Int32(truncatingIfNeeded: Int(bitPattern: BIO_get_data(bio)) - 1)
    }

    /// The errors OpenSSL's socket BIO retries on (`BIO_sock_should_retry`).
    private static func shouldRetry(_ code: Int32) -> Bool {
        code == EAGAIN || code == EINTR || code == EINPROGRESS || code == EALREADY || code == ENOTCONN || code == EPROTO
    }
}
