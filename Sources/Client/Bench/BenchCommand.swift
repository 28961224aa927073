import ArgumentParser
import Foundation
import Protocol
import Transport

/// `collectctl bench`: load on a real TLS HTTP/2 server — N connections × M concurrent streams,
/// for a duration or a request count, warm-up excluded, latencies in an HDR histogram.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Drive load: get-case, search, create-plan, record-payment, health or a weighted mix.",
        discussion: "Only run it against your own server (127.0.0.1 in tests). The mix is e.g. get-case=90,record-payment=10.")

    @OptionGroup var connection: ConnectionOptions
    @Argument(help: "get-case, search, create-plan, record-payment, health (the transport alone, as a reference) or mix.") var workload: String = "get-case"
    @Option(help: "Connections.") var connections = 16
    @Option(help: "Concurrent streams per connection.") var streams = 32
    @Option(help: "Seconds of measured load (after the warm-up).") var duration = 10
    @Option(help: "Stop after this many measured requests instead of a duration.") var requests: Int?
    @Option(help: "Seconds of warm-up, not measured.") var warmup = 2
    @Option(help: "Requests per second to pace at (default: as fast as the streams allow).") var rate: Int?
    @Option(help: "Cases are C-0000001 … C-<cases>.") var cases = 10_000
    @Option(help: "Weights for mix, e.g. get-case=90,record-payment=10.") var mix = "get-case=90,record-payment=10"
    @Option(name: .customLong("client-threads"), help: "Client event-loop threads.") var clientThreads = 2
    @Option(name: .customLong("ack-log"), help: "Append every acknowledged mutation (`payment PM-… version`) to this file.") var ackLog: String?

    func validate() throws {
        guard (1...1_024).contains(connections), (1...1_000).contains(streams) else {
            throw ValidationError("--connections is 1…1024 and --streams 1…1000")
        }
        guard (1...3_600).contains(duration), (0...600).contains(warmup) else { throw ValidationError("--duration is 1…3600 s, --warmup 0…600 s") }
        guard cases >= 1 else { throw ValidationError("--cases is at least 1") }
        guard (1...8).contains(clientThreads) else { throw ValidationError("--client-threads is 1…8") }
        if let rate { guard rate >= 1 else { throw ValidationError("--rate is at least 1") } }
        if let requests { guard requests >= 1 else { throw ValidationError("--requests is at least 1") } }
        _ = try weights()
    }

    func weights() throws -> [(Workload, Int)] {
        if workload != "mix" {
            guard let single = Workload(rawValue: workload) else {
                throw ValidationError("workload is get-case, search, create-plan, record-payment, health or mix")
            }
            return [(single, 1)]
        }
        return try mix.split(separator: ",").map { part in
            let pieces = part.split(separator: "=")
            guard pieces.count == 2, let kind = Workload(rawValue: String(pieces[0])), let weight = Int(pieces[1]), weight > 0 else {
                throw ValidationError("--mix \"\(mix)\": expected name=weight pairs, e.g. get-case=90,record-payment=10")
            }
            return (kind, weight)
        }
    }

    func run() throws {
        let settings = try connection.resolved()
        let plan = try weights()
        let run = try LoadRun(settings: settings, connections: connections, streams: streams, clientThreads: clientThreads,
                              cases: cases, weights: plan)
        if let ackLog {
            if !FileManager.default.fileExists(atPath: ackLog) { FileManager.default.createFile(atPath: ackLog, contents: nil) }
            guard let handle = FileHandle(forWritingAtPath: ackLog) else { throw ValidationError("--ack-log: cannot write \(ackLog)") }
            handle.seekToEndOfFile()
            run.acknowledgements = handle
        }
        try run.prepare()
        let report = run.execute(warmupSeconds: warmup, durationSeconds: duration, requestLimit: requests, rate: rate)
        switch settings.output {
        case .json: print(report.json)
        case .table: print(report.text)
        }
        if report.errors > 0 { throw ExitCode(1) }
    }
}

/// A kind of request the load tool makes.
enum Workload: String, CaseIterable {
    case getCase = "get-case"
    case search
    case createPlan = "create-plan"
    case recordPayment = "record-payment"
    /// The standard gRPC health check: no database, no authentication. The same load on it
    /// measures what the transport, the load tool and the machine cost on their own.
    case health
}
