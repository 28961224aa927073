import ArgumentParser
import Foundation
import Protocol

/// `collectctl payment import FILE`: sends a bank's payment file to the server, which checks it
/// as a whole and applies it (docs/PAYMENT-FILES.md).
struct PaymentImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import a bank's payment file (BgMax, Nets OCR giro, Betalingsservice 0602).",
        discussion: """
            The file is sent as it is (at most 1 MiB, the wire's limit for one value); larger files go \
            into the server's payment inbox (collect-server serve --payment-inbox DIR). A file that \
            fails its checks is refused with line, field and reason and nothing is applied; importing \
            the same file again applies nothing twice.
            """)
    @OptionGroup var connection: ConnectionOptions
    @Argument(help: "The payment file.") var file: String

    /// The largest file sent in one call: the wire's limit for one bytes value.
    static let fileBytesMax = 1_048_576

    func run() throws {
        try perform {
            let size = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? NSNumber)?.intValue
            guard let size else { throw UsageFailure("cannot read \(file)") }
            guard size <= Self.fileBytesMax else {
                throw UsageFailure("\(file) is \(size) bytes, more than the \(Self.fileBytesMax) one call carries: put it in the server's payment inbox")
            }
            guard let data = FileManager.default.contents(atPath: file), data.count <= Self.fileBytesMax else {
                throw UsageFailure("cannot read \(file)")
            }
            let client = try RPCClient(connection)
            let response = try client.call(PaymentFilesService.importPaymentFile,
                                           ImportPaymentFileRequest(fileName: (file as NSString).lastPathComponent, content: Array(data)))
            Printer(format: client.settings.output).emit(response) {
                Printer.table(["IMPORT", "FORMAT", "BANK FILE", "PAYMENTS", "MATCHED", "UNMATCHED", "SKIPPED", "TOTAL"],
                              [[response.importId, response.format, response.bankFileId, String(response.payments), String(response.matched),
                                String(response.unmatched), String(response.skipped), Printer.money(response.total)]])
            }
        }
    }
}

/// `collectctl payment unmatched list|match|refund`: the payments no account matched.
struct UnmatchedCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "unmatched", abstract: "Work the list of payments no account matched.",
                                                    subcommands: [List.self, Match.self, Refund.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Unmatched payments, oldest first.")
        @OptionGroup var connection: ConnectionOptions
        @Option(help: "open, matched, refunded or all.") var status: String = "open"
        @Option(name: .customLong("page-size"), help: "Entries per page (at most 100).") var pageSize: UInt32 = 50
        @Option(help: "next_cursor of the previous page.") var cursor: String?
        @ArgumentParser.Flag(help: "Show each entry's record(s) as the file had them.") var raw = false

        func run() throws {
            try perform {
                let client = try RPCClient(connection)
                let response = try client.call(PaymentFilesService.listUnmatchedPayments,
                                               ListUnmatchedPaymentsRequest(status: status.uppercased(), page: PageRequest(pageSize: pageSize, cursor: cursor ?? "")))
                Printer(format: client.settings.output).emit(response) {
                    Printer.table(["UNMATCHED", "VERSION", "PAID ON", "AMOUNT", "KIND", "REFERENCE", "REASON", "STATUS", "IMPORT"], response.payments.map {
                        [$0.unmatchedId, String($0.version), $0.paidOn.description, Printer.money($0.amount), Printer.lower($0.kind),
                         $0.reference.isEmpty ? "-" : $0.reference, $0.reason, Printer.lower($0.status) + ($0.resolution.isEmpty ? "" : " \($0.resolution)"),
                         $0.importId]
                    }) + (raw ? response.payments.map { "\n\($0.unmatchedId):\n\($0.raw)" }.joined() : "")
                        + (response.nextCursor.isEmpty ? "" : "\nmore: --cursor \(response.nextCursor)")
                }
            }
        }
    }

    struct Match: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Apply an unmatched payment to an account, as of the bank's payment date.")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "Unmatched payment id (UM-…).") var unmatched: String
        @Option(help: "Account number to apply it to.") var account: String
        @Option(name: .customLong("expected-version"), help: "The entry's version as listed.") var expectedVersion: UInt64

        func run() throws {
            try perform {
                let client = try RPCClient(connection)
                let response = try client.call(PaymentFilesService.matchUnmatchedPayment,
                                               MatchUnmatchedPaymentRequest(unmatchedId: unmatched, accountNumber: account, expectedVersion: expectedVersion))
                Printer(format: client.settings.output).emit(response) {
                    "\(response.unmatched.unmatchedId) matched\n" + Printer.payments([response.payment])
                }
            }
        }
    }

    struct Refund: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Mark an unmatched payment to be paid back to the payer (done in the bank).")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "Unmatched payment id (UM-…).") var unmatched: String
        @Option(help: "Why it is paid back.") var reason: String
        @Option(name: .customLong("expected-version"), help: "The entry's version as listed.") var expectedVersion: UInt64

        func run() throws {
            try perform {
                let client = try RPCClient(connection)
                let response = try client.call(PaymentFilesService.refundUnmatchedPayment,
                                               RefundUnmatchedPaymentRequest(unmatchedId: unmatched, reason: reason, expectedVersion: expectedVersion))
                Printer(format: client.settings.output).emit(response) { "\(response.unmatched.unmatchedId) refunded: \(response.unmatched.resolution)" }
            }
        }
    }
}
