import Domain
import Foundation
import Protocol
import Store

/// Where requested runs of the daily cycle go: the server's one automation thread, which also runs
/// the scheduled days, so that runs never overlap. Set by the server once it has one.
public protocol DailyCycleRunner: AnyObject, Sendable {
    /// Runs `work` with the automation thread's reader after any run in progress; `completion`
    /// gets its result, or nil when the server stopped first.
    func perform<T: Sendable>(_ work: @escaping @Sendable (any BookReader, _ isCancelled: @escaping () -> Bool) throws -> T?,
                              completion: @escaping @Sendable (Result<T?, any Error>) -> Void)
}

/// The service's link to its `DailyCycleRunner` (none until the server sets one).
public final class DailyCycleLink: @unchecked Sendable {
    private let lock = NSLock()
    private weak var runnerReference: (any DailyCycleRunner)?

    public var runner: (any DailyCycleRunner)? {
        get { lock.withLock { runnerReference } }
        set { lock.withLock { runnerReference = newValue } }
    }
}

/// `collect.v1.Automation`: the daily cycle's runs, and running it for a day (coordinators, admins).
extension CollectService {
    func getAutomationStatus(_ request: GetAutomationStatusRequest, _ call: Call) throws -> AutomationStatus {
        try require(.runAutomation, call.principal)
        let runs = try call.reader.read { records in
            try Domain.Country.allCases.filter { call.principal.countries.contains($0.rawValue) }.compactMap {
                try records.latestDailyRun(country: $0.rawValue)
            }
        }
        return AutomationStatus(latest: runs.map(Self.dailyRun))
    }

    /// Validated on the calling thread; the run itself goes to the automation thread, and the
    /// answer when its last page is durable.
    func runDailyCycle(_ request: RunDailyCycleRequest, _ call: Call) throws -> Job<RunDailyCycleResponse> {
        try require(.runAutomation, call.principal)
        guard let country = Domain.Country(rawValue: request.country.name), request.country != .unspecified else {
            throw ServiceFailure.invalid("COUNTRY_REQUIRED", "country must be SE, NO or DK", field: "country")
        }
        try requireCountry(country.rawValue, call.principal, what: "the daily cycle of \(country)")
        let asOf = try requireDayHasCome(request.asOf, in: country)
        guard let runner = dailyCycle.runner else {
            throw ServiceFailure(.unavailable, "DAILY_CYCLE_OFF", "this server does not run the daily cycle (serve --daily-cycle off)")
        }
        return Job { finish in
            runner.perform({ reader, isCancelled in
                try self.runDailyCycle(country: country, asOf: asOf, reader: reader, isCancelled: isCancelled)
            }) { result in
                switch result {
                case .success(let report?):
                    finish(.success(RunDailyCycleResponse(
                        run: DailyRun(country: RecordMapping.country(country.rawValue), asOf: RecordMapping.date(Int32(asOf.daysSinceEpoch)),
                                      finishedAtMs: self.clockMs(), cases: UInt64(report.cases), changes: UInt64(report.changes)),
                        plansSettled: UInt64(report.plansSettled), statusesChanged: UInt64(report.statusesChanged),
                        bucketMoves: UInt64(report.bucketsChanged), batches: UInt64(report.batches), elapsedMs: report.elapsedMs,
                        strategy: report.strategy ?? "", treatmentsChanged: UInt64(report.treatmentsChanged),
                        actionsScheduled: UInt64(report.actionsScheduled), stepsHeld: UInt64(report.stepsHeld))))
                case .success(nil):
                    finish(.failure(ServiceFailure(.unavailable, "SERVER_SHUTTING_DOWN", "the server stopped before the run ended; it runs again at the next start")))
                case .failure(let error):
                    finish(.failure(Call.failure(error)))
                }
            }
        }
    }

    static func dailyRun(_ record: DailyRunRecord) -> DailyRun {
        DailyRun(country: RecordMapping.country(record.country), asOf: RecordMapping.date(record.asOf), finishedAtMs: record.finishedAtMs,
                 cases: UInt64(record.cases), changes: UInt64(record.changes))
    }
}

/// Work a call hands to another thread: `start` gets the function that completes the call.
struct Job<Response: WireMessage>: Sendable {
    let start: @Sendable (_ finish: @escaping @Sendable (Result<Response, ServiceFailure>) -> Void) -> Void
}
