import CNghttp2

/// A failure inside nghttp2, with its raw error code (negative `nghttp2_error`).
public struct HTTP2Error: Error, Sendable, CustomStringConvertible {
    /// The raw nghttp2 error code.
    public let code: Int32
    /// What the session was doing.
    public let operation: String

    init(_ operation: String, _ code: some BinaryInteger) {
        self.operation = operation
        self.code = Int32(truncatingIfNeeded: code)
    }

    /// The GOAWAY code for this error when it ends a connection: ENHANCE_YOUR_CALM for floods
    /// (too many queued acks, too many CONTINUATION frames), INTERNAL_ERROR for our own
    /// failures (memory, a callback), PROTOCOL_ERROR for the rest (a bad preface, say).
    var goAwayCode: UInt32 {
        switch code {
        case NGHTTP2_ERR_FLOODED.rawValue, NGHTTP2_ERR_TOO_MANY_CONTINUATIONS.rawValue: return HTTP2ErrorCode.enhanceYourCalm
        case NGHTTP2_ERR_NOMEM.rawValue, NGHTTP2_ERR_CALLBACK_FAILURE.rawValue: return HTTP2ErrorCode.internalError
        default: return HTTP2ErrorCode.protocolError
        }
    }

    public var description: String {
        "HTTP/2 \(operation) failed: \(String(cString: nghttp2_strerror(Int32(code)))) (\(code))"
    }
}

/// HTTP/2 error codes (RFC 9113 section 7) used by the transport.
public enum HTTP2ErrorCode {
    /// Graceful shutdown, or a stream the server no longer needs.
    public static let noError: UInt32 = 0x0
    /// Protocol violation.
    public static let protocolError: UInt32 = 0x1
    /// Internal error.
    public static let internalError: UInt32 = 0x2
    /// The peer did not acknowledge SETTINGS in time.
    public static let settingsTimeout: UInt32 = 0x4
    /// The stream was refused before any processing.
    public static let refusedStream: UInt32 = 0x7
    /// The stream is no longer needed.
    public static let cancel: UInt32 = 0x8
    /// The peer is generating excessive load.
    public static let enhanceYourCalm: UInt32 = 0xB
}
