import Protocol
import Synchronization

/// Where a responder delivers its completion: the connection owning the stream. Its methods
/// run on the owning loop only.
protocol ResponseSink: AnyObject, Sendable {
    /// The loop that owns the stream.
    var loop: EventLoop { get }
    /// Applies a completion to `stream` (loop thread only).
    func deliver(_ completion: GRPCCompletion, stream: Int32, responder: GRPCResponder)
}

/// Completes one call, exactly once, from any thread.
///
/// A completion from a foreign thread (e.g. a database writer) is posted to the loop that owns
/// the stream; nghttp2 is only ever touched there. ``isCancelled`` tells queued work whether the
/// call is still wanted.
public final class GRPCResponder: Sendable {
    private let completed = Atomic<Bool>(false)
    private let cancelled = Atomic<Bool>(false)
    private let sink: ResponseSink
    private let stream: Int32

    init(sink: ResponseSink, stream: Int32) {
        self.sink = sink
        self.stream = stream
    }

    /// True once the client reset the stream, the connection closed, or the deadline passed;
    /// work not yet started for this call can then be skipped.
    public var isCancelled: Bool { cancelled.load(ordering: .acquiring) }

    /// True once ``succeed(_:trailers:)`` or ``fail(_:message:detail:)`` was called.
    public var isCompleted: Bool { completed.load(ordering: .acquiring) }

    /// Answers with a response message and optional extra trailing metadata.
    public func succeed(_ message: [UInt8], trailers: [HeaderField] = []) {
        complete(.success(message: message, trailers: trailers))
    }

    /// Answers with a status other than OK, a human message, and an optional encoded error detail.
    public func fail(_ code: GRPCStatusCode, message: String, detail: [UInt8]? = nil) {
        precondition(code != .ok, "fail(_:) needs a non-OK status; use succeed")
        complete(.failure(code: code, message: message, detail: detail))
    }

    /// Delivers `completion`; a second completion is a bug in the handler.
    public func complete(_ completion: GRPCCompletion) {
        let (exchanged, _) = completed.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing)
        precondition(exchanged, "a gRPC call was completed twice")
        if sink.loop.inEventLoop {
            sink.deliver(completion, stream: stream, responder: self)
        } else {
            let sink = self.sink
            let stream = self.stream
            sink.loop.execute { sink.deliver(completion, stream: stream, responder: self) }
        }
    }

    /// Marks the call as no longer wanted (loop thread).
    func markCancelled() { cancelled.store(true, ordering: .releasing) }
}
