/// One HTTP/2 stream on a server connection: its header block as it arrives, its call state,
/// and the response being sent. Confined to the connection's loop.
final class ServerStream {
    private(set) var id: Int32
    /// Header fields received so far, pseudo-headers apart (they are in `method` and `path`).
    var headers: [HeaderField] = []
    /// The `:method` and `:path` pseudo-headers, once received.
    var method: String?
    var path: String?
    /// Their HTTP/2 size (name + value + 32 each), counting fields that were not kept.
    var headerBytes = 0
    /// The call, once the request head was accepted.
    var call: ServerCallStateMachine?
    var head: CallHead?
    /// The handler routed to by the request's path.
    var handler: GRPCHandler?
    var responder: GRPCResponder?
    var deadlineTimer: TimerID?
    /// Response message (sent behind its 5-byte prefix) and how much of prefix + message
    /// nghttp2 has taken.
    var body: [UInt8] = []
    var bodyOffset = 0
    var trailers: [HeaderField]?
    /// True once a response (of any kind) was submitted.
    var responded = false
    /// The request's content-type when it was refused before its head was accepted (echoed).
    var replyContentType: String?
    /// What the router's authoriser allowed the call with.
    var context: (any Sendable)?
    /// When the stream's first HEADERS frame began (its request-read deadline counts from here).
    var openedAt = MonotonicInstant(nanoseconds: 0)
    /// True once the request head (the first header block) is complete.
    var headersDone = false
    /// True once the request ended (END_STREAM) or its read deadline was dealt with.
    var requestEnded = false
    /// Request bytes received and not yet released: counted against the server's budget and
    /// withheld from the connection's flow-control window until released.
    var heldBytes = 0
    /// The call's id, returned in the `collect-request-id` trailer and carried in its log lines.
    var requestID = ""

    init(id: Int32) { self.id = id }

    /// Makes a closed stream new again for stream `id` (streams are pooled per connection).
    func reuse(id: Int32) {
        self.id = id
        headers = []
        method = nil
        path = nil
        headerBytes = 0
        call = nil
        head = nil
        handler = nil
        responder = nil
        deadlineTimer = nil
        body = []
        bodyOffset = 0
        trailers = nil
        responded = false
        context = nil
        replyContentType = nil
        headersDone = false
        requestEnded = false
        heldBytes = 0
        requestID = ""
    }
}
