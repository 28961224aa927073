import ArgumentParser
import Protocol

struct PaymentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "payment", abstract: "Record and list payments, import payment files, work the unmatched list.",
                                                    subcommands: [Record.self, List.self, PaymentImportCommand.self, UnmatchedCommand.self])

    struct Record: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Record an incoming payment; it goes to the oldest open installment first.")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "Account number.") var account: String
        // Unconditional: `--amount -5` is an amount (refused as negative), not a missing value.
        @Option(parsing: .unconditional, help: "Amount, e.g. 1500 or 1 500,00.") var amount: String
        @Option(help: "Currency: SEK, NOK or DKK.") var currency: String
        @Option(help: "Day paid, YYYY-MM-DD.") var date: String
        @Option(help: "OCR/KID reference.") var reference: String = ""
        @Option(help: "bankgiro, autogiro, kid, avtalegiro, betalingsservice, card, bank_transfer or manual.") var source: String = "manual"

        func run() throws {
            let money = try Input.money(amount, currency: try Input.choice(currency, option: "--currency", known: Currency.allKnown, name: \.name,
                                                                          parse: Currency.init(name:)), option: "--amount")
            let paymentSource = try Input.choice(source, option: "--source", known: PaymentSource.allKnown, name: \.name, parse: PaymentSource.init(name:))
            try Input.reference(reference, source: paymentSource)
            let request = RecordPaymentRequest(accountNumber: account, amount: money, paidOn: try Input.date(date, option: "--date"), reference: reference,
                                               source: paymentSource)
            try perform {
                let client = try RPCClient(connection)
                let response = try client.call(PaymentsService.recordPayment, request)
                Printer(format: client.settings.output).emit(response) {
                    Printer.payments([response.payment]) + response.plans.map { "\n" + Printer.planHeader($0) }.joined()
                }
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Payments of an account or a case, newest first.")
        @OptionGroup var connection: ConnectionOptions
        @Option(help: "Account number.") var account: String?
        @Option(name: .customLong("case"), help: "Case id.") var caseID: String?
        @Option(name: .customLong("page-size"), help: "Payments per page (at most 100).") var pageSize: UInt32 = 50
        @Option(help: "next_cursor of the previous page.") var cursor: String?

        func validate() throws {
            guard (account == nil) != (caseID == nil) else { throw ValidationError("give exactly one of --account and --case") }
        }

        func run() throws {
            try perform {
                let client = try RPCClient(connection)
                let response = try client.call(PaymentsService.listPayments, ListPaymentsRequest(
                    accountNumber: account ?? "", caseId: caseID ?? "", page: PageRequest(pageSize: pageSize, cursor: cursor ?? "")))
                Printer(format: client.settings.output).emit(response) {
                    Printer.payments(response.payments) + (response.nextCursor.isEmpty ? "" : "\nmore: --cursor \(response.nextCursor)")
                }
            }
        }
    }
}
