import ArgumentParser
import Protocol

/// `collectctl metrics`: the server's metrics in Prometheus' text format, through
/// `System.GetMetrics` (admins, auditors and coordinators), for a look without a Prometheus.
struct MetricsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "metrics",
        abstract: "The server's metrics in Prometheus' text format (admins, auditors and coordinators).")
    @OptionGroup var connection: ConnectionOptions

    func run() throws {
        try perform {
            let client = try RPCClient(connection)
            let response = try client.call(SystemService.getMetrics, GetMetricsRequest())
            Printer(format: client.settings.output).emit(response) {
                // The text ends with a newline already; print adds one.
                String(response.text.dropLast(response.text.hasSuffix("\n") ? 1 : 0))
            }
        }
    }
}
