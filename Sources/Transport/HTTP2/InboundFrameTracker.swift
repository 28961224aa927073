/// Follows frame boundaries in the bytes a server receives (client preface, then 9-byte frame
/// headers and their payloads) so the connection can tell when a client stopped in the middle of
/// a frame: nghttp2 buffers such a fragment silently and reports nothing until it completes.
/// Pure; it reads only the three length bytes of each header.
struct InboundFrameTracker {
    /// Bytes of the client connection preface still to come.
    private var prefaceLeft = 24
    /// Bytes of the current frame header received so far (0 between frames).
    private var headerFill = 0
    private var length = 0
    private var payloadLeft = 0
    /// Frames (and the preface) completed so far: a change means progress was made.
    private(set) var completed = 0

    /// True when the bytes so far end inside the preface, a frame header or a payload.
    var isMidFrame: Bool { (prefaceLeft > 0 && prefaceLeft < 24) || headerFill > 0 || payloadLeft > 0 }

    /// Accounts for `bytes`, the next bytes received.
    mutating func advance(_ bytes: UnsafeRawBufferPointer) {
        var index = 0
        let count = bytes.count
        if prefaceLeft > 0 {
            let take = min(prefaceLeft, count)
            prefaceLeft -= take
            index = take
            if prefaceLeft == 0 { completed &+= 1 }
        }
        while index < count {
            if payloadLeft > 0 {
                let take = min(payloadLeft, count - index)
                payloadLeft -= take
                index += take
                if payloadLeft == 0 { completed &+= 1 }
                continue
            }
            if headerFill < 3 { length = length << 8 | Int(bytes[index]) }
            headerFill += 1
            index += 1
            if headerFill == 9 {
                payloadLeft = length
                headerFill = 0
                length = 0
                if payloadLeft == 0 { completed &+= 1 }
            }
        }
    }
}
