import Protocol

/// nghttp2 events on the client side: response headers, messages, trailers, resets.
extension ClientConnectionCore: HTTP2SessionDelegate {
    func http2BeginHeaders(stream: Int32) {}

    func http2Header(stream id: Int32, name: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer) -> Bool {
        guard let call = streams[id] else { return true }
        let field = HeaderField(String(decoding: name, as: UTF8.self), String(decoding: value, as: UTF8.self))
        if call.headersDone { call.trailers.append(field) } else { call.headers.append(field) }
        return true
    }

    func http2HeadersComplete(stream id: Int32, endStream: Bool) {
        guard let call = streams[id], !call.headersDone else { return }
        call.headersDone = true
        call.isGRPCResponse = call.headers.first(named: ":status") == "200"
            && (call.headers.first(named: "content-type").map(RequestHeadValidator.isGRPCContentType) ?? false)
    }

    func http2Data(stream id: Int32, bytes: UnsafeRawBufferPointer) {
        guard let call = streams[id], call.isGRPCResponse, call.localFailure == nil else { return }
        do {
            let messages = try call.deframer.append(bytes)
            for message in messages {
                if call.response != nil {
                    call.localFailure = GRPCCallResult(status: .internal, message: "more than one response message on a unary call")
                } else {
                    call.response = message
                }
            }
        } catch {
            let status: GRPCStatusCode
            if case .messageTooLarge = error { status = .resourceExhausted } else { status = .internal }
            call.localFailure = GRPCCallResult(status: status, message: "bad response message: \(error)")
        }
        if call.localFailure != nil { session?.resetStream(id, code: HTTP2ErrorCode.cancel) }
    }

    func http2DataEndStream(stream: Int32) {}

    func http2StreamClosed(stream id: Int32, errorCode: UInt32) {
        guard let call = streams.removeValue(forKey: id) else { return }
        loop.cancel(call.deadlineTimer)
        if let failure = call.localFailure {
            call.finish(failure)
        } else if call.deframer.hasPartialMessage {
            call.finish(GRPCCallResult(status: .internal, message: "response ended inside a message", headers: call.headers))
        } else {
            call.finish(GRPCCallResult.fromClosedStream(headers: call.headers, trailers: call.trailers,
                                                        response: call.response, resetCode: errorCode))
        }
        if phase == .closing, streams.isEmpty {
            loop.execute { [self] in close(status: .unavailable, reason: "closed") }
        }
    }

    func http2ControlFrame(type: UInt8, flags: UInt8, stream: Int32) {
        if type == 0x7 { goAwayReceived = true }  // GOAWAY
    }

    func http2FrameSent(stream: Int32, type: UInt8, endStream: Bool) {}

    func http2ReadBody(stream id: Int32, into buffer: UnsafeMutableRawBufferPointer) -> (count: Int, complete: Bool, trailers: [HeaderField]?) {
        guard let call = streams[id] else { return (0, true, nil) }
        let count = min(buffer.count, call.body.count - call.bodyOffset)
        call.body.withUnsafeBytes { source in
            buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: source[call.bodyOffset..<(call.bodyOffset + count)]))
        }
        call.bodyOffset += count
        return (count, call.bodyOffset == call.body.count, nil)
    }
}
