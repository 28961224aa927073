import Metrics
import Protocol

/// The transport's metrics: calls by method, status and detail code, latency per method, open
/// connections and streams, buffered request bytes. Series are resolved when the server starts
/// (one ``MethodMetrics`` per routed path), so answering a call touches two atomics and
/// allocates nothing; only failures look their series up (by status and detail code).
final class TransportMetrics: Sendable {
    /// The label of every path the router does not know: method labels never come from raw
    /// client input, so a caller cannot grow the series.
    static let unknownMethod = "unknown"

    let requests: MetricFamily<Counter>
    let streamsOpen: Gauge
    private let methods: [String: MethodMetrics]
    /// Requests to paths the router does not know, and requests refused before their path was read.
    let unknown: MethodMetrics

    init(registry: MetricsRegistry, paths: [String]) {
        requests = registry.counter("collect_requests_total", help: "Calls answered, by method, gRPC status and detail code.",
                                    labels: ["method", "code", "detail"], seriesMax: 2_048)
        let latency = registry.histogram("collect_request_duration_seconds",
                                         help: "Time from a call's first HEADERS frame to its answer, by method.",
                                         labels: ["method"], bounds: Histogram.latencyMicroseconds, divisor: 1_000_000)
        streamsOpen = registry.gauge("collect_streams_open", help: "HTTP/2 streams open, all connections together.").labels()
        var methods: [String: MethodMetrics] = [:]
        for path in paths { methods[path] = MethodMetrics(label: path, requests: requests, latency: latency) }
        self.methods = methods
        unknown = MethodMetrics(label: Self.unknownMethod, requests: requests, latency: latency)
    }

    /// The series of `path` when it is a routed method, else those of ``unknownMethod``.
    func method(_ path: String?) -> MethodMetrics {
        guard let path, let known = methods[path] else { return unknown }
        return known
    }
}

/// One method's series.
final class MethodMetrics: Sendable {
    let label: String
    /// Its OK answers (the hot path, resolved once).
    let ok: Counter
    let latency: Histogram
    private let requests: MetricFamily<Counter>

    init(label: String, requests: MetricFamily<Counter>, latency: MetricFamily<Histogram>) {
        self.label = label
        self.requests = requests
        ok = requests.labels(label, GRPCStatusCode.ok.name, "none")
        self.latency = latency.labels(label)
    }

    /// Counts one answer with `status` (an HTTP status for a request that is not gRPC) and
    /// `detail` code, taking `microseconds`.
    func record(status: String, detail: String?, microseconds: Int64) {
        latency.observe(microseconds)
        if status == "OK" && detail == nil {
            ok.increment()
        } else {
            requests.labels(label, status, detail ?? "none").increment()
        }
    }
}
