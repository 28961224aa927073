import ArgumentParser
import Domain
import Foundation
import Services
import Store

/// `collect-server run-daily`: the daily cycle for one day, run by an operator on a book the
/// server does not hold (it takes the data folder's lock). Running a day again changes nothing.
struct RunDailyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run-daily",
        abstract: "Run the daily cycle (plans, case states, bucket history) as of a day; a day run again changes nothing.")

    @Option(help: "Data directory of the book.") var data = "collect-data"
    @Option(name: .customLong("as-of"), help: ArgumentHelp("The day to run as of (today or earlier in each country).", valueName: "YYYY-MM-DD"))
    var asOf: String
    @Option(help: "Countries to run (default: SE,NO,DK).") var country = "SE,NO,DK"
    @Option(help: ArgumentHelp("Take today to be this day (as `serve --today`): for tests and training only.", valueName: "YYYY-MM-DD"))
    var today: String?

    func validate() throws {
        guard Day(iso8601: asOf) != nil else {
            throw ValidationError("--as-of \"\(asOf)\": expected a day that exists, as YYYY-MM-DD, e.g. 2026-12-07")
        }
        if let today, ServerClock(today: today) == nil {
            throw ValidationError("--today \"\(today)\": expected a day that exists, as YYYY-MM-DD")
        }
        guard !countries.isEmpty, countries.count == country.split(separator: ",").count else {
            throw ValidationError("--country is one or more of SE, NO, DK, separated by commas")
        }
    }

    var countries: [Domain.Country] { country.split(separator: ",").compactMap { Domain.Country(rawValue: $0.uppercased()) } }

    func run() throws {
        let directory = DataDirectory(data)
        try directory.requireBook()
        let lock = try directory.lockExclusively()
        defer { withExtendedLifetime(lock) {} }
        let clock = today.flatMap { ServerClock(today: $0) } ?? ServerClock.wall
        let writer = try directory.writer(clockMs: clock.nowMs)
        defer { writer.stop() }
        let service = CollectService(writer: writer, sealer: try directory.sealer(), version: CollectServer.version, loopThreads: 1,
                                     clockMs: clock.nowMs)
        let reader = try StoreReader(path: directory.databasePath, answerCapacity: 0)
        for country in countries {
            do {
                if let report = try service.runDailyCycle(country: country, asOf: Day(iso8601: asOf)!, reader: reader) { print(report) }
            } catch let failure as ServiceFailure {
                throw ValidationError(failure.detail.message)
            }
        }
    }
}
