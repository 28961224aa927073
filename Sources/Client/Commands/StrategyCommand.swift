import ArgumentParser
import Foundation
import Protocol

/// `collectctl strategy validate | apply | list | show | diff | activate`: a coordinator's strategy
/// files (docs/STRATEGIES.md), checked and stored by the server as versions never edited in place.
struct StrategyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "strategy", abstract: "Strategy files: validate, apply as a new version, list, show, diff, activate from a day.",
        subcommands: [Validate.self, Apply.self, List.self, Show.self, Diff.self, Activate.self, Simulate.self])

    /// Largest file sent (the server's limit is 256 KiB; one byte over it is refused there too).
    static let fileBytesMax = 256 * 1024

    /// The file's name and text; refused unread when larger than the limit or not UTF-8.
    static func read(_ path: String) throws -> (name: String, text: String) {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw UsageFailure("cannot read \(path)") }
        defer { try? handle.close() }
        let data = (try? handle.read(upToCount: fileBytesMax + 1)) ?? Data()
        guard data.count <= fileBytesMax else { throw UsageFailure("\(path) is over \(fileBytesMax / 1024) KiB; a strategy file is smaller") }
        guard let text = String(data: data, encoding: .utf8) else { throw UsageFailure("\(path) is not UTF-8 text") }
        return (URL(fileURLWithPath: path).lastPathComponent, text)
    }

    static func row(_ version: StrategyVersion) -> [String] {
        [String(version.number), version.name, version.version, String(version.segments), version.activeFrom.map { "\($0)" } ?? "-",
         version.appliedBy, Printer.instant(version.appliedAtMs)]
    }

    static let header = ["#", "NAME", "VERSION", "SEGMENTS", "ACTIVE FROM", "APPLIED BY", "APPLIED"]

    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Check a strategy file (nothing is stored); every issue with file:line:column.")
        @OptionGroup var connection: ConnectionOptions
        @Option(name: .shortAndLong, help: "The strategy file (YAML).") var file: String

        func run() throws {
            try perform {
                let (name, text) = try StrategyCommand.read(file)
                let client = try RPCClient(connection)
                let response = try client.call(StrategiesService.validateStrategy, ValidateStrategyRequest(fileName: name, text: text))
                Printer(format: client.settings.output).emit(response) {
                    response.issues.isEmpty
                        ? "\(name): valid — \(response.name) \(response.version), \(response.segments) segments"
                        : response.issues.map { issue in
                            let place = issue.column > 0 ? "\(issue.file):\(issue.line):\(issue.column)" : "\(issue.file):\(issue.line)"
                            return "\(place): \(issue.code)" + (issue.fieldPath.isEmpty ? "" : " (\(issue.fieldPath))") + ": \(issue.message)"
                        }.joined(separator: "\n")
                }
                if !response.issues.isEmpty { throw ExitCode(1) }
            }
        }
    }

    struct Apply: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Store a valid strategy file as a new version (not yet in force: see activate).")
        @OptionGroup var connection: ConnectionOptions
        @Option(name: .shortAndLong, help: "The strategy file (YAML).") var file: String

        func run() throws {
            try perform {
                let (name, text) = try StrategyCommand.read(file)
                let client = try RPCClient(connection)
                let response = try client.call(StrategiesService.applyStrategy, ApplyStrategyRequest(fileName: name, text: text))
                Printer(format: client.settings.output).emit(response) {
                    (response.stored ? "stored as version #\(response.version.number)" : "already stored as version #\(response.version.number); nothing changed")
                        + "\n" + Printer.table(StrategyCommand.header, [StrategyCommand.row(response.version)])
                }
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Every stored version, oldest first.")
        @OptionGroup var connection: ConnectionOptions

        func run() throws {
            try perform {
                let client = try RPCClient(connection)
                let response = try client.call(StrategiesService.listStrategies, ListStrategiesRequest())
                Printer(format: client.settings.output).emit(response) {
                    response.versions.isEmpty ? "no strategy stored yet" : Printer.table(StrategyCommand.header, response.versions.map(StrategyCommand.row))
                }
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "A stored version's file, as applied.")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "The version's number (see list).") var number: UInt64

        func run() throws {
            try perform {
                let client = try RPCClient(connection)
                let response = try client.call(StrategiesService.getStrategy, GetStrategyRequest(number: number))
                Printer(format: client.settings.output).emit(response) {
                    String(response.text.dropLast(response.text.hasSuffix("\n") ? 1 : 0))
                }
            }
        }
    }

    struct Diff: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "What changed between two stored versions, line by line (- first, + second).")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "The earlier version's number.") var first: UInt64
        @Argument(help: "The later version's number.") var second: UInt64

        func run() throws {
            try perform {
                let client = try RPCClient(connection)
                let old = try client.call(StrategiesService.getStrategy, GetStrategyRequest(number: first))
                let new = try client.call(StrategiesService.getStrategy, GetStrategyRequest(number: second))
                let lines = LineDiff.lines(old.text, new.text)
                print(TerminalText.safe(lines.isEmpty ? "#\(first) and #\(second) are the same file" : lines.joined(separator: "\n")))
            }
        }
    }

    struct Activate: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Put a stored version in force from a day (today or later).")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "The version's number (see list).") var number: UInt64
        @Option(name: .customLong("from"), help: "The first day it is in force, YYYY-MM-DD.") var from: String

        func run() throws {
            let request = ActivateStrategyRequest(number: number, activeFrom: try Input.date(from, option: "--from"))
            try perform {
                let client = try RPCClient(connection)
                let response = try client.call(StrategiesService.activateStrategy, request)
                Printer(format: client.settings.output).emit(response) {
                    "version #\(response.version.number) is in force from \(from)\n" + Printer.table(StrategyCommand.header, [StrategyCommand.row(response.version)])
                }
            }
        }
    }
}

