import Glibc
import Protocol

/// nghttp2 events: request heads, messages, resets and flood accounting.
extension ServerConnection: HTTP2SessionDelegate {
    /// Decoded header bytes per stream beyond which the connection is torn down (the block is
    /// then far past the advertised limit, which well-behaved clients respect).
    var headerAbuseBytes: Int { http2.maxHeaderListBytes * 16 }

    func http2BeginHeaders(stream id: Int32) {
        if stream(id) == nil { openStream(id) }
    }

    func http2Header(stream id: Int32, name: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer) -> Bool {
        guard let stream = stream(id) else { return true }
        if stream.call != nil { return true }  // trailers from the client carry nothing we use
        stream.headerBytes += name.count + value.count + 32
        if stream.headerBytes > headerAbuseBytes {
            fail(code: HTTP2ErrorCode.enhanceYourCalm, reason: "header block far over the limit")
            return false
        }
        guard stream.headerBytes <= http2.maxHeaderListBytes else { return true }
        if name.first == UInt8(ascii: ":") {
            // Only :method and :path matter to gRPC's rules; :scheme and :authority are counted, not kept.
            if name.count == 7, name[1] == UInt8(ascii: "m") {
                stream.method = ServerConnection.equal("POST", value) ? "POST" : String(decoding: value, as: UTF8.self)
            } else if name.count == 5, name[1] == UInt8(ascii: "p") {
                if let previous = previousPath, ServerConnection.equal(previous, value) {
                    stream.path = previous
                } else {
                    stream.path = String(decoding: value, as: UTF8.self)
                }
            }
            return true
        }
        if stream.headers.capacity == 0 { stream.headers.reserveCapacity(8) }
        stream.headers.append(field(name, value, position: stream.headers.count))
        return true
    }

    /// The header field `name: value` at `position` in its block, reused from the previous
    /// request on this connection when it repeats one there (clients send the same path,
    /// content-type, token and user-agent again and again, usually in the same order).
    func field(_ name: UnsafeRawBufferPointer, _ value: UnsafeRawBufferPointer, position: Int) -> HeaderField {
        let previous = previousFields
        if position < previous.count {
            let candidate = previous[position]
            if ServerConnection.equal(candidate.value, value), ServerConnection.equal(candidate.name, name) { return candidate }
        }
        for index in previous.indices where index != position {
            let candidate = previous[index]
            if ServerConnection.equal(candidate.value, value), ServerConnection.equal(candidate.name, name) { return candidate }
        }
        return HeaderField(String(decoding: name, as: UTF8.self), String(decoding: value, as: UTF8.self))
    }

    @inline(__always)
    static func equal(_ string: String, _ bytes: UnsafeRawBufferPointer) -> Bool {
        var string = string
        return string.withUTF8 { utf8 in
            utf8.count == bytes.count && (utf8.count == 0 || memcmp(utf8.baseAddress!, bytes.baseAddress!, utf8.count) == 0)
        }
    }

    func http2HeadersComplete(stream id: Int32, endStream: Bool) {
        guard let stream = stream(id) else { return }
        stream.headersDone = true
        if stream.call == nil, !stream.responded {
            startCall(stream)
        }
        if endStream { endOfRequest(stream) }
    }

    private func startCall(_ stream: ServerStream) {
        if stream.headerBytes > http2.maxHeaderListBytes {
            respondTrailersOnly(stream, code: .resourceExhausted,
                                message: "request headers of \(stream.headerBytes) bytes exceed the limit of \(http2.maxHeaderListBytes) bytes",
                                detailCode: "HEADERS_TOO_LARGE")
            return
        }
        var handler: GRPCHandler? = nil
        switch RequestHeadValidator.validate(method: stream.method, path: stream.path, metadata: stream.headers,
                                             now: .now(), isKnownPath: { path in
            handler = self.router.handler(for: path)
            return handler != nil
        }) {
        case .failure(.http(let status)):
            stream.responded = true
            noteAnswer(stream, status: "HTTP_\(status)", detail: nil)
            _ = session?.submitResponse(stream: stream.id, headers: [HeaderField(":status", String(status)),
                                                                     HeaderField(ServerConnection.requestIDField, stream.requestID)],
                                        hasBody: false)
        case .failure(.grpc(let code, let message, let detailCode)):
            // The content-type passed the check before these: the reply echoes it.
            stream.replyContentType = stream.headers.first(named: "content-type")
            respondTrailersOnly(stream, code: code, message: message, detailCode: detailCode)
        case .success(let head):
            previousFields = stream.headers
            previousPath = head.path
            stream.headers = []
            stream.head = head
            if let authorizer = router.authorizer {
                // Before any of the body is buffered: a refused caller costs no request memory.
                switch authorizer(GRPCRequestHead(path: head.path, metadata: head.metadata, peer: peerInfo, requestID: stream.requestID)) {
                case .allow(let context):
                    stream.context = context
                case .refuse(let code, let message, let detail):
                    respondTrailersOnly(stream, code: code, message: message, detail: detail)
                    return
                }
            }
            stream.handler = handler
            stream.call = ServerCallStateMachine(maxMessageBytes: limits.maxRequestMessageBytes)
            if let deadline = head.deadline {
                // Strong captures: the timer is cancelled whenever the stream ends.
                stream.deadlineTimer = loop.schedule(at: deadline) { [self, stream] in
                    stream.deadlineTimer = nil
                    apply(stream.call?.deadlineExpired() ?? .none, to: stream)
                }
            }
        }
    }

