import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Where a payment file's bytes come from. The importer reads a file twice (check, then apply),
/// each time from its start, in chunks, so a file of any size is never held in memory.
public protocol PaymentFileSource: Sendable {
    /// The file's name, for the record.
    var name: String { get }
    /// A fresh read from the start.
    func open() throws -> any PaymentFileChunks
}

/// Successive chunks of a file.
public protocol PaymentFileChunks {
    /// The next chunk, nil at the end.
    mutating func next() throws -> ArraySlice<UInt8>?
}

/// A file already in memory (an upload, bounded by the wire's limit).
public struct InMemoryPaymentFile: PaymentFileSource {
    public let name: String
    let bytes: [UInt8]

    public init(name: String, bytes: [UInt8]) {
        self.name = name
        self.bytes = bytes
    }

    public func open() throws -> any PaymentFileChunks { Chunks(bytes: bytes) }

    struct Chunks: PaymentFileChunks {
        let bytes: [UInt8]
        var offset = 0
        mutating func next() throws -> ArraySlice<UInt8>? {
            guard offset < bytes.count else { return nil }
            let end = min(bytes.count, offset + PaymentFileImporter.chunkBytes)
            defer { offset = end }
            return bytes[offset..<end]
        }
    }
}

/// A file on disk (the payment inbox), read in chunks. Only a regular file is read: a
/// directory, a FIFO (whose open would wait for a writer), a socket or a device under a file's
/// name is refused at once, as is a file that cannot be opened (gone, a dangling symlink, no
/// permission): `PAYMENT_FILE_UNREADABLE`, FAILED_PRECONDITION, for good. An error while reading
/// a file that did open (an I/O error) may pass: `PAYMENT_FILE_READ_FAILED`, UNAVAILABLE.
public struct DiskPaymentFile: PaymentFileSource {
    public let path: String
    public var name: String { (path as NSString).lastPathComponent }

    public init(path: String) {
        self.path = path
    }

    public func open() throws -> any PaymentFileChunks {
        // O_NONBLOCK: opening a FIFO with no writer returns at once instead of waiting for one.
        let descriptor = Glibc.open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else {
            let number = errno
            throw Self.unreadable(number == ENOENT ? "it is gone (or a symbolic link to nothing)" : "it cannot be opened (\(Self.describe(number)))")
        }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            let number = errno
            Glibc.close(descriptor)
            throw Self.unreadable("its status cannot be read (\(Self.describe(number)))")
        }
        guard status.st_mode & S_IFMT == S_IFREG else {
            Glibc.close(descriptor)
            throw Self.unreadable("it is \(Self.kind(status.st_mode)), not a regular file")
        }
        return Chunks(descriptor: descriptor, path: path)
    }

    static func unreadable(_ reason: String) -> ServiceFailure {
        ServiceFailure(.failedPrecondition, "PAYMENT_FILE_UNREADABLE", "the payment file cannot be read: \(reason); nothing applied from it")
    }

    static func describe(_ number: Int32) -> String {
        String(cString: strerror(number))
    }

    static func kind(_ mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFDIR: "a directory"
        case S_IFIFO: "a FIFO (named pipe)"
        case S_IFSOCK: "a socket"
        case S_IFCHR: "a character device"
        case S_IFBLK: "a block device"
        default: "not a regular file"
        }
    }

    final class Chunks: PaymentFileChunks {
        let descriptor: Int32
        let path: String
        var buffer = [UInt8](repeating: 0, count: PaymentFileImporter.chunkBytes)

        init(descriptor: Int32, path: String) {
            self.descriptor = descriptor
            self.path = path
        }

        deinit { Glibc.close(descriptor) }

        func next() throws -> ArraySlice<UInt8>? {
            var filled = 0
            while filled < buffer.count {
                let count = buffer.withUnsafeMutableBytes { raw in
                    Glibc.read(descriptor, raw.baseAddress! + filled, raw.count - filled)
                }
                if count == 0 { break }
                if count < 0 {
                    let number = errno
                    if number == EINTR { continue }
                    throw ServiceFailure(.unavailable, "PAYMENT_FILE_READ_FAILED",
                                         "reading the payment file failed (\(DiskPaymentFile.describe(number))); what was applied stays")
                }
                filled += count
            }
            return filled == 0 ? nil : buffer[0..<filled]
        }
    }
}
