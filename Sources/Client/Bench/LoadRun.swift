import ArgumentParser
import struct Domain.SplitMix64
import Foundation
import Histogram
import Protocol
import Transport

/// The load tool's engine: connections on a few client loops, each keeping its streams busy
/// (or paced to a rate), latencies of measured requests in one HDR histogram. A call that fails
/// in a way that is safe to repeat (every call here is a read or carries its idempotency key) is
/// retried with backoff on a remade connection within `--timeout` (`ReconnectingConnection`), so
/// a restarting server costs counted retries, not a flood of failures.
final class LoadRun: @unchecked Sendable {
    // Mutable state is guarded by `lock`; connections run on their own loops.
    let settings: ResolvedConnection
    let streams: Int
    let cases: Int
    let weights: [(Workload, Int)]
    private let loops: [EventLoop]
    private let connections: [ReconnectingConnection]
    private let lock = NSLock()
    private var histogram = Histogram<UInt64>(highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: .three)
    private var statuses: [String: Int] = [:]
    private var measureFromNs: UInt64 = .max
    private var stopping = false
    private var inFlight = 0
    private var measured = 0
    private var completedTotal = 0
    private var retries = 0
    /// Mutations that ended without the server's answer: they may or may not have been applied.
    private var unresolvedMutations = 0
    private var requestLimit: Int?
    /// Picks cases and workloads: seeded once from the system, then no system call per request
    /// (SystemRandomNumberGenerator is a getrandom(2) per number).
    private var random = SplitMix64(seed: UInt64.random(in: .min ... .max))
    private var counter = 0
    private var payTargets: [(account: String, currency: Currency)] = []
    private var planCandidates: [(caseID: String, version: UInt64, total: Money)] = []
    private var nextCandidate = 0
    private let runID = String(UUID().uuidString.prefix(8)).lowercased()
    /// Where acknowledged mutations are written (`payment PM-… case-version` per line), for crash tests.
    var acknowledgements: FileHandle?

    init(settings: ResolvedConnection, connections: Int, streams: Int, clientThreads: Int, cases: Int, weights: [(Workload, Int)]) throws {
        self.settings = settings
        self.streams = streams
        self.cases = cases
        self.weights = weights
        let loops = try (0..<min(clientThreads, connections)).map { try EventLoop(name: "bench-\($0)") }
        self.loops = loops
        var configuration = ClientConfiguration(host: settings.host, port: settings.port)
        configuration.security = settings.plaintext ? .plaintext : .tls(ClientTLSConfiguration(trustedCAPath: settings.caPath))
        configuration.http2.maxConcurrentStreams = max(streams, 100)
        configuration.connectTimeout = .seconds(settings.timeoutSeconds)
        self.connections = try (0..<connections).map { index in
            try ReconnectingConnection(configuration: configuration, loop: loops[index % loops.count])
        }
    }

    deinit {
        for connection in connections { connection.close() }
        for loop in loops { loop.stop(); loop.join() }
    }

