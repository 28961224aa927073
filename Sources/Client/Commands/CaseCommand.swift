import ArgumentParser
import Protocol

struct CaseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "case", abstract: "Look up, search and annotate cases.",
        subcommands: [Show.self, Search.self, Note.self, Notes.self, Contact.self, FlagAction.self])

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The whole customer picture of a case.")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "Case id (or use --customer, --account, --national-id).") var caseID: String?
        @Option(help: "Customer id.") var customer: String?
        @Option(help: "Account number.") var account: String?
        @Option(name: .customLong("national-id"), help: "National ID number (handlers only).") var nationalID: String?

        func validate() throws {
            let given = [caseID, customer, account, nationalID].compactMap { $0 }
            guard given.count == 1 else { throw ValidationError("give exactly one of a case id, --customer, --account, --national-id") }
        }

        func run() throws {
            try perform {
                let client = try RPCClient(connection)
                let response = try client.call(CasesService.getCase, GetCaseRequest(
                    caseId: caseID ?? "", customerId: customer ?? "", accountNumber: account ?? "", nationalId: nationalID ?? ""))
                Printer(format: client.settings.output).emit(response) { Printer.caseView(response.view) }
            }
        }
    }

    struct Search: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Cases matching filters, one page at a time.")
        @OptionGroup var connection: ConnectionOptions
        @Option(help: "SE, NO or DK.") var country: String?
        @Option(help: "current, 1-29, 30-59, 60-89 or 90+.") var bucket: String?
        @Option(name: .customLong("min-dpd"), help: "Least days past due.") var minDPD: UInt32?
        @Option(name: .customLong("max-dpd"), help: "Most days past due.") var maxDPD: UInt32?
        @Option(help: "open, in_plan, paused or closed.") var status: String?
        @Option(help: "Cases carrying this flag (repeatable).") var flag: [String] = []
        @Option(name: .customLong("has-plan"), help: "yes or no.") var hasPlan: String?
        @Option(help: "Assigned handler.") var handler: String?
        @Option(help: "Start of a name or surname, phone (any usual form) or e-mail.") var text: String?
        @Option(name: .customLong("page-size"), help: "Cases per page (at most 200).") var pageSize: UInt32 = 50
        @Option(help: "next_cursor of the previous page.") var cursor: String?

        func run() throws {
            var request = SearchCasesRequest(bucket: bucket ?? "", minDaysPastDue: minDPD, maxDaysPastDue: maxDPD, assignedHandler: handler ?? "",
                                             text: text ?? "", page: PageRequest(pageSize: pageSize, cursor: cursor ?? ""))
            if let country {
                request.country = try Input.choice(country, option: "--country", known: Country.allKnown, name: \.name, parse: Country.init(name:))
            }
            if let status {
                request.status = try Input.choice(status, option: "--status", known: CaseStatus.allKnown, name: \.name, parse: CaseStatus.init(name:))
            }
            request.flags = try flag.map { try Input.choice($0, option: "--flag", known: FlagKind.allKnown, name: \.name, parse: FlagKind.init(name:)) }
            if let hasPlan {
                guard ["yes", "no"].contains(hasPlan) else { throw ValidationError("--has-plan is yes or no") }
                request.hasActivePlan = hasPlan == "yes"
            }
            try perform {
                let client = try RPCClient(connection)
                let response = try client.call(CasesService.searchCases, request)
                Printer(format: client.settings.output).emit(response) {
                    Printer.table(["CASE", "CUSTOMER", "COUNTRY", "STATUS", "DPD", "BUCKET", "OVERDUE", "PLAN", "HANDLER"], response.cases.map {
                        [$0.caseId, $0.customerName, $0.country.name, Printer.lower($0.status.name), String($0.daysPastDue), $0.bucket,
                         Printer.money($0.totalOverdue), $0.hasActivePlan ? "yes" : "no", $0.assignedHandler]
                    }) + (response.nextCursor.isEmpty ? "" : "\nmore: --cursor \(response.nextCursor)")
                }
            }
        }
    }

    /// The version to send: the one given, or the case's current one.
    static func version(_ given: UInt64?, caseID: String, client: RPCClient) throws -> UInt64 {
        if let given { return given }
        return try client.call(CasesService.getCase, GetCaseRequest(caseId: caseID)).view.summary.version
    }

    struct Note: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a note to a case.")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "Case id.") var caseID: String
        @Argument(help: "The note.") var text: String
        @Option(name: .customLong("expected-version"), help: "Case version you read; the current one when left out.") var expectedVersion: UInt64?

        func run() throws {
            try perform {
                let client = try RPCClient(connection)
                let version = try CaseCommand.version(expectedVersion, caseID: caseID, client: client)
                let response = try client.call(CasesService.addNote, AddNoteRequest(caseId: caseID, text: text, expectedVersion: version))
                Printer(format: client.settings.output).emit(response) { "note \(response.note.noteId) added; case \(caseID) is at version \(response.caseVersion)" }
            }
        }
    }

    struct Notes: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Every note of a case, newest first, a page at a time (case show has the latest 20).")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "Case id.") var caseID: String
        @Option(name: .customLong("page-size"), help: "Notes per page (at most 200).") var pageSize: UInt32 = 50
        @Option(help: "next_cursor of the previous page.") var cursor: String?

        func run() throws {
            try perform {
                let client = try RPCClient(connection)
                let response = try client.call(CasesService.listNotes, ListNotesRequest(caseId: caseID, page: PageRequest(pageSize: pageSize, cursor: cursor ?? "")))
                Printer(format: client.settings.output).emit(response) {
                    Printer.notes(response.notes) + (response.nextCursor.isEmpty ? "" : "\nmore: --cursor \(response.nextCursor)")
                }
            }
        }
    }

    struct Contact: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Record a contact and its outcome.")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "Case id.") var caseID: String
        @Option(help: "phone, sms, email, letter or dialer.") var channel: String
        @Option(help: "outbound or inbound.") var direction: String = "outbound"
        @Option(help: "right_party_contact, no_answer, wrong_party, promise_made, refused, message_left, delivered, failed, callback_requested.") var outcome: String
        @Option(help: "What was said.") var summary: String = ""
        @Option(help: "When it happened, with its offset (2026-12-02T08:30+01:00); now when left out.") var at: String?
        @Option(name: .customLong("expected-version"), help: "Case version you read; the current one when left out.") var expectedVersion: UInt64?

        func run() throws {
            let occurredAtMs = try at.map { try Input.instant($0, option: "--at") }
            var request = RecordContactRequest(
                caseId: caseID,
                channel: try Input.choice(channel, option: "--channel", known: ContactChannel.allKnown, name: \.name, parse: ContactChannel.init(name:)),
                direction: try Input.choice(direction, option: "--direction", known: ContactDirection.allKnown, name: \.name, parse: ContactDirection.init(name:)),
                outcome: try Input.choice(outcome, option: "--outcome", known: ContactOutcome.allKnown, name: \.name, parse: ContactOutcome.init(name:)),
                summary: summary)
            request.occurredAtMs = occurredAtMs
            try perform {
                let client = try RPCClient(connection)
                var versioned = request
                versioned.expectedVersion = try CaseCommand.version(expectedVersion, caseID: caseID, client: client)
                let response = try client.call(CasesService.recordContact, versioned)
                Printer(format: client.settings.output).emit(response) { "contact \(response.contact.contactId) recorded; case \(caseID) is at version \(response.caseVersion)" }
            }
        }
    }

    struct FlagAction: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "flag", abstract: "Set or clear a flag: vulnerable, dispute, hardship_pause, call_opt_out.")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "set or clear.") var action: String
        @Argument(help: "Case id.") var caseID: String
        @Argument(help: "Flag kind.") var kind: String
        @Option(help: "Why.") var reason: String
        @Option(help: "Last day of a hardship pause (YYYY-MM-DD).") var until: String?
        @Option(name: .customLong("expected-version"), help: "Case version you read; the current one when left out.") var expectedVersion: UInt64?

        func validate() throws {
            guard ["set", "clear"].contains(action) else { throw ValidationError("the action is set or clear") }
        }

        func run() throws {
            let flagKind = try Input.choice(kind, option: "kind", known: FlagKind.allKnown, name: \.name, parse: FlagKind.init(name:))
            let untilDate = try until.map { try Input.date($0, option: "--until") }
            try perform {
                let client = try RPCClient(connection)
                let version = try CaseCommand.version(expectedVersion, caseID: caseID, client: client)
                let response = action == "set"
                    ? try client.call(CasesService.setFlag, SetFlagRequest(caseId: caseID, kind: flagKind, until: untilDate, reason: reason, expectedVersion: version))
                    : try client.call(CasesService.clearFlag, ClearFlagRequest(caseId: caseID, kind: flagKind, reason: reason, expectedVersion: version))
                Printer(format: client.settings.output).emit(response) {
                    "case \(caseID) is \(Printer.lower(response.status.name)) at version \(response.caseVersion); flags: "
                        + (response.flags.isEmpty ? "none" : response.flags.map { Printer.lower($0.kind.name) }.joined(separator: ", "))
                }
            }
        }
    }
}
