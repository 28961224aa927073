import Protocol

/// One call on a client connection: request bytes going out, response coming in.
/// Confined to the connection's loop.
final class ClientStream {
    let path: String
    let metadata: [HeaderField]
    let timeout: Duration?
    var completion: (@Sendable (GRPCCallResult) -> Void)?
    var id: Int32 = -1
    var body: [UInt8]
    var bodyOffset = 0
    var headers: [HeaderField] = []
    var trailers: [HeaderField] = []
    var headersDone = false
    /// True when the response headers say HTTP 200 with a gRPC content-type; otherwise the
    /// body is not gRPC framing and is ignored (the status then comes from the HTTP mapping).
    var isGRPCResponse = false
    var deframer: GRPCDeframer
    var response: [UInt8]?
    var deadlineTimer: TimerID?
    /// A local failure (bad framing, too large) decided before the stream closed.
    var localFailure: GRPCCallResult?

    init(path: String, message: [UInt8], metadata: [HeaderField], timeout: Duration?, maxResponseBytes: Int,
         completion: @escaping @Sendable (GRPCCallResult) -> Void) {
        self.path = path
        self.metadata = metadata
        self.timeout = timeout
        self.completion = completion
        self.body = GRPCFrame.framed(message)
        self.deframer = GRPCDeframer(maxMessageBytes: maxResponseBytes)
    }

    /// Calls the completion once; later calls do nothing.
    func finish(_ result: GRPCCallResult) {
        guard let completion else { return }
        self.completion = nil
        completion(result)
    }
}
