import ArgumentParser
import Protocol

/// Terms typed on the command line: computed (total, count, frequency, first due date) or explicit
/// (`--installment 2026-12-27=1500`, repeated).
struct TermsOptions: ParsableArguments {
    @Option(parsing: .unconditional, help: "Agreed total, e.g. 6000 or 6 000,00 (in the case's currency).") var total: String?
    @Option(help: "Number of installments (1 makes a promise to pay).") var count: UInt32?
    @Option(help: "weekly, biweekly or monthly.") var frequency: String = "monthly"
    @Option(name: .customLong("first-due"), help: "First due date, YYYY-MM-DD.") var firstDue: String?
    @Option(name: .customLong("installment"), help: "An explicit installment DATE=AMOUNT (repeatable); replaces --count/--first-due.") var installments: [String] = []

    func terms(currency: Currency) throws -> PlanTerms {
        guard let total else { throw ValidationError("--total is required") }
        let totalMoney = try Input.money(total, currency: currency, option: "--total")
        if !installments.isEmpty {
            let explicit = try installments.map { item -> ExplicitInstallment in
                let parts = item.split(separator: "=", maxSplits: 1).map(String.init)
                guard parts.count == 2 else { throw ValidationError("--installment \"\(item)\": expected DATE=AMOUNT, e.g. 2026-12-27=1500") }
                return ExplicitInstallment(dueDate: try Input.date(parts[0], option: "--installment"),
                                           amount: try Input.money(parts[1], currency: currency, option: "--installment"))
            }
            return PlanTerms(total: totalMoney, explicitInstallments: explicit)
        }
        guard let count else { throw ValidationError("--count is required (or give --installment DATE=AMOUNT)") }
        guard let firstDue else { throw ValidationError("--first-due is required (YYYY-MM-DD)") }
        return PlanTerms(total: totalMoney, installmentCount: count,
                         frequency: try Input.choice(frequency, option: "--frequency", known: PlanFrequency.allKnown, name: \.name, parse: PlanFrequency.init(name:)),
                         firstDueDate: try Input.date(firstDue, option: "--first-due"))
    }
}

struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan", abstract: "Preview, agree, change and cancel payment plans and promises to pay.",
        subcommands: [Preview.self, Create.self, Amend.self, Cancel.self, Show.self, List.self])

    /// The case's currency and version, read once.
    static func caseFacts(_ caseID: String, client: RPCClient) throws -> (currency: Currency, version: UInt64) {
        let summary = try client.call(CasesService.getCase, GetCaseRequest(caseId: caseID)).view.summary
        return (Input.currency(of: summary.country), summary.version)
    }

    struct Preview: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Compute and check a schedule; changes nothing.")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "Case id.") var caseID: String
        @OptionGroup var terms: TermsOptions

        func run() throws {
            try perform {
                let client = try RPCClient(connection)
                let facts = try PlanCommand.caseFacts(caseID, client: client)
                let response = try client.call(PlansService.previewPlan, PreviewPlanRequest(caseId: caseID, terms: try terms.terms(currency: facts.currency)))
                Printer(format: client.settings.output).emit(response) {
                    Printer.installments(Plan(installments: response.installments))
                        + (response.problems.isEmpty ? "\nacceptable as a \(Printer.lower(response.kind.name))"
                           : "\n" + response.problems.map { "problem: \($0.code) at \($0.fieldPath): \($0.message)" }.joined(separator: "\n"))
                }
                // Scripts learn from the exit code too: create would refuse these terms (13).
                if !response.problems.isEmpty { throw ExitCode(10 + Int32(GRPCStatusCode.invalidArgument.rawValue)) }
            }
        }
    }

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Agree a plan (or a promise to pay with --count 1).")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "Case id.") var caseID: String
        @OptionGroup var terms: TermsOptions
        @Option(name: .customLong("expected-version"), help: "Case version you read; the current one when left out.") var expectedVersion: UInt64?

        func run() throws {
            try perform {
                let client = try RPCClient(connection)
                let facts = try PlanCommand.caseFacts(caseID, client: client)
                let response = try client.call(PlansService.createPlan, CreatePlanRequest(
                    caseId: caseID, terms: try terms.terms(currency: facts.currency), expectedCaseVersion: expectedVersion ?? facts.version))
                Printer(format: client.settings.output).emit(response) {
                    Printer.planHeader(response.plan) + "\n" + Printer.installments(response.plan) + "\ncase \(caseID) is at version \(response.caseVersion)"
                }
            }
        }
    }

    struct Amend: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Replace an active plan's schedule (the earlier version is kept).")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "Plan id (any letter case).", transform: { $0.uppercased() }) var planID: String
        @OptionGroup var terms: TermsOptions
        @Option(name: .customLong("expected-version"), help: "Plan version you read.") var expectedVersion: UInt64
        @Option(help: "Why.") var reason: String

        func run() throws {
            try perform {
                let client = try RPCClient(connection)
                let plan = try client.call(PlansService.getPlan, GetPlanRequest(planId: planID)).plan
                let response = try client.call(PlansService.amendPlan, AmendPlanRequest(
                    planId: planID, expectedVersion: expectedVersion, terms: try terms.terms(currency: plan.total.currency), reason: reason))
                Printer(format: client.settings.output).emit(response) { Printer.planHeader(response.plan) + "\n" + Printer.installments(response.plan) }
            }
        }
    }

    struct Cancel: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Cancel an active plan.")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "Plan id (any letter case).", transform: { $0.uppercased() }) var planID: String
        @Option(name: .customLong("expected-version"), help: "Plan version you read.") var expectedVersion: UInt64
        @Option(help: "Why.") var reason: String

        func run() throws {
            try perform {
                let client = try RPCClient(connection)
                let response = try client.call(PlansService.cancelPlan, CancelPlanRequest(planId: planID, expectedVersion: expectedVersion, reason: reason))
                Printer(format: client.settings.output).emit(response) { Printer.planHeader(response.plan) }
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "A plan and its installments.")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "Plan id (any letter case).", transform: { $0.uppercased() }) var planID: String
        @ArgumentParser.Flag(help: "Also the versions replaced by amendments.") var history = false

        func run() throws {
            try perform {
                let client = try RPCClient(connection)
                let response = try client.call(PlansService.getPlan, GetPlanRequest(planId: planID, includeHistory: history))
                Printer(format: client.settings.output).emit(response) {
                    ([response.plan] + response.history).map { Printer.planHeader($0) + "\n" + Printer.installments($0) }.joined(separator: "\n\n")
                }
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The plans of a case, newest first.")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "Case id.") var caseID: String

        func run() throws {
            try perform {
                let client = try RPCClient(connection)
                let response = try client.call(PlansService.listPlans, ListPlansRequest(caseId: caseID))
                Printer(format: client.settings.output).emit(response) { response.plans.map(Printer.planHeader).joined(separator: "\n") }
            }
        }
    }
}