    func http2Data(stream id: Int32, bytes: UnsafeRawBufferPointer) {
        guard let session else { return }
        let count = bytes.count
        guard let stream = stream(id), stream.call?.isReceiving == true else {
            // Not buffered (the call was answered already): the window reopens at once.
            session.consumeStream(id, bytes: count)
            session.consumeConnection(bytes: count)
            return
        }
        // The stream's window reopens as bytes arrive (the message size limit bounds a stream);
        // the connection's only when these bytes are released (`releaseHeld`).
        session.consumeStream(id, bytes: count)
        guard owner.shared.holdRequestBytes(count) else {
            session.consumeConnection(bytes: count)
            respondTrailersOnly(stream, code: .resourceExhausted,
                                message: "the server's request buffers are full; retry later", detailCode: "REQUEST_BUFFERS_FULL")
            return
        }
        stream.heldBytes += count
        apply(stream.call!.receive(bytes), to: stream)
    }

    /// Releases the request bytes `stream` holds: the server's budget gets them back and the
    /// connection's flow-control window reopens by as much.
    func releaseHeld(_ stream: ServerStream) {
        let held = stream.heldBytes
        guard held > 0 else { return }
        stream.heldBytes = 0
        owner.shared.releaseRequestBytes(held)
        session?.consumeConnection(bytes: held)
    }

    func http2DataEndStream(stream id: Int32) {
        guard let stream = stream(id) else { return }
        endOfRequest(stream)
    }

    private func endOfRequest(_ stream: ServerStream) {
        stream.requestEnded = true
        guard stream.call != nil else { return }
        let passed = stream.head?.deadline?.hasPassed ?? false
        apply(stream.call!.receiveEnd(deadlinePassed: passed), to: stream)
    }

    /// Performs what the call's state machine decided.
    func apply(_ action: ServerCallStateMachine.Action, to stream: ServerStream) {
        switch action {
        case .none: return
        case .fail(let code, let message, let detailCode):
            stream.responder?.markCancelled()
            respondTrailersOnly(stream, code: code, message: message, detailCode: detailCode)
        case .runHandler(let message):
            guard let head = stream.head, let handler = stream.handler else {
                preconditionFailure("a call runs only after its path was routed")
            }
            releaseHeld(stream)
            let responder = GRPCResponder(sink: self, stream: stream.id)
            stream.responder = responder
            let request = GRPCRequest(path: head.path, metadata: head.metadata, message: message,
                                      deadline: head.deadline, peer: peerInfo, context: stream.context, requestID: stream.requestID)
            handler(request, responder)
        }
        if !inSession { process() }
    }

    func http2StreamClosed(stream id: Int32, errorCode: UInt32) {
        guard var stream = removeStream(id) else { return }
        releaseHeld(stream)
        loop.cancel(stream.deadlineTimer)
        stream.call?.finish()
        stream.responder?.markCancelled()
        if streams.isEmpty { idleSince = .now() }
        // Kept for the next stream when nothing else holds it (a cancelled timer's closure, say).
        if spareStreams.count < ServerConnection.spareStreamLimit, isKnownUniquelyReferenced(&stream) {
            spareStreams.append(stream)
        }
    }

    func http2ControlFrame(type: UInt8, flags: UInt8, stream: Int32) {
        let now = MonotonicInstant.now().nanoseconds
        switch type {
        case 0x3:  // RST_STREAM
            if resets.record(now: now) { fail(code: HTTP2ErrorCode.enhanceYourCalm, reason: "RST_STREAM flood") }
        case 0x4:  // SETTINGS
            if flags & 0x1 != 0 {
                loop.cancel(settingsTimer)
                settingsTimer = nil
            } else if settingsFrames.record(now: now) {
                fail(code: HTTP2ErrorCode.enhanceYourCalm, reason: "SETTINGS flood")
            }
        case 0x6:  // PING
            if flags & 0x1 == 0, pings.record(now: now) { fail(code: HTTP2ErrorCode.enhanceYourCalm, reason: "PING flood") }
        default: break
        }
    }

    func http2FrameSent(stream id: Int32, type: UInt8, endStream: Bool) {
        // A response that ended while the client was still sending: tell it to stop (gRPC).
        guard endStream, id > 0, let session, session.isRemoteOpen(id) else { return }
        session.resetStream(id, code: HTTP2ErrorCode.noError)
    }

    func http2ReadBody(stream id: Int32, into buffer: UnsafeMutableRawBufferPointer) -> (count: Int, complete: Bool, trailers: [HeaderField]?) {
        guard let stream = stream(id) else { return (0, true, nil) }
        // The body is the message behind its 5-byte gRPC prefix, written here rather than copied
        // into a framed array first.
        let prefix = GRPCFrame.prefixBytes
        let total = prefix + stream.body.count
        let count = min(buffer.count, total - stream.bodyOffset)
        var written = 0
        while stream.bodyOffset + written < prefix, written < count {
            let position = stream.bodyOffset + written
            buffer[written] = position == 0 ? 0 : UInt8(truncatingIfNeeded: UInt32(stream.body.count) >> (8 * UInt32(prefix - 1 - position)))
            written += 1
        }
        if written < count {
            let start = stream.bodyOffset + written - prefix
            let rest = count - written
            stream.body.withUnsafeBytes { source in
                UnsafeMutableRawBufferPointer(rebasing: buffer[written..<count])
                    .copyMemory(from: UnsafeRawBufferPointer(rebasing: source[start..<(start + rest)]))
            }
        }
        stream.bodyOffset += count
        let complete = stream.bodyOffset == total
        return (count, complete, complete ? (stream.trailers ?? []) : nil)
    }
}
