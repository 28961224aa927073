import Protocol

/// Turning completions into HEADERS, DATA and trailers.
extension ServerConnection {
    /// Name of the binary trailer carrying the handler's encoded error detail.
    static let errorDetailTrailer = "collect-error-bin"

    func deliver(_ completion: GRPCCompletion, stream id: Int32, responder: GRPCResponder) {
        precondition(loop.inEventLoop)
        guard phase != .closed, let stream = streams[id], stream.responder === responder,
              stream.call?.handlerCompleted() == true else {
            return  // the call was reset, timed out or its connection closed: nobody is waiting
        }
        loop.cancel(stream.deadlineTimer)
        stream.deadlineTimer = nil
        switch completion {
        case .success(let message, let extra):
            stream.responded = true
            noteAnswer(stream, status: "OK", detail: nil)
            stream.body = message
            var trailers = StaticHeaderBlock.grpcOKTrailers.fields
            trailers.reserveCapacity(trailers.count + 1 + extra.count)  // one allocation per answer
            trailers.append(HeaderField(ServerConnection.requestIDField, stream.requestID))
            trailers += extra
            stream.trailers = trailers
            let contentType = stream.head?.contentType ?? "application/grpc"
            let submitted = contentType == "application/grpc"
                ? session?.submitResponse(stream: id, block: .grpcResponse)
                : session?.submitResponse(stream: id, headers: [HeaderField(":status", "200"), HeaderField("content-type", contentType)], hasBody: true)
            if submitted != 0 {
                session?.resetStream(id, code: HTTP2ErrorCode.internalError)
            }
        case .failure(let code, let message, let detail):
            respondTrailersOnly(stream, code: code, message: message, detail: detail)
        }
        if !inSession { process() }
    }

    /// A trailers-only response: one HEADERS frame with the status, ending the stream. `detail`
    /// is a handler's encoded detail; the transport's own refusals name a `detailCode` instead,
    /// encoded by the server's ``ServerConfiguration/refusalDetail``.
    func respondTrailersOnly(_ stream: ServerStream, code: GRPCStatusCode, message: String, detail: [UInt8]? = nil,
                             detailCode: String? = nil) {
        releaseHeld(stream)
        guard !stream.responded else { return }
        stream.responded = true
        noteAnswer(stream, status: code.name, detail: detailCode ?? detail.flatMap { owner.shared.configuration.detailCode?($0) })
        stream.call?.finish()
        loop.cancel(stream.deadlineTimer)
        stream.deadlineTimer = nil
        var headers = [
            HeaderField(":status", "200"),
            HeaderField("content-type", stream.head?.contentType ?? stream.replyContentType ?? "application/grpc"),
            HeaderField("grpc-status", String(code.rawValue)),
            HeaderField(ServerConnection.requestIDField, stream.requestID),
        ]
        if !message.isEmpty { headers.append(HeaderField("grpc-message", GRPCMessageEncoding.percentEncode(message))) }
        if let detail = detail ?? detailCode.flatMap({ owner.shared.refusalDetail($0, message) }) {
            headers.append(HeaderField(ServerConnection.errorDetailTrailer, GRPCBinaryHeader.encode(detail)))
        }
        if session?.submitResponse(stream: stream.id, headers: headers, hasBody: false) != 0 {
            session?.resetStream(stream.id, code: HTTP2ErrorCode.internalError)
        }
    }
}
