import ArgumentParser
import Protocol

struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "audit", abstract: "Read the audit log (auditors and admins).",
                                                    subcommands: [List.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Audit rows, oldest first.")
        @OptionGroup var connection: ConnectionOptions
        @Option(help: "case, plan, account or token.") var entity: String?
        @Option(help: "The entity's id.") var id: String?
        @Option(name: .customLong("page-size"), help: "Rows per page (at most 200).") var pageSize: UInt32 = 50
        @Option(help: "next_cursor of the previous page.") var cursor: String?

        func run() throws {
            try perform {
                let client = try RPCClient(connection)
                let response = try client.call(SystemService.listAudit, ListAuditRequest(
                    entity: entity ?? "", entityId: id ?? "", page: PageRequest(pageSize: pageSize, cursor: cursor ?? "")))
                Printer(format: client.settings.output).emit(response) {
                    Printer.table(["#", "WHEN", "ACTOR", "ACTION", "ENTITY", "VERSIONS", "DETAIL"], response.rows.map {
                        [String($0.sequence), Printer.instant($0.atMs), $0.actor, $0.action, "\($0.entity) \($0.entityId)",
                         "\($0.versionBefore.map(String.init) ?? "-")→\($0.versionAfter.map(String.init) ?? "-")", $0.detail]
                    }) + (response.nextCursor.isEmpty ? "" : "\nmore: --cursor \(response.nextCursor)")
                }
            }
        }
    }
}
