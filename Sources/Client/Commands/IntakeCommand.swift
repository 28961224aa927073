import ArgumentParser
import Crypto
import Domain
import Foundation
import Protocol

/// `collectctl intake FILE`: sends the card ledger's account states (docs/INTAKE.md).
struct IntakeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "intake",
        abstract: "Send the card ledger's account states (a CSV file) to open, update, cure and reopen cases.",
        discussion: """
            The whole file is checked first: a record that would be refused is printed as FILE:LINE: CODE \
            (field): message, the command exits 13 and nothing is sent. Then the states go in batches of \
            at most 500 (a customer's accounts together), each with a batch id made of the file's SHA-256 \
            and the batch's number: running the same file again applies nothing twice, and a run that \
            stopped midway is finished by running it again. The columns are listed in docs/INTAKE.md. \
            Needs a token with the automation role.
            """)
    @OptionGroup var connection: ConnectionOptions
    @Argument(help: "The CSV file.") var file: String
    @ArgumentParser.Flag(help: "--delta (the default): the file holds the states that changed. --full: the ledger's whole book; accounts absent from it are left as they are (docs/INTAKE.md, \"Full feeds\").")
    var kind: FeedKind = .delta
    @Option(name: .customLong("batch-id"), help: "Prefix of the batch ids instead of the one made from the file's SHA-256.")
    var batchID: String?

    enum FeedKind: String, EnumerableFlag {
        case full, delta
    }

    /// Today in `country` by this machine's clock (the server checks again by its own).
    static func today(_ country: Domain.Country) -> Day {
        country.localDateTime(unixSeconds: Int64(Date().timeIntervalSince1970)).day
    }

    func run() throws {
        try perform {
            guard let data = FileManager.default.contents(atPath: file) else { throw UsageFailure("cannot read \(file)") }
            if let prefix = batchID {
                guard !prefix.isEmpty, prefix.utf8.count <= 100, prefix.utf8.allSatisfy({ $0 >= 0x21 && $0 <= 0x7E }) else {
                    throw UsageFailure("--batch-id is 1 to 100 printable ASCII characters without spaces")
                }
            }
            // A spreadsheet's UTF-8 export may start with a byte-order mark: not part of the header.
            let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
            let body = data.starts(with: bom) ? data.dropFirst(bom.count) : data[...]
            guard let text = String(data: body, encoding: .utf8) else {
                Self.report([IntakeFile.Problem(line: 1, code: "INTAKE_FILE_ENCODING", field: "", message: "the file is not UTF-8 text")], file: file)
                throw ExitCode(13)
            }
            let parsed = IntakeFile(text: text, today: Self.today)
            guard parsed.problems.isEmpty else {
                Self.report(parsed.problems, file: file)
                throw ExitCode(13)
            }
            let prefix = batchID ?? "ledger-" + Digest.hex(Digest.sha256(Array(data)))
            let batches = parsed.batches(limit: IntakeLimits.statesPerBatchMax)
            let client = try RPCClient(connection)
            var total = SubmitAccountStatesResponse(batchId: prefix)
            var replayed = 0
            for (number, batch) in batches.enumerated() {
                let request = SubmitAccountStatesRequest(batchId: "\(prefix)-\(number + 1)", states: batch.map { Self.message($0.state) })
                let response: SubmitAccountStatesResponse
                do {
                    response = try client.call(IntakeService.submitAccountStates, request)
                } catch let failure as CallFailure {
                    let stoppedAt = "batch \(number + 1) of \(batches.count) not applied; the batches before it are, none after it was sent: "
                        + "run the same file again to finish (applied batches answer as before)\n"
                    guard failure.code == "INTAKE_ROWS_INVALID" else {
                        if number > 0 { FileHandle.standardError.write(Data(stoppedAt.utf8)) }
                        throw failure
                    }
                    // The book refused states the file's own checks passed (an account of another customer).
                    Self.report(Self.problems(failure, batch: batch), file: file, sent: true)
                    FileHandle.standardError.write(Data(stoppedAt.utf8))
                    throw ExitCode(failure.exitCode)
                }
                if response.replayed { replayed += 1 }
                total.states += response.states
                total.casesOpened += response.casesOpened
                total.accountsAdded += response.accountsAdded
                total.accountsUpdated += response.accountsUpdated
                total.accountsUnchanged += response.accountsUnchanged
                total.notInCollections += response.notInCollections
                total.casesCured += response.casesCured
                total.casesReopened += response.casesReopened
                total.customersUpdated += response.customersUpdated
                total.openedCaseIds += response.openedCaseIds
            }
            total.replayed = !batches.isEmpty && replayed == batches.count
            Printer(format: client.settings.output).emit(total) {
                Printer.table(["STATES", "BATCHES", "REPLAYED", "OPENED", "ADDED", "UPDATED", "UNCHANGED", "NOT IN COLLECTIONS", "CURED", "REOPENED",
                               "CUSTOMERS UPDATED"],
                              [[String(total.states), String(batches.count), String(replayed), String(total.casesOpened), String(total.accountsAdded),
                                String(total.accountsUpdated), String(total.accountsUnchanged), String(total.notInCollections), String(total.casesCured),
                                String(total.casesReopened), String(total.customersUpdated)]])
                    + (kind == .full ? "\nfull feed: accounts absent from the file are left as they are (docs/INTAKE.md)" : "")
            }
        }
    }

    /// Each problem as `FILE:LINE: CODE (field): message` on standard error.
    static func report(_ problems: [IntakeFile.Problem], file: String, sent: Bool = false) {
        let lines = problems.map { "\(file):\($0.line): \($0)" }
        FileHandle.standardError.write(Data((TerminalText.safe(lines.joined(separator: "\n")) + "\n"
            + "\(Set(problems.map(\.line)).count) records refused" + (sent ? " by the server\n" : "; nothing sent\n")).utf8))
    }

    /// The server's refused states (`index CODE (field): message` facts) at their file lines.
    static func problems(_ failure: CallFailure, batch: [IntakeFile.Row]) -> [IntakeFile.Problem] {
        failure.facts.filter { $0.key == "state" }.map { fact in
            // `index CODE (field): message`
            let parts = fact.value.split(separator: " ", maxSplits: 2).map(String.init)
            let index = parts.first.flatMap { Int($0) } ?? -1
            let line = batch.indices.contains(index) ? batch[index].line : 0
            guard parts.count == 3, parts[2].hasPrefix("("), let close = parts[2].range(of: "): ") else {
                return IntakeFile.Problem(line: line, code: failure.code, field: "", message: fact.value)
            }
            return IntakeFile.Problem(line: line, code: parts[1], field: String(parts[2][parts[2].index(after: parts[2].startIndex)..<close.lowerBound]),
                                      message: String(parts[2][close.upperBound...]))
        }
    }

    /// A ledger state as the wire's.
    static func message(_ state: LedgerAccountState) -> AccountState {
        let currency = Protocol.Currency(name: state.country.currency.rawValue) ?? .unspecified
        let money = { (amount: Domain.Money) in Protocol.Money(minorUnits: amount.minorUnits, currency: currency) }
        return AccountState(
            country: Protocol.Country(name: state.country.rawValue) ?? .unspecified, nationalId: state.nationalID, fullName: state.fullName,
            language: Protocol.Language(name: state.language) ?? .unspecified, phone: state.phone, email: state.email,
            addressLine: state.addressLine, postalCode: state.postalCode, city: state.city, accountNumber: state.accountNumber,
            product: state.product, balance: money(state.balance), overdue: money(state.overdue),
            oldestUnpaidDueDate: state.oldestUnpaidDue.flatMap { CalendarDate(daysSinceEpoch: Int32($0.daysSinceEpoch)) },
            creditLimit: money(state.creditLimit), directDebitMandate: state.directDebitMandate)
    }
}
