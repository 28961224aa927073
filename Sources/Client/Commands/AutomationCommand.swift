import ArgumentParser
import Protocol

/// `collectctl automation status | run`: the daily cycle's latest run per country, and running it
/// for a day (coordinators and admins).
struct AutomationCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "automation", abstract: "The daily cycle: its runs, and running it for a day.",
                                                    subcommands: [Status.self, Run.self])

    static func row(_ run: DailyRun) -> [String] {
        [run.country.name, "\(run.asOf)", String(run.cases), String(run.changes), Printer.instant(run.finishedAtMs)]
    }

    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The latest completed run of each country in the token's scope.")
        @OptionGroup var connection: ConnectionOptions

        func run() throws {
            try perform {
                let client = try RPCClient(connection)
                let response = try client.call(AutomationService.getAutomationStatus, GetAutomationStatusRequest())
                Printer(format: client.settings.output).emit(response) {
                    response.latest.isEmpty ? "no completed run yet"
                        : Printer.table(["COUNTRY", "AS OF", "CASES", "CHANGES", "FINISHED"], response.latest.map(AutomationCommand.row))
                }
            }
        }
    }

    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run the daily cycle for a country as of a day (today or earlier) now; a day run again changes nothing. On a large book give a longer --timeout.")
        @OptionGroup var connection: ConnectionOptions
        @Option(help: "SE, NO or DK.") var country: String
        @Option(name: .customLong("as-of"), help: "The day, YYYY-MM-DD.") var asOf: String

        func run() throws {
            let request = RunDailyCycleRequest(
                country: try Input.choice(country, option: "--country", known: Country.allKnown.filter { $0 != .unspecified }, name: \.name,
                                          parse: Country.init(name:)),
                asOf: try Input.date(asOf, option: "--as-of"))
            try perform {
                let client = try RPCClient(connection)
                let response = try client.call(AutomationService.runDailyCycle, request)
                Printer(format: client.settings.output).emit(response) {
                    "\(response.run.country.name) as of \(response.run.asOf): \(response.run.cases) cases, \(response.plansSettled) plans settled, "
                        + "\(response.statusesChanged) statuses changed, \(response.bucketMoves) bucket moves, "
                        + (response.strategy.isEmpty ? "no strategy in force, "
                            : "strategy \(response.strategy): \(response.treatmentsChanged) treatments changed, \(response.actionsScheduled) actions scheduled, \(response.stepsHeld) steps held, ")
                        + "\(response.batches) batches, \(response.elapsedMs) ms"
                }
            }
        }
    }
}
