/// Bytes produced by the HTTP/2 session and not yet written to the socket.
///
/// Its fill level is what bounds a connection's memory: the driver stops pulling frames from the
/// session (and stops reading input) while it is at or over its limit.
struct OutputBuffer {
    private var storage: [UInt8] = []
    private var readIndex = 0

    /// Bytes waiting to be written.
    var count: Int { storage.count - readIndex }
    var isEmpty: Bool { count == 0 }

    mutating func append(_ bytes: UnsafeRawBufferPointer) {
        if readIndex > 0, readIndex == storage.count {
            storage.removeAll(keepingCapacity: true)
            readIndex = 0
        }
        storage.append(contentsOf: bytes)
    }

    /// Calls `body` with the unwritten bytes; it returns how many it consumed.
    mutating func withUnwritten(_ body: (UnsafeRawBufferPointer) throws -> Int) rethrows {
        let consumed = try storage.withUnsafeBytes { raw in
            try body(UnsafeRawBufferPointer(rebasing: raw[readIndex...]))
        }
        precondition(consumed >= 0 && consumed <= count, "consumed more than was buffered")
        readIndex += consumed
        if readIndex == storage.count {
            storage.removeAll(keepingCapacity: storage.capacity <= 1 << 20)
            readIndex = 0
        } else if readIndex > 1 << 16, readIndex > storage.count / 2 {
            storage.removeFirst(readIndex)
            readIndex = 0
        }
    }
}
