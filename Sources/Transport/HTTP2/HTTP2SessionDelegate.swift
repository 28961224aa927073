/// Events an ``HTTP2Session`` reports while it parses input or produces output. Called on the
/// owning loop thread, from inside nghttp2 calls: implementations must not call back into
/// `receive` or `produce`, but may submit frames.
protocol HTTP2SessionDelegate: AnyObject {
    /// The session this delegate owns (for submitting trailers from the body callback).
    var session: HTTP2Session? { get }
    /// A HEADERS frame opened a stream (server: a request) or started a header block.
    func http2BeginHeaders(stream: Int32)
    /// One header field; returning false refuses the rest of this stream's header block
    /// (the stream is then reset by nghttp2).
    func http2Header(stream: Int32, name: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer) -> Bool
    /// A complete header block was received; `endStream` when it also ended the peer's side.
    func http2HeadersComplete(stream: Int32, endStream: Bool)
    /// Part of a DATA frame's payload.
    func http2Data(stream: Int32, bytes: UnsafeRawBufferPointer)
    /// A DATA frame ended the peer's side of the stream.
    func http2DataEndStream(stream: Int32)
    /// A stream closed; `errorCode` is the RST_STREAM code (0 when closed normally).
    func http2StreamClosed(stream: Int32, errorCode: UInt32)
    /// A connection-level frame arrived (for flood accounting): type and flags.
    func http2ControlFrame(type: UInt8, flags: UInt8, stream: Int32)
    /// A frame was written into the output; `endStream` when it ended this side of `stream`.
    func http2FrameSent(stream: Int32, type: UInt8, endStream: Bool)
    /// Copies up to `buffer.count` body bytes of `stream`; returns the count, whether the body is
    /// complete, and trailers to send after it (nil: end the stream with the last DATA frame).
    func http2ReadBody(stream: Int32, into buffer: UnsafeMutableRawBufferPointer) -> (count: Int, complete: Bool, trailers: [HeaderField]?)
}
