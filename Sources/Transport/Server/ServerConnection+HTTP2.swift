import Protocol

/// nghttp2 events: request heads, messages, resets and flood accounting.
extension ServerConnection: HTTP2SessionDelegate {
    /// Decoded header bytes per stream beyond which the connection is torn down (the block is
    /// then far past the advertised limit, which well-behaved clients respect).
    var headerAbuseBytes: Int { http2.maxHeaderListBytes * 16 }

    func http2BeginHeaders(stream id: Int32) {
        if streams[id] == nil { streams[id] = ServerStream(id: id) }
    }

    func http2Header(stream id: Int32, name: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer) -> Bool {
        guard let stream = streams[id] else { return true }
        if stream.call != nil { return true }  // trailers from the client carry nothing we use
        stream.headerBytes += name.count + value.count + 32
        if stream.headerBytes > headerAbuseBytes {
            fail(code: HTTP2ErrorCode.enhanceYourCalm, reason: "header block far over the limit")
            return false
        }
        if stream.headerBytes <= http2.maxHeaderListBytes {
            stream.headers.append(HeaderField(String(decoding: name, as: UTF8.self), String(decoding: value, as: UTF8.self)))
        }
        return true
    }

    func http2HeadersComplete(stream id: Int32, endStream: Bool) {
        guard let stream = streams[id] else { return }
        if stream.call == nil, !stream.responded {
            startCall(stream)
        }
        if endStream { endOfRequest(stream) }
    }

    private func startCall(_ stream: ServerStream) {
        if stream.headerBytes > http2.maxHeaderListBytes {
            respondTrailersOnly(stream, code: .resourceExhausted,
                                message: "request headers of \(stream.headerBytes) bytes exceed the limit of \(http2.maxHeaderListBytes) bytes")
            return
        }
        let router = self.router
        switch RequestHeadValidator.validate(stream.headers, now: .now(), isKnownPath: { router.handler(for: $0) != nil }) {
        case .failure(.http(let status)):
            stream.responded = true
            _ = session?.submitResponse(stream: stream.id, headers: [HeaderField(":status", String(status))], hasBody: false)
        case .failure(.grpc(let code, let message)):
            respondTrailersOnly(stream, code: code, message: message)
        case .success(let head):
            stream.headers = []
            stream.head = head
            stream.call = ServerCallStateMachine(maxMessageBytes: limits.maxRequestMessageBytes)
            if let deadline = head.deadline {
                stream.deadlineTimer = loop.schedule(at: deadline) { [weak self, weak stream] in
                    guard let self, let stream else { return }
                    stream.deadlineTimer = nil
                    apply(stream.call?.deadlineExpired() ?? .none, to: stream)
                }
            }
        }
    }

    func http2Data(stream id: Int32, bytes: UnsafeRawBufferPointer) {
        guard let stream = streams[id], stream.call != nil else { return }
        apply(stream.call!.receive(bytes), to: stream)
    }

    func http2DataEndStream(stream id: Int32) {
        guard let stream = streams[id] else { return }
        endOfRequest(stream)
    }

    private func endOfRequest(_ stream: ServerStream) {
        guard stream.call != nil else { return }
        let passed = stream.head?.deadline?.hasPassed ?? false
        apply(stream.call!.receiveEnd(deadlinePassed: passed), to: stream)
    }

    /// Performs what the call's state machine decided.
    func apply(_ action: ServerCallStateMachine.Action, to stream: ServerStream) {
        switch action {
        case .none: return
        case .fail(let code, let message):
            stream.responder?.markCancelled()
            respondTrailersOnly(stream, code: code, message: message)
        case .runHandler(let message):
            guard let head = stream.head, let handler = router.handler(for: head.path) else {
                preconditionFailure("a call runs only after its path was routed")
            }
            let responder = GRPCResponder(sink: self, stream: stream.id)
            stream.responder = responder
            let request = GRPCRequest(path: head.path, metadata: head.metadata, message: message,
                                      deadline: head.deadline, peer: peerInfo)
            handler(request, responder)
        }
        if !inSession { process() }
    }

    func http2StreamClosed(stream id: Int32, errorCode: UInt32) {
        guard let stream = streams.removeValue(forKey: id) else { return }
        loop.cancel(stream.deadlineTimer)
        stream.call?.finish()
        stream.responder?.markCancelled()
        if streams.isEmpty { idleSince = .now() }
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
        guard let stream = streams[id] else { return (0, true, nil) }
        let count = min(buffer.count, stream.body.count - stream.bodyOffset)
        stream.body.withUnsafeBytes { source in
            buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: source[stream.bodyOffset..<(stream.bodyOffset + count)]))
        }
        stream.bodyOffset += count
        let complete = stream.bodyOffset == stream.body.count
        return (count, complete, complete ? (stream.trailers ?? []) : nil)
    }
}
