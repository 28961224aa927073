import Glibc
import Metrics

/// What the writer and its checkpointer count for the operator: batch sizes, commit times,
/// commits (one WAL fsync each, `synchronous=FULL`) and checkpoint times. Bumped on the writer's
/// and the checkpointer's threads, once per batch or checkpoint, never per read.
public final class WriterMetrics: Sendable {
    let batchSize: Histogram
    let commitTime: Histogram
    let commits: Counter
    let checkpointTime: Histogram

    /// Registers the writer's metrics in `registry`.
    public init(registry: MetricsRegistry) {
        batchSize = registry.histogram("collect_writer_batch_mutations", help: "Mutations committed per batch (per transaction and WAL fsync).",
                                       bounds: Histogram.sizes).labels()
        commitTime = registry.histogram("collect_writer_commit_duration_seconds",
                                        help: "Time from a batch's BEGIN to its durable COMMIT.",
                                        bounds: Histogram.latencyMicroseconds, divisor: 1_000_000).labels()
        commits = registry.counter("collect_writer_commits_total", help: "Batches committed; each is one WAL fsync.").labels()
        checkpointTime = registry.histogram("collect_checkpoint_duration_seconds",
                                            help: "Time of each WAL checkpoint on the checkpointer's thread.",
                                            bounds: Histogram.latencyMicroseconds, divisor: 1_000_000).labels()
    }

    /// Microseconds on the monotonic clock (for durations only).
    static func nowMicros() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Int64(spec.tv_sec) * 1_000_000 + Int64(spec.tv_nsec) / 1_000
    }
}
