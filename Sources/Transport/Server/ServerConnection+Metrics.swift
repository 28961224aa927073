/// Counting and logging each answered call.
extension ServerConnection {
    /// Name of the trailer (or trailers-only header) carrying the call's request id.
    static let requestIDField = "collect-request-id"

    /// Counts the answer to `stream` (its method's series: a routed path, or "unknown") and logs
    /// it at trace level. `status` is a gRPC status name, or `HTTP_405`-like for a request that is
    /// not gRPC; `detail` its stable detail code. The log line names the method only when routed:
    /// a raw path is client input.
    func noteAnswer(_ stream: ServerStream, status: String, detail: String?) {
        let shared = owner.shared
        let wantsLog = shared.logger.logLevel <= .trace
        guard shared.metrics != nil || wantsLog else { return }
        let now = MonotonicInstant.now().nanoseconds, opened = stream.openedAt.nanoseconds
        let micros = now > opened ? (now - opened) / 1_000 : 0
        let series = shared.metrics?.method(stream.path)
        series?.record(status: status, detail: detail, microseconds: Int64(micros))
        if wantsLog {
            let method = router.handler(for: stream.path ?? "") != nil ? stream.path! : TransportMetrics.unknownMethod
            shared.logger.trace("call answered", metadata: [
                "request_id": "\(stream.requestID)", "method": "\(method)", "status": "\(status)",
                "detail": "\(detail ?? "none")", "micros": "\(micros)", "peer": "\(peer)",
            ])
        }
    }
}