    static func nowNs() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
    }

    /// Each call's deadline, retries included (`--timeout`).
    private var callDeadline: Duration { .seconds(settings.timeoutSeconds) }

    private var authorization: [HeaderField] {
        settings.token.map { [HeaderField("authorization", "Bearer \($0)")] } ?? []
    }

    private func blocking(_ path: String, _ message: [UInt8]) -> GRPCCallResult {
        let done = DispatchSemaphore(value: 0)
        let box = ResultBox()
        connections[0].call(path, message: message, metadata: authorization, deadline: callDeadline, idempotent: true) { result, _ in
            box.result = result
            done.signal()
        }
        done.wait()
        return box.result!
    }

    /// Learns what mutations need: accounts (and their currency) to pay into, cases to agree plans on.
    func prepare() throws {
        let kinds = Set(weights.map(\.0))
        if kinds.contains(.recordPayment) {
            var generator = SystemRandomNumberGenerator()
            for _ in 0..<min(cases, 500) {
                let caseID = "C-" + String(format: "%07d", Int.random(in: 1...cases, using: &generator))
                let result = blocking(CasesService.getCase.path, GetCaseRequest(caseId: caseID).encoded())
                guard result.status == .ok, let bytes = result.response, let view = try? GetCaseResponse(decoding: bytes).view,
                      let account = view.accounts.first else { continue }
                payTargets.append((account.accountNumber, account.balance.currency))
            }
            guard !payTargets.isEmpty else { throw ValidationError("record-payment: no accounts found among C-0000001…C-\(cases); check --cases and the token") }
        }
        if kinds.contains(.createPlan) {
            var cursor = ""
            while planCandidates.count < 50_000 {
                let request = SearchCasesRequest(status: .open, hasActivePlan: false, page: PageRequest(pageSize: 200, cursor: cursor))
                let result = blocking(CasesService.searchCases.path, request.encoded())
                guard result.status == .ok, let bytes = result.response, let page = try? SearchCasesResponse(decoding: bytes) else { break }
                for summary in page.cases where summary.totalOverdue.minorUnits >= 50_000 {
                    planCandidates.append((summary.caseId, summary.version, summary.totalOverdue))
                }
                if page.nextCursor.isEmpty { break }
                cursor = page.nextCursor
            }
            guard !planCandidates.isEmpty else { throw ValidationError("create-plan: no open cases without a plan were found") }
        }
    }

    private static let healthPath = HealthService.checkPath
    private static let healthRequest = HealthMessages.encodeRequest(service: "")

    /// The next request: path, message, metadata; nil when create-plan has used every candidate.
    private func nextRequest() -> (String, [UInt8], [HeaderField], Workload)? {
        lock.lock()
        defer { lock.unlock() }
        counter += 1
        let total = weights.reduce(0) { $0 + $1.1 }
        var roll = Int.random(in: 0..<total, using: &random)
        var kind = weights[0].0
        for (candidate, weight) in weights {
            if roll < weight { kind = candidate; break }
            roll -= weight
        }
        let key = [HeaderField("idempotency-key", "bench-\(runID)-\(counter)")]
        switch kind {
        case .getCase:
            let caseID = "C-" + String(format: "%07d", Int.random(in: 1...cases, using: &random))
            return (CasesService.getCase.path, GetCaseRequest(caseId: caseID).encoded(), authorization, kind)
        case .search:
            let bucket = ["1-29", "30-59", "60-89", "90+"].randomElement(using: &random)!
            return (CasesService.searchCases.path, SearchCasesRequest(bucket: bucket, page: PageRequest(pageSize: 20)).encoded(), authorization, kind)
        case .recordPayment:
            let target = payTargets.randomElement(using: &random)!
            let request = RecordPaymentRequest(accountNumber: target.account, amount: Money(minorUnits: 100, currency: target.currency),
                                               paidOn: BenchDates.today, reference: "bench", source: .manual)
            return (PaymentsService.recordPayment.path, request.encoded(), authorization + key, kind)
        case .health:
            return (Self.healthPath, Self.healthRequest, [], kind)
        case .createPlan:
            guard nextCandidate < planCandidates.count else { return nil }
            let candidate = planCandidates[nextCandidate]
            nextCandidate += 1
            let terms = PlanTerms(total: candidate.total, installmentCount: 1, frequency: .monthly, firstDueDate: BenchDates.inTwoWeeks)
            let request = CreatePlanRequest(caseId: candidate.caseID, terms: terms, expectedCaseVersion: candidate.version)
            return (PlansService.createPlan.path, request.encoded(), authorization + key, kind)
        }
    }

    /// Starts one call on `connection`; its completion records it and, in closed-loop mode, starts the next.
    private func issue(on index: Int, closedLoop: Bool) {
        guard let (path, message, metadata, kind) = nextRequest() else {
            lock.lock(); stopping = true; lock.unlock()
            return
        }
        let started = Self.nowNs()
        lock.lock(); inFlight += 1; lock.unlock()
        // A read is not retried once the run is over; a mutation is, until its deadline, so that
        // its answer (the first one, thanks to its idempotency key) reaches the ack log.
        let isMutation = kind == .recordPayment || kind == .createPlan
        let keepTrying: (@Sendable () -> Bool)? = isMutation ? nil : { @Sendable [self] in isRunning }
        connections[index].call(path, message: message, metadata: metadata, deadline: callDeadline, idempotent: true,
                                keepTrying: keepTrying) { [self] result, retried in
            let finished = Self.nowNs()
            record(result, of: kind, key: metadata.first(named: "idempotency-key"))
            lock.lock()
            retries += retried
            inFlight -= 1
            completedTotal += 1
            if started >= measureFromNs {
                measured += 1
                _ = histogram.record((finished - started) / 1_000)
                statuses[result.status.name, default: 0] += 1
                if let limit = requestLimit, measured >= limit { stopping = true }
            }
            let again = closedLoop && !stopping
            lock.unlock()
            guard again else { return }
            if result.status != .ok && result.headers.isEmpty {
                // Failed without a word from the server (and not retried, or out of retries):
                // pause before this stream's next call rather than fail again at once.
                DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(Int.random(in: 50...100))) { [self] in
                    issue(on: index, closedLoop: true)
                }
            } else {
                issue(on: index, closedLoop: true)
            }
        }
    }

    /// False once the run is over (its duration or request count reached).
    private var isRunning: Bool {
        lock.lock()
        defer { lock.unlock() }
        return !stopping
    }

    /// Writes an acknowledged mutation to the ack log, or one that ended without the server's
    /// answer as `unresolved KEY` (it may have been applied: the key finds it).
    private func record(_ result: GRPCCallResult, of kind: Workload, key: String?) {
        guard kind == .recordPayment || kind == .createPlan else { return }
        var line: String?
        if result.status == .ok, let bytes = result.response {
            if kind == .recordPayment, let response = try? RecordPaymentResponse(decoding: bytes) {
                line = "payment \(response.payment.paymentId) \(response.caseVersion)\n"
            } else if kind == .createPlan, let response = try? PlanResponse(decoding: bytes) {
                line = "plan \(response.plan.planId) \(response.caseVersion)\n"
            }
        } else if result.status != .ok, result.headers.isEmpty || result.status == .deadlineExceeded {
            line = "unresolved \(kind.rawValue) \(key ?? "-")\n"
        }
        lock.lock()
        defer { lock.unlock() }
        if line?.hasPrefix("unresolved") == true { unresolvedMutations += 1 }
        if let line, let log = acknowledgements { log.write(Data(line.utf8)) }
    }

    /// Runs the load and returns the measured figures.
    func execute(warmupSeconds: Int, durationSeconds: Int, requestLimit: Int?, rate: Int?) -> LoadReport {
        self.requestLimit = requestLimit
        let start = Self.nowNs()
        let measureFrom = start + UInt64(warmupSeconds) * 1_000_000_000
        lock.lock(); measureFromNs = measureFrom; lock.unlock()
        let end = requestLimit == nil ? measureFrom + UInt64(durationSeconds) * 1_000_000_000 : UInt64.max
        if let rate {
            // Paced: issue to keep up with `rate` per second, never more than the streams allow.
            var issued = 0
            let capacity = connections.count * streams
            while Self.nowNs() < end {
                lock.lock()
                let done = stopping
                lock.unlock()
                if done { break }
                let due = Int(Double(Self.nowNs() - start) / 1e9 * Double(rate))
                while issued < due {
                    lock.lock()
                    let full = inFlight >= capacity
                    lock.unlock()
                    if full { break }  // every stream busy: the server is slower than the rate
                    issue(on: issued % connections.count, closedLoop: false)
                    issued += 1
                }
                usleep(500)
                progress(start: start, measureFrom: measureFrom)
            }
        } else {
            for index in connections.indices {
                for _ in 0..<streams { issue(on: index, closedLoop: true) }
            }
            while Self.nowNs() < end {
                lock.lock(); let done = stopping; lock.unlock()
                if done { break }
                usleep(100_000)
                progress(start: start, measureFrom: measureFrom)
            }
        }
        let stoppedAt = Self.nowNs()
        lock.lock(); stopping = true; lock.unlock()
        // Let calls in flight finish, retries included, so every answer reaches the ack log:
        // each ends within its deadline.
        let drainUntil = Self.nowNs() + UInt64(settings.timeoutSeconds + 2) * 1_000_000_000
        while Self.nowNs() < drainUntil {
            lock.lock(); let busy = inFlight; lock.unlock()
            if busy == 0 { break }
            usleep(10_000)
        }
        FileHandle.standardError.write(Data("\n".utf8))
        lock.lock()
        defer { lock.unlock() }
        let seconds = Double(stoppedAt - min(stoppedAt, measureFrom)) / 1e9
        return LoadReport(workload: weights.map { "\($0.0.rawValue)=\($0.1)" }.joined(separator: ","), connections: connections.count,
                          streams: streams, seconds: seconds, requests: measured, statuses: statuses, histogram: histogram,
                          retries: retries, unresolvedMutations: unresolvedMutations)
    }

    private var lastProgressNs: UInt64 = 0

    private func progress(start: UInt64, measureFrom: UInt64) {
        let now = Self.nowNs()
        guard now - lastProgressNs >= 1_000_000_000 else { return }
        lastProgressNs = now
        lock.lock()
        let count = measured
        let errors = statuses.filter { $0.key != "OK" }.values.reduce(0, +)
        lock.unlock()
        let phase = now < measureFrom ? "warm-up" : "measuring"
        let elapsed = now > measureFrom ? Double(now - measureFrom) / 1e9 : 0
        let rps = elapsed > 0 ? Int(Double(count) / elapsed) : 0
        FileHandle.standardError.write(Data("\r\(phase) \(Int(Double(now - start) / 1e9)) s: \(count) requests, \(rps)/s, \(errors) errors   ".utf8))
    }
}
