import Automation
import Domain
import Foundation
import Protocol
import Store

/// `Strategies.SimulateStrategy`: a strategy file run read-only over the book as of a day, on the
/// server's automation thread (a whole book takes seconds; the loop threads stay free).
extension CollectService {
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
                var response = Self.simulationResponse(simulation, cases: book.count, elapsedMs: self.clockMs() - started)
                response.notOverdue = UInt64(book.notOverdue)
                return response
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
    /// Cases passed over because nothing is overdue (the cycle treats none of them).
    private(set) var notOverdue = 0
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
                // The daily cycle's own page read and facts: what is simulated is what the cycle would see.
                let items = try reader.read { records in
                    try records.cycleCases(country: country.rawValue, after: after, limit: CollectService.dailyCyclePage,
                                           history: CollectService.cycleHistory(asOf: self.day))
                }
                let dayNumber = Int32(day.daysSinceEpoch)
                let treated = items.filter(CollectService.inTreatment)
                notOverdue += items.count - treated.count
                page = treated.map { item in
                    let plans = item.plans.map { self.service.evaluated($0, country: item.record.country, flags: item.flags, asOf: dayNumber) }
                    return CollectService.caseFacts(item, country: country, plans: plans, asOf: self.day)
                }
                pageIndex = 0
                if let last = items.last { self.after = last.record.id } else { countryIndex += 1; self.after = "" }
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
