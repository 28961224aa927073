import Metrics
import Store

/// The server's metrics registry with the series the store bumps: the writer's batches, commits
/// and checkpoints, and the answer caches' hits and misses. The transport registers its own
/// (calls, latency, connections, streams) from ``ServerConfiguration/metrics``.
struct ServerMetrics {
    let registry = MetricsRegistry()
    let writer: WriterMetrics
    let answerCache: (hits: Counter, misses: Counter)

    init() {
        writer = WriterMetrics(registry: registry)
        answerCache = (registry.counter("collect_answer_cache_hits_total", help: "GetCase answers served from a loop's answer cache.").labels(),
                       registry.counter("collect_answer_cache_misses_total", help: "GetCase answers that had to be read and encoded.").labels())
    }

    /// Registers the values read from `writer` when rendered.
    func watch(_ writer: StoreWriter) {
        registry.computed("collect_writer_queue_depth", help: "Mutations waiting for the writer.", type: "gauge") {
            Int64(writer.queueDepth)
        }
    }
}
