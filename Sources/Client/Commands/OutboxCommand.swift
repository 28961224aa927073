import ArgumentParser
import Protocol

/// `collectctl outbox list`: the contact actions, handler tasks and reminder fees the daily cycle
/// decided and that wait for delivery, by the earliest time the contact rules allow.
struct OutboxCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "outbox", abstract: "The actions the daily cycle decided, pending delivery.",
                                                    subcommands: [List.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Pending actions by earliest allowed time (times in Swedish local time, as every list).")
        @OptionGroup var connection: ConnectionOptions
        @Option(help: "SE, NO or DK (default: every country of the token).") var country: String?
        @Option(name: .customLong("case"), help: "Only this case's actions.") var caseID: String?
        @Option(help: "sms, email, dialer, letter, handler-task or reminder-fee.") var kind: String?
        @Option(help: "Actions allowed from this instant on, e.g. 2026-12-07T00:00+01:00.") var from: String?
        @Option(help: "Actions allowed from before this instant.") var before: String?
        @Option(name: .customLong("page-size"), help: "Actions per page (at most 200).") var pageSize: UInt32 = 50
        @Option(help: "next_cursor of the previous page.") var cursor: String?

        func run() throws {
            var request = ListOutboxRequest(page: PageRequest(pageSize: pageSize, cursor: cursor ?? ""))
            if let country {
                request.country = try Input.choice(country, option: "--country", known: Country.allKnown.filter { $0 != .unspecified }, name: \.name,
                                                   parse: Country.init(name:))
            }
            if let kind {
                request.kind = try Input.choice(kind.uppercased().replacingOccurrences(of: "-", with: "_"), option: "--kind",
                                                known: OutboxKind.allKnown.filter { $0 != .unspecified }, name: \.name, parse: OutboxKind.init(name:))
            }
            request.caseId = caseID ?? ""
            if let from { request.fromMs = try Input.instant(from, option: "--from") }
            if let before { request.beforeMs = try Input.instant(before, option: "--before") }
            try perform {
                let client = try RPCClient(connection)
                let response = try client.call(AutomationService.listOutbox, request)
                Printer(format: client.settings.output).emit(response) {
                    (response.actions.isEmpty ? "no pending actions"
                        : Printer.table(["CASE", "KIND", "TEMPLATE", "LANG", "DECIDED", "EARLIEST", "LATEST", "FEE"], response.actions.map {
                            [$0.caseId, Printer.lower($0.kind.name), $0.template, $0.language, $0.decidedOn.description,
                             Printer.instant($0.earliestMs), Printer.instant($0.latestMs), $0.fee.map(Printer.money) ?? "-"]
                        }))
                        + (response.nextCursor.isEmpty ? "" : "\nmore: --cursor \(response.nextCursor)")
                }
            }
        }
    }
}