extension StrategyCommand {
    struct Simulate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run a strategy file read-only over the book as of a day: cases per segment, arm and step, actions, samples. Nothing is stored; on a large book give a longer --timeout.")
        @OptionGroup var connection: ConnectionOptions
        @Option(name: .shortAndLong, help: "The strategy file (YAML).") var file: String
        @Option(name: .customLong("as-of"), help: "The day, YYYY-MM-DD (today or earlier).") var asOf: String
        @Option(help: "Sample case ids per row (0 to 5).") var samples: UInt32 = 3

        func run() throws {
            try perform {
                let (name, text) = try StrategyCommand.read(file)
                let request = SimulateStrategyRequest(fileName: name, text: text, asOf: try Input.date(asOf, option: "--as-of"), samples: samples)
                let client = try RPCClient(connection)
                let response = try client.call(StrategiesService.simulateStrategy, request)
                Printer(format: client.settings.output).emit(response) {
                    let rows = response.rows.map {
                        [$0.segment, $0.arm, $0.step, String($0.cases), String($0.due), String($0.actions), String($0.held), $0.samples.joined(separator: " ")]
                    }
                    let kinds = response.actionsByKind.map { "\($0.name) \($0.count)" }.joined(separator: ", ")
                    let held = response.heldByCode.map { "\($0.name) \($0.count)" }.joined(separator: ", ")
                    return "\(response.cases) cases as of \(response.asOf); no segment \(response.noSegment), out of scope \(response.outOfScope), nothing overdue \(response.notOverdue)\n"
                        + Printer.table(["SEGMENT", "ARM", "STEP", "CASES", "DUE", "ACTIONS", "HELD", "SAMPLES"], rows)
                        + "\nactions: " + (kinds.isEmpty ? "none" : kinds) + "\nheld: " + (held.isEmpty ? "none" : held)
                        + "\n(\(response.elapsedMs) ms; nothing was stored)"
                }
            }
        }
    }
}

/// A line diff (longest common subsequence): lines only in the first text with `-`, only in the
/// second with `+`, shared ones left out. Files are bounded (256 KiB), so the table is too.
enum LineDiff {
    static func lines(_ first: String, _ second: String) -> [String] {
        let a = first.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let b = second.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var common = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in stride(from: a.count - 1, through: 0, by: -1) {
            for j in stride(from: b.count - 1, through: 0, by: -1) {
                common[i][j] = a[i] == b[j] ? common[i + 1][j + 1] + 1 : max(common[i + 1][j], common[i][j + 1])
            }
        }
        var out: [String] = []
        var (i, j) = (0, 0)
        while i < a.count || j < b.count {
            if i < a.count, j < b.count, a[i] == b[j] {
                i += 1; j += 1
            } else if j < b.count, i == a.count || common[i][j + 1] >= common[i + 1][j] {
                out.append("+ \(b[j])"); j += 1
            } else {
                out.append("- \(a[i])"); i += 1
            }
        }
        return out
    }
}
