import Foundation
import Testing
@testable import Metrics

@Suite("Metrics in Prometheus' text format")
struct MetricsRegistryTests {
    @Test func countersGaugesAndHistogramsRenderAsTheFormatSays() {
        let registry = MetricsRegistry()
        let requests = registry.counter("collect_requests_total", help: "Calls answered.", labels: ["method", "status"])
        requests.labels("/collect.v1.CasesService/GetCase", "OK").increment(by: 3)
        requests.labels("/collect.v1.CasesService/GetCase", "NOT_FOUND").increment()
        registry.gauge("collect_connections_open", help: "Open connections.").labels().set(2)
        let latency = registry.histogram("collect_request_duration_seconds", help: "Time per call.", bounds: [100, 1_000], divisor: 1_000_000)
        for value: Int64 in [50, 100, 101, 5_000] { latency.labels().observe(value) }
        registry.computed("collect_writer_queue_depth", help: "Mutations waiting.", type: "gauge") { 7 }
        #expect(registry.render() == """
            # HELP collect_requests_total Calls answered.
            # TYPE collect_requests_total counter
            collect_requests_total{method="/collect.v1.CasesService/GetCase",status="NOT_FOUND"} 1
            collect_requests_total{method="/collect.v1.CasesService/GetCase",status="OK"} 3
            # HELP collect_connections_open Open connections.
            # TYPE collect_connections_open gauge
            collect_connections_open 2
            # HELP collect_request_duration_seconds Time per call.
            # TYPE collect_request_duration_seconds histogram
            collect_request_duration_seconds_bucket{le="0.0001"} 2
            collect_request_duration_seconds_bucket{le="0.001"} 3
            collect_request_duration_seconds_bucket{le="+Inf"} 4
            collect_request_duration_seconds_sum 0.005251
            collect_request_duration_seconds_count 4
            # HELP collect_writer_queue_depth Mutations waiting.
            # TYPE collect_writer_queue_depth gauge
            collect_writer_queue_depth 7

            """)
    }

    @Test func labelValuesAndHelpAreEscaped() {
        let registry = MetricsRegistry()
        registry.counter("x_total", help: "back\\slash\nnewline", labels: ["v"]).labels("a\"b\\c\nd").increment()
        let text = registry.render()
        #expect(text.contains(#"# HELP x_total back\\slash\nnewline"#))
        #expect(text.contains(#"x_total{v="a\"b\\c\nd"} 1"#))
    }

    @Test func inventedLabelValuesCannotGrowTheSeriesPastTheBound() {
        let registry = MetricsRegistry()
        let family = registry.counter("collect_unknown_total", help: "h", labels: ["method"], seriesMax: 4)
        for index in 0..<1_000 { family.labels("/made/up/\(index)").increment() }
        #expect(family.all.count == 4)
        #expect(family.labels("other").current == 997)
    }

    @Test func incrementsFromManyThreadsAllCount() async {
        let registry = MetricsRegistry()
        let counter = registry.counter("c_total", help: "h").labels()
        let histogram = registry.histogram("h_microseconds", help: "h", bounds: Histogram.latencyMicroseconds).labels()
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    for value in 0..<10_000 {
                        counter.increment()
                        histogram.observe(Int64(value))
                    }
                }
            }
        }
        #expect(counter.current == 80_000)
        #expect(histogram.snapshot.count == 80_000)
        #expect(histogram.snapshot.sum == 8 * (0..<10_000).reduce(0, +))
    }

    @Test func renderedValuesAreExactDecimals() {
        let histogram = MetricsRegistry().histogram("d_seconds", help: "h", bounds: [1], divisor: 1_000_000).labels()
        #expect(histogram.rendered(420) == "0.00042")
        #expect(histogram.rendered(2_500_000) == "2.5")
        #expect(histogram.rendered(1_000_000) == "1")
        #expect(histogram.rendered(-1) == "-0.000001")
    }

    @Test func aHugeObservationSaturatesTheSumInsteadOfTrapping() {
        let histogram = MetricsRegistry().histogram("s_microseconds", help: "h", bounds: [1]).labels()
        histogram.observe(.max)
        histogram.observe(.max)
        #expect(histogram.snapshot.sum == .max)
        #expect(histogram.snapshot.cumulative == [0, 2])
    }

    @Test func namesFollowTheFormat() {
        #expect(MetricsRegistry.isValidName("collect_requests_total"))
        #expect(MetricsRegistry.isValidName("a:b_c9"))
        #expect(!MetricsRegistry.isValidName("9lives"))
        #expect(!MetricsRegistry.isValidName("has-dash"))
        #expect(!MetricsRegistry.isValidLabelName("__reserved"))
        #expect(!MetricsRegistry.isValidLabelName("a:b"))
    }

    /// Prometheus' own checker (`promtool`, Debian's `prometheus` package) accepts the output.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/promtool")))
    func promtoolAcceptsTheOutput() throws {
        let registry = MetricsRegistry()
        registry.counter("collect_requests_total", help: "Calls answered.", labels: ["method", "code"])
            .labels("/collect.v1.CasesService/GetCase", "CASE_NOT_FOUND").increment()
        registry.histogram("collect_request_duration_seconds", help: "Time per call.", labels: ["method"],
                           bounds: Histogram.latencyMicroseconds, divisor: 1_000_000).labels("/x").observe(420)
        registry.gauge("collect_streams_open", help: "Open streams.").labels().set(1)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/promtool")
        process.arguments = ["check", "metrics"]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = output
        try process.run()
        input.fileHandleForWriting.write(Data(registry.render().utf8))
        try input.fileHandleForWriting.close()
        let said = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "promtool: \(said)")
        #expect(!said.contains("error"), "promtool: \(said)")
    }
}
