import Domain
import Foundation
import Logging
import Services
import Store

/// Runs the daily cycle inside `collect-server serve`: for each country, once its local time has
/// passed `at` (minutes after midnight), as of its local today; at start and after downtime it
/// catches up every day missed since the last completed run (at most `catchUpDays`, the oldest
/// skipped days logged). A book with no run yet starts from today. Checks every 30 seconds.
/// Runs asked for by a coordinator (`Automation.RunDailyCycle`) go to the same thread, first, so
/// that no two runs ever overlap.
final class DailyScheduler: DailyCycleRunner, @unchecked Sendable {
    /// Work asked for: run on the thread with its reader, or told the server stopped first.
    private struct Request {
        var run: (StoreReader) -> Void
        var abandon: () -> Void
    }

    /// The most days one start catches up.
    static let catchUpDays = 31

    private let service: CollectService
    private let path: String
    private let at: Int
    private let logger: Logger
    private let clockMs: @Sendable () -> Int64
    private let condition = NSCondition()
    private var stopping = false
    private var thread: Thread?
    private var finished = false
    private var requests: [Request] = []

    private let metrics: DailyCycleMetrics?

    init(service: CollectService, databasePath: String, atMinutes: Int, clockMs: @escaping @Sendable () -> Int64, logger: Logger,
         metrics: DailyCycleMetrics? = nil) {
        self.metrics = metrics
        self.service = service
        path = databasePath
        at = atMinutes
        self.clockMs = clockMs
        self.logger = logger
    }

    func start() {
        let thread = Thread { [self] in run() }
        thread.name = "collect-daily"
        self.thread = thread
        thread.start()
    }

    /// Ends the scheduler: a cycle in progress stops after its current page (its day is then run
    /// again at the next start); runs asked for and not begun are answered as not run. Blocks
    /// until the thread has ended.
    func stop() {
        condition.lock()
        stopping = true
        condition.broadcast()
        while thread != nil && !finished { condition.wait() }
        let left = requests
        requests = []
        condition.unlock()
        for request in left { request.abandon() }
    }

    func perform<T: Sendable>(_ work: @escaping @Sendable (any BookReader, _ isCancelled: @escaping () -> Bool) throws -> T?,
                              completion: @escaping @Sendable (Result<T?, any Error>) -> Void) {
        let request = Request(run: { reader in
            do {
                let result = try work(reader) { self.isStopping }
                if let report = result as? DailyCycleReport { self.log(report) }
                completion(.success(result))
            } catch {
                completion(.failure(error))
            }
        }, abandon: { completion(.success(nil)) })
        condition.lock()
        guard !stopping else {
            condition.unlock()
            return request.abandon()
        }
        requests.append(request)
        condition.broadcast()
        condition.unlock()
    }

    private func nextRequest() -> Request? {
        condition.lock()
        defer { condition.unlock() }
        return requests.isEmpty || stopping ? nil : requests.removeFirst()
    }

    private var isStopping: Bool {
        condition.lock()
        defer { condition.unlock() }
        return stopping
    }

    private func run() {
        defer {
            condition.lock()
            finished = true
            condition.broadcast()
            condition.unlock()
        }
        let reader: StoreReader
        do {
            reader = try StoreReader(path: path, answerCapacity: 0)
        } catch {
            logger.error("the daily cycle cannot read the book", metadata: ["error": "\(error)"])
            return
        }
        while !isStopping {
            while let request = nextRequest() { request.run(reader) }
            for country in Domain.Country.allCases where !isStopping { catchUp(country, reader: reader) }
            condition.lock()
            if !stopping && requests.isEmpty { _ = condition.wait(until: Date(timeIntervalSinceNow: 30)) }
            condition.unlock()
        }
    }

    /// The day the cycle is due as of in `country` now: today once the local time has passed
    /// `at`, else yesterday.
    func dueDay(_ country: Domain.Country) -> Day {
        let local = country.localDateTime(unixSeconds: clockMs() / 1_000)
        return local.hour * 60 + local.minute >= at ? local.day : local.day.adding(days: -1)
    }

    private func log(_ report: DailyCycleReport) {
        metrics?.record(report)
        logger.info("daily cycle", metadata: [
            "country": "\(report.country)", "as_of": "\(report.asOf)", "cases": "\(report.cases)", "plans_settled": "\(report.plansSettled)",
            "statuses_changed": "\(report.statusesChanged)", "bucket_moves": "\(report.bucketsChanged)", "strategy": "\(report.strategy ?? "none")",
            "treatments_changed": "\(report.treatmentsChanged)", "actions_scheduled": "\(report.actionsScheduled)", "steps_held": "\(report.stepsHeld)",
            "ms": "\(report.elapsedMs)", "rested_ms": "\(report.restedMs)",
        ])
    }

    private func catchUp(_ country: Domain.Country, reader: StoreReader) {
        let due = dueDay(country)
        do {
            let last = try service.latestDailyRun(country: country, reader: reader)
            var first = last.map { $0.adding(days: 1) } ?? due
            let earliest = due.adding(days: -(Self.catchUpDays - 1))
            if first < earliest {
                logger.warning("the daily cycle catches up only the last \(Self.catchUpDays) days",
                               metadata: ["country": "\(country)", "skipped_from": "\(first)", "skipped_to": "\(earliest.adding(days: -1))"])
                first = earliest
            }
            var day = first
            while day <= due, !isStopping {
                if let report = try service.runDailyCycle(country: country, asOf: day, reader: reader, isCancelled: { self.isStopping }) {
                    log(report)
                }
                day = day.adding(days: 1)
            }
        } catch {
            logger.error("the daily cycle failed; it is tried again in 30 s", metadata: ["country": "\(country)", "error": "\(error)"])
        }
    }
}
