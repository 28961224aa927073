import Synchronization

/// One metric name with its help text and type, and its series, one per set of label values.
/// The number of series is bounded: past `seriesMax`, new label values share one series whose
/// values are all `other`, so a hostile caller cannot grow memory by inventing labels.
public final class MetricFamily<Metric: Sendable>: Sendable {
    /// The metric's name (`collect_requests_total`).
    public let name: String
    /// What it counts, for the `# HELP` line.
    public let help: String
    /// Label names, in order.
    public let labelNames: [String]
    /// Most series kept.
    public let seriesMax: Int
    private let make: @Sendable () -> Metric
    private let series = Mutex<[[String]: Metric]>([:])

    init(name: String, help: String, labelNames: [String], seriesMax: Int, make: @escaping @Sendable () -> Metric) {
        precondition(MetricsRegistry.isValidName(name), "invalid metric name \(name)")
        precondition(labelNames.allSatisfy(MetricsRegistry.isValidLabelName), "invalid label names \(labelNames)")
        precondition(seriesMax > 0, "a family keeps at least one series")
        self.name = name
        self.help = help
        self.labelNames = labelNames
        self.seriesMax = seriesMax
        self.make = make
    }

    /// The series for `values` (one per label name), made on first use. Callers on hot paths keep
    /// the result rather than looking it up per event.
    public func labels(_ values: String...) -> Metric { labels(values) }

    /// The series for `values`.
    public func labels(_ values: [String]) -> Metric {
        precondition(values.count == labelNames.count, "\(name) takes \(labelNames.count) labels")
        return series.withLock { all in
            if let existing = all[values] { return existing }
            let key = all.count < seriesMax - 1 ? values : Array(repeating: "other", count: values.count)
            if let existing = all[key] { return existing }
            let metric = make()
            all[key] = metric
            return metric
        }
    }

    /// Every series with its label values, sorted by them (stable output).
    var all: [([String], Metric)] {
        series.withLock { all in all.map { ($0.key, $0.value) } }.sorted { $0.0.lexicographicallyPrecedes($1.0) }
    }
}
