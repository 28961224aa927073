import Protocol

/// One unary call's life on the server, as a pure state machine: headers validated → message
/// accumulating → handler running → responded. The driver feeds it events and performs the
/// actions it returns; it never touches a socket or a clock.
struct ServerCallStateMachine {
    enum State {
        /// Collecting the request; `message` is set once one complete message has arrived.
        case receiving(GRPCDeframer, message: [UInt8]?)
        /// The handler has the request; the call waits for its completion.
        case handlerRunning
        /// A response has been submitted (or the stream is gone); everything else is ignored.
        case finished
    }

    /// What the driver must do.
    enum Action: Equatable {
        case none
        /// Run the handler with the one request message.
        case runHandler([UInt8])
        /// Answer with this status, message and detail code (trailers-only), abandoning any
        /// handler work.
        case fail(GRPCStatusCode, String, detailCode: String)
    }

    private(set) var state: State

    init(maxMessageBytes: Int) {
        state = .receiving(GRPCDeframer(maxMessageBytes: maxMessageBytes), message: nil)
    }

    /// DATA payload bytes arrived.
    mutating func receive(_ bytes: UnsafeRawBufferPointer) -> Action {
        guard case .receiving(var deframer, let message) = state else { return .none }
        state = .finished  // avoid a copy-on-write of the deframer's buffer while it is mutated
        var first: [UInt8]? = nil
        var count = 0
        do {
            try deframer.append(bytes) { received in
                if count == 0 { first = received }
                count += 1
            }
        } catch {
            switch error {
            case .messageTooLarge(let announced, let limit):
                return .fail(.resourceExhausted, "request message of \(announced) bytes exceeds the limit of \(limit) bytes",
                             detailCode: "WIRE_MESSAGE_TOO_LARGE")
            case .compressedMessage:
                return .fail(.internal, "compressed request message without a supported grpc-encoding",
                             detailCode: "COMPRESSION_UNSUPPORTED")
            case .invalidFlag(let flag):
                return .fail(.internal, "invalid message flag \(flag)", detailCode: "INVALID_MESSAGE_FLAG")
            }
        }
        if count == 0 {
            state = .receiving(deframer, message: message)
            return .none
        }
        if message != nil || count > 1 {
            return .fail(.unimplemented, "more than one request message on a unary method", detailCode: "MORE_THAN_ONE_MESSAGE")
        }
        state = .receiving(deframer, message: first)
        return .none
    }

    /// The client finished sending (END_STREAM). `deadlinePassed` when the deadline is already over.
    mutating func receiveEnd(deadlinePassed: Bool) -> Action {
        guard case .receiving(let deframer, let message) = state else { return .none }
        state = .finished
        if deadlinePassed { return .fail(.deadlineExceeded, "deadline exceeded before the call started", detailCode: "DEADLINE_EXCEEDED") }
        if deframer.hasPartialMessage { return .fail(.internal, "request ended inside a message", detailCode: "MESSAGE_TRUNCATED") }
        guard let message else { return .fail(.unimplemented, "no request message on a unary method", detailCode: "NO_REQUEST_MESSAGE") }
        state = .handlerRunning
        return .runHandler(message)
    }

    /// The deadline passed.
    mutating func deadlineExpired() -> Action {
        switch state {
        case .finished: return .none
        case .receiving, .handlerRunning:
            state = .finished
            return .fail(.deadlineExceeded, "deadline exceeded", detailCode: "DEADLINE_EXCEEDED")
        }
    }

    /// The handler completed; true when its answer should be sent.
    mutating func handlerCompleted() -> Bool {
        guard case .handlerRunning = state else { return false }
        state = .finished
        return true
    }

    /// A response was sent for another reason, or the stream closed.
    mutating func finish() { state = .finished }

    /// True while the request is still arriving (its bytes are buffered).
    var isReceiving: Bool {
        if case .receiving = state { return true }
        return false
    }

    /// True while a handler owns the call.
    var isHandlerRunning: Bool {
        if case .handlerRunning = state { return true }
        return false
    }
}
