import Foundation

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

/// A file on disk (the payment inbox), read in chunks.
public struct DiskPaymentFile: PaymentFileSource {
    public let path: String
    public var name: String { (path as NSString).lastPathComponent }

    public init(path: String) {
        self.path = path
    }

    public func open() throws -> any PaymentFileChunks {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw ServiceFailure(.notFound, "PAYMENT_FILE_UNREADABLE", "\(path) cannot be opened for reading")
        }
        return Chunks(handle: handle)
    }

    final class Chunks: PaymentFileChunks {
        let handle: FileHandle
        init(handle: FileHandle) { self.handle = handle }
        deinit { try? handle.close() }
        func next() throws -> ArraySlice<UInt8>? {
            guard let data = try handle.read(upToCount: PaymentFileImporter.chunkBytes), !data.isEmpty else { return nil }
            return Array(data)[...]
        }
    }
}
