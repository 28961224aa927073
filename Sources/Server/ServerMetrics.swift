import Metrics
import Services
import Store

/// The server's metrics registry with the series the store bumps: the writer's batches, commits
/// and checkpoints, and the answer caches' hits and misses. The transport registers its own
/// (calls, latency, connections, streams) from ``ServerConfiguration/metrics``.
struct ServerMetrics {
    let registry = MetricsRegistry()
    let writer: WriterMetrics
    let answerCache: (hits: Counter, misses: Counter)
    let dailyCycle: DailyCycleMetrics

    init() {
        writer = WriterMetrics(registry: registry)
        answerCache = (registry.counter("collect_answer_cache_hits_total", help: "GetCase answers served from a loop's answer cache.").labels(),
                       registry.counter("collect_answer_cache_misses_total", help: "GetCase answers that had to be read and encoded.").labels())
        dailyCycle = DailyCycleMetrics(registry: registry)
    }

    /// Registers the values read from `writer` when rendered.
    func watch(_ writer: StoreWriter) {
        registry.computed("collect_writer_queue_depth", help: "Mutations waiting for the writer.", type: "gauge") {
            Int64(writer.queueDepth)
        }
    }
}

/// The daily cycle's series, per country: completed runs, cases looked at, changes made, the last
/// day completed and how long each run took.
struct DailyCycleMetrics {
    let runs: MetricFamily<Counter>
    let cases: MetricFamily<Counter>
    let changes: MetricFamily<Counter>
    let lastDay: MetricFamily<Gauge>
    let duration: MetricFamily<Histogram>
    let actions: MetricFamily<Counter>

    init(registry: MetricsRegistry) {
        runs = registry.counter("collect_daily_cycle_runs_total", help: "Completed runs of the daily cycle (a day of a country each).",
                                labels: ["country"])
        cases = registry.counter("collect_daily_cycle_cases_total", help: "Cases the daily cycle looked at.", labels: ["country"])
        changes = registry.counter("collect_daily_cycle_changes_total",
                                   help: "Plans settled, case states changed, bucket moves, treatments changed and actions written by the daily cycle.", labels: ["country"])
        lastDay = registry.gauge("collect_daily_cycle_last_day", help: "The last day the daily cycle completed, as days since 1970-01-01.",
                                 labels: ["country"])
        duration = registry.histogram("collect_daily_cycle_duration_seconds", help: "Time of each completed run of the daily cycle.",
                                      labels: ["country"], bounds: Histogram.latencyMicroseconds, divisor: 1_000_000)
        actions = registry.counter("collect_daily_cycle_actions_total",
                                   help: "Contact actions, handler tasks and reminder fees the daily cycle wrote to the outbox.", labels: ["country"])
    }

    func record(_ report: DailyCycleReport) {
        let country = report.country.rawValue
        runs.labels(country).increment()
        cases.labels(country).increment(by: Int64(report.cases))
        changes.labels(country).increment(by: Int64(report.changes))
        lastDay.labels(country).set(Int64(report.asOf.daysSinceEpoch))
        duration.labels(country).observe(report.elapsedMs * 1_000)
        actions.labels(country).increment(by: Int64(report.actionsScheduled))
    }
}
