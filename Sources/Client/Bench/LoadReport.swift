import Histogram

/// The figures of a load run.
struct LoadReport {
    let workload: String
    let connections: Int
    let streams: Int
    let seconds: Double
    let requests: Int
    let statuses: [String: Int]
    let histogram: Histogram<UInt64>
    /// Tries beyond the first, over all calls (each after a backoff).
    let retries: Int
    /// Mutations that ended without the server's answer (listed as `unresolved` in the ack log).
    let unresolvedMutations: Int

    var errors: Int { statuses.filter { $0.key != "OK" }.values.reduce(0, +) }
    var requestsPerSecond: Double { seconds > 0 ? Double(requests) / seconds : 0 }

    /// Milliseconds at a percentile, from microseconds recorded.
    func ms(_ percentile: Double) -> Double { Double(histogram.valueAtPercentile(percentile)) / 1_000 }

    static func format(_ value: Double, _ digits: Int = 2) -> String {
        if digits == 0 { return String(Int(value.rounded())) }
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let scaled = Int((value * scale).rounded())
        let whole = scaled / Int(scale)
        let fraction = String(scaled % Int(scale))
        return "\(whole)." + String(repeating: "0", count: digits - fraction.count) + fraction
    }

    var text: String {
        var lines = ["\(workload): \(connections) connections × \(streams) streams, \(Self.format(seconds, 1)) s measured",
                     "requests: \(requests)  (\(Self.format(requestsPerSecond, 0)) per second)"]
        lines.append("retries: \(retries)  unresolved mutations: \(unresolvedMutations)")
        lines.append("status: " + statuses.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
        lines.append("latency ms: p50 \(Self.format(ms(50)))  p90 \(Self.format(ms(90)))  p99 \(Self.format(ms(99)))  p99.9 \(Self.format(ms(99.9)))  max \(Self.format(Double(histogram.max) / 1_000))")
        return lines.joined(separator: "\n")
    }

    var json: String {
        let statusJSON = statuses.sorted { $0.key < $1.key }.map { "\"\($0.key)\":\($0.value)" }.joined(separator: ",")
        return "{\"workload\":\"\(workload)\",\"connections\":\(connections),\"streams\":\(streams),\"seconds\":\(Self.format(seconds, 3)),"
            + "\"requests\":\(requests),\"requests_per_second\":\(Self.format(requestsPerSecond, 1)),\"errors\":\(errors),\"retries\":\(retries),\"unresolved_mutations\":\(unresolvedMutations),\"statuses\":{\(statusJSON)},"
            + "\"latency_ms\":{\"p50\":\(Self.format(ms(50), 3)),\"p90\":\(Self.format(ms(90), 3)),\"p99\":\(Self.format(ms(99), 3)),"
            + "\"p99_9\":\(Self.format(ms(99.9), 3)),\"max\":\(Self.format(Double(histogram.max) / 1_000, 3))}}"
    }
}
