import Automation
import Domain
import Foundation
import Protocol
import Store

/// `Strategies.SimulateStrategy`: a strategy file run read-only over the book as of a day, on the
/// server's automation thread (a whole book takes seconds; the loop threads stay free).
extension CollectService {
    /// Most contacts of a case read for its contact history (the limits look back a week).
    static let simulationContactsMax = 100

    func simulateStrategy(_ request: SimulateStrategyRequest, _ call: Call) throws -> Job<SimulateStrategyResponse> {
        try require(.runAutomation, call.principal)
        let strategy: Strategy
        switch try loadStrategy(fileName: request.fileName, text: request.text) {
        case .success(let loaded): strategy = loaded
        case .failure(let refusal): throw Self.strategyInvalid(refusal)
        }
        let day = try requireDayHasCome(request.asOf, in: .se)
        guard request.samples <= UInt32(StrategySimulation.samplesPerRowMax) else {
            throw ServiceFailure.invalid("SIMULATION_SAMPLES_OUT_OF_RANGE", "samples is 0 to \(StrategySimulation.samplesPerRowMax)", field: "samples")
        }
        guard let runner = dailyCycle.runner else {
            throw ServiceFailure(.unavailable, "DAILY_CYCLE_OFF", "this server does not run automation (serve --daily-cycle off)")
        }
        let countries = strategy.countries.filter { call.principal.countries.contains($0.rawValue) }
        let samples = Int(request.samples)
        return Job { finish in
            runner.perform({ reader, isCancelled -> SimulateStrategyResponse? in
                let started = self.clockMs()
                // Case facts are read a page at a time as the simulation asks for them: a whole
                // book is never held in memory.
                let book = BookPages(service: self, reader: reader, countries: countries, day: day, isCancelled: isCancelled)
                let simulation = StrategySimulation.run(StrategyEvaluator(strategy: strategy, rules: self.ruleBook), cases: book, on: day,
                                                        samples: samples)
                if let failure = book.failure { throw failure }
                if book.cancelled { return nil }
                return Self.simulationResponse(simulation, cases: book.count, elapsedMs: self.clockMs() - started)
            }) { result in
                switch result {
                case .success(let response?): finish(.success(response))
                case .success(nil):
                    finish(.failure(ServiceFailure(.unavailable, "SERVER_SHUTTING_DOWN", "the server stopped before the simulation ended")))
                case .failure(let error): finish(.failure(Call.failure(error)))
                }
            }
        }
    }

    /// What automation knows of a case on `day`, from its records (no segment entry is kept yet:
    /// a case's treatment is read as if it entered its segment on the day).
    func caseFacts(caseID: String, country: Domain.Country, on day: Day, records: any RecordReading) throws -> CaseFacts? {
        guard let record = try records.caseRecord(id: caseID), let customer = try records.customerRecord(id: record.customerID) else { return nil }
        let accounts = try records.accountRecords(caseID: caseID)
        let flags = try records.flagRecords(caseID: caseID)
        let dayNumber = Int32(day.daysSinceEpoch)
        let plans = try records.planRecords(caseID: caseID).map { evaluated($0, country: record.country, flags: flags, asOf: dayNumber) }
        let contacts = try records.contactRecords(caseID: caseID, limit: Self.simulationContactsMax)
        let money = { (minor: Int64) in Domain.Money(minorUnits: minor, currency: country.currency) }
        return CaseFacts(
            caseID: caseID, country: country, oldestUnpaidDue: accounts.compactMap(\.oldestUnpaidDue).min().map(DomainBridge.day),
            overdue: money(Domain.Money.clampedSum(accounts.map(\.overdueMinor))), balance: money(Domain.Money.clampedSum(accounts.map(\.balanceMinor))),
            hasPhone: !customer.phone.isEmpty, hasEmail: !customer.email.isEmpty, directDebitMandate: customer.mandate == "ACTIVE",
            language: customer.language.uppercased(), brokenPromises: plans.filter { $0.status == .broken }.count,
            flags: ContactFacts.pauses(flags), planKept: plans.contains { $0.status == .active },
            history: ContactFacts.history(contacts, country: country))
    }

    static func simulationResponse(_ simulation: StrategySimulation, cases: Int, elapsedMs: Int64) -> SimulateStrategyResponse {
        let counts = { (table: [String: Int]) in
            table.sorted { $0.key < $1.key }.map { SimulationCount(name: $0.key, count: UInt64($0.value)) }
        }
        return SimulateStrategyResponse(
            asOf: RecordMapping.date(Int32(simulation.day.daysSinceEpoch)), cases: UInt64(cases),
            rows: simulation.rows.map {
                SimulationRow(segment: $0.segment, arm: $0.arm, step: $0.step, cases: UInt64($0.cases), due: UInt64($0.due),
                              actions: UInt64($0.actions), held: UInt64($0.held), samples: $0.samples)
            },
            noSegment: UInt64(simulation.noSegment), outOfScope: UInt64(simulation.outOfScope),
            actionsByKind: counts(simulation.actionsByKind), heldByCode: counts(simulation.heldByCode), elapsedMs: elapsedMs)
    }
}

/// The case facts of a book's countries as a sequence, read a page (one snapshot) at a time. A
/// read failure or a stop ends it early, noted in `failure` / `cancelled`.
final class BookPages: Sequence, IteratorProtocol {
    let service: CollectService
    let reader: any BookReader
    let countries: [Domain.Country]
    let day: Day
    let isCancelled: () -> Bool
    private var countryIndex = 0
    private var after = ""
    private var page: [CaseFacts] = []
    private var pageIndex = 0
    private(set) var count = 0
    private(set) var failure: (any Error)?
    private(set) var cancelled = false

    init(service: CollectService, reader: any BookReader, countries: [Domain.Country], day: Day, isCancelled: @escaping () -> Bool) {
        self.service = service
        self.reader = reader
        self.countries = countries
        self.day = day
        self.isCancelled = isCancelled
    }

    func next() -> CaseFacts? {
        while pageIndex == page.count {
            guard failure == nil, countryIndex < countries.count else { return nil }
            if isCancelled() {
                cancelled = true
                return nil
            }
            let country = countries[countryIndex]
            do {
                let after = self.after
                let (ids, facts) = try reader.read { records in
                    let ids = try records.caseIDs(country: country.rawValue, after: after, limit: CollectService.dailyCyclePage)
                    return (ids, try ids.compactMap { try self.service.caseFacts(caseID: $0, country: country, on: self.day, records: records) })
                }
                page = facts
                pageIndex = 0
                if let last = ids.last { self.after = last } else { countryIndex += 1; self.after = "" }
            } catch {
                failure = error
                return nil
            }
        }
        defer { pageIndex += 1 }
        count += 1
        return page[pageIndex]
    }
}
