import Crypto
import Domain
import Protocol
import Store
import Synchronization

/// The request's facts besides its message: who sent it and how.
public struct CallEnvironment: Sendable {
    /// The authenticated caller.
    public var principal: Principal
    /// The `idempotency-key` header of a mutation.
    public var idempotencyKey: String?
    /// False once the caller no longer waits (deadline passed, stream reset).
    public var isWanted: @Sendable () -> Bool

    public init(principal: Principal, idempotencyKey: String?, isWanted: @escaping @Sendable () -> Bool = { true }) {
        self.principal = principal
        self.idempotencyKey = idempotencyKey
        self.isWanted = isWanted
    }
}

/// The outcome of a call: the encoded response, or a failure.
public typealias ServiceCompletion = @Sendable (Result<[UInt8], ServiceFailure>) -> Void

/// The collect.v1 services: decodes requests, checks rights and input, reads through the calling
/// thread's `BookReader`, queues mutations to the single `BookWriter`, encodes responses.
/// Transport-neutral: the server's router hands it the path, the message bytes and the caller.
public final class CollectService: Sendable {
    /// Bounds of inputs, each refused with its own code when exceeded.
    public enum Limits {
        public static let noteMaxCharacters = 4_000
        public static let reasonMaxCharacters = 500
        public static let summaryMaxCharacters = 1_000
        public static let referenceMaxCharacters = 64
        public static let idMaxCharacters = 64
        public static let idempotencyKeyMaxCharacters = 128
        public static let searchPageDefault = 50
        public static let searchPageMax = 200
        public static let searchTextMaxCharacters = 100
        public static let paymentPageMax = 100
    }

    let writer: any BookWriter
    let sealer: Sealer
    /// Where requested runs of the daily cycle go (the server's automation thread, once set).
    public let dailyCycle = DailyCycleLink()
    let clockMs: @Sendable () -> Int64
    let ruleBook: RuleBook
    let serverInfo: ServerInfo
    /// True while a payment file is being imported (one at a time).
    let paymentImportBusy = Atomic<Bool>(false)
    /// Request decoding limits.
    public let wireLimits: WireLimits
    /// Calls noted by the server, for the daily cycle to make way for handlers.
    public let cycleYield: CycleYield

    /// Creates the service over a running writer.
    public init(writer: any BookWriter, sealer: Sealer, ruleBook: RuleBook = .standard, version: String, loopThreads: Int,
                wireLimits: WireLimits = .default, cycleYield: CycleYield = CycleYield(),
                clockMs: @escaping @Sendable () -> Int64 = StoreWriter.wallClockMs) {
        self.writer = writer
        self.cycleYield = cycleYield
        self.sealer = sealer
        self.ruleBook = ruleBook
        self.clockMs = clockMs
        self.wireLimits = wireLimits
        serverInfo = ServerInfo(version: version, schemaFingerprint: SchemaInfo.fingerprint, schemaPackage: SchemaInfo.package,
                                startedAtMs: clockMs(), loopThreads: UInt32(loopThreads))
    }

    /// Every method this service answers, each bound once to its handler: the server registers
    /// each with its router, which is the only place a path is looked up. The descriptor ties the
    /// handler's request and response types to the schema's method (a mismatch does not compile).
    public static let endpoints: [Endpoint] = [
        .readEncoded(CasesService.getCase, CollectService.getCaseCached),
        .read(CasesService.searchCases, CollectService.searchCases),
        .mutate(CasesService.addNote, CollectService.addNote),
        .read(CasesService.listNotes, CollectService.listNotes),
        .mutate(CasesService.recordContact, CollectService.recordContact),
        .mutate(CasesService.setFlag, CollectService.setFlag),
        .mutate(CasesService.clearFlag, CollectService.clearFlag),
        .read(PlansService.previewPlan, CollectService.previewPlan),
        .mutate(PlansService.createPlan, CollectService.createPlan),
        .mutate(PlansService.amendPlan, CollectService.amendPlan),
        .mutate(PlansService.cancelPlan, CollectService.cancelPlan),
        .read(PlansService.getPlan, CollectService.getPlan),
        .read(PlansService.listPlans, CollectService.listPlans),
        .mutate(PaymentsService.recordPayment, CollectService.recordPayment),
        .read(PaymentsService.listPayments, CollectService.listPayments),
        .read(SystemService.getServerInfo, usesStorage: false, CollectService.getServerInfo),
        .read(SystemService.listAudit, CollectService.listAudit),
        .read(AutomationService.getAutomationStatus, CollectService.getAutomationStatus),
        .job(AutomationService.runDailyCycle, CollectService.runDailyCycle),
        .read(AutomationService.listOutbox, CollectService.listOutbox),
        .read(StrategiesService.validateStrategy, CollectService.validateStrategy),
        .mutate(StrategiesService.applyStrategy, CollectService.applyStrategy),
        .read(StrategiesService.listStrategies, CollectService.listStrategies),
        .read(StrategiesService.getStrategy, CollectService.getStrategy),
        .mutate(StrategiesService.activateStrategy, CollectService.activateStrategy),
        .job(StrategiesService.simulateStrategy, CollectService.simulateStrategy),
        .custom(PaymentFilesService.importPaymentFile) { call in call.service.importPaymentFile(call) },
        .read(PaymentFilesService.listUnmatchedPayments, CollectService.listUnmatchedPayments),
        .mutate(PaymentFilesService.matchUnmatchedPayment, CollectService.matchUnmatchedPayment),
        .mutate(PaymentFilesService.refundUnmatchedPayment, CollectService.refundUnmatchedPayment),
        // Checked whole on the calling thread, applied as one mutation; idempotent by its batch id.
        .custom(IntakeService.submitAccountStates) { call in call.service.submitAccountStates(call) },
    ]

    /// Schema methods answered outside this service, by the server itself (they read the
    /// server's own state, not the book).
    public static let servedByTheServer: Set<String> = [SystemService.getMetrics.path]

    /// Every path this service answers.
    public static var paths: [String] { endpoints.map(\.path) }

    private static let endpointsByPath = Dictionary(uniqueKeysWithValues: endpoints.map { ($0.path, $0) })

    /// Handles one call of `endpoint`. Reads complete before this returns; mutations complete
    /// later, on the writer thread, after their batch is durable.
    public func handle(_ endpoint: Endpoint, request: [UInt8], environment: CallEnvironment, reader: any BookReader,
                       completion: @escaping ServiceCompletion) {
        endpoint.run(Call(service: self, request: request, environment: environment, reader: reader, completion: completion))
    }

    /// Handles one call by its path, for callers without a router (tests, the look-up benchmark).
    public func handle(path: String, request: [UInt8], environment: CallEnvironment, reader: any BookReader,
                       completion: @escaping ServiceCompletion) {
        guard let endpoint = Self.endpointsByPath[path] else {
            return completion(.failure(ServiceFailure(.unimplemented, "UNKNOWN_METHOD", "no method \(path)")))
        }
        handle(endpoint, request: request, environment: environment, reader: reader, completion: completion)
    }

    func getServerInfo(_: GetServerInfoRequest, _: Call) -> ServerInfo { serverInfo }

    /// The failure every call that touches storage gets once the writer has found its database
    /// file gone, replaced or damaged; nil while the storage is healthy.
    public var storageFault: ServiceFailure? { writer.fault.map(ServiceFailure.init) }

    /// Today's date in `country` (days since 1970-01-01).
    func today(_ country: String) -> Int32 {
        let local = (Domain.Country(rawValue: country) ?? .se).localDateTime(unixSeconds: clockMs() / 1_000)
        return Int32(local.day.daysSinceEpoch)
    }
}

/// One method of the schema bound to the code that answers it.
public struct Endpoint: Sendable {
    /// The method's path, e.g. `/collect.v1.Cases/GetCase`.
    public let path: String
    let run: @Sendable (Call) -> Void

    /// A read: runs on the calling (loop) thread. `usesStorage` false for answers that do not
    /// come from the book (they stay available after a storage fault).
    static func read<Request, Response>(_ method: MethodDescriptor<Request, Response>, usesStorage: Bool = true,
                                        _ body: @escaping @Sendable (CollectService) -> (Request, Call) throws -> Response) -> Endpoint {
        Endpoint(path: method.path) { call in call.read(usesStorage: usesStorage, body(call.service)) }
    }

    /// A read whose handler encodes (or finds cached) its own answer.
    static func readEncoded<Request, Response>(_ method: MethodDescriptor<Request, Response>,
                                               _ body: @escaping @Sendable (CollectService) -> (Call) throws -> [UInt8]) -> Endpoint {
        Endpoint(path: method.path) { call in call.readEncoded(body(call.service)) }
    }

    /// Work on another thread: checked on the calling thread, answered when the job finishes.
    static func job<Request, Response>(_ method: MethodDescriptor<Request, Response>,
                                       _ body: @escaping @Sendable (CollectService) -> (Request, Call) throws -> Job<Response>) -> Endpoint {
        Endpoint(path: method.path) { call in call.job(body(call.service)) }
    }

    /// A method whose handler drives the call itself (a payment file's import: checked whole,
    /// then applied in chunks through the writer, answered at the end).
    static func custom<Request, Response>(_ method: MethodDescriptor<Request, Response>, _ body: @escaping @Sendable (Call) -> Void) -> Endpoint {
        Endpoint(path: method.path, run: body)
    }

    /// A mutation: input checked on the calling thread, the handler run by the writer.
    static func mutate<Request, Response>(
        _ method: MethodDescriptor<Request, Response>,
        _ body: @escaping @Sendable (CollectService) -> (Request, Principal, any WriteTransaction) throws -> Response
    ) -> Endpoint {
        precondition(method.isMutation, "\(method.path) is not a mutation in the schema")
        return Endpoint(path: method.path) { call in
            let service = call.service
            call.mutate(method) { request, principal, transaction in try body(service)(request, principal, transaction) }
        }
    }
}

/// One call in progress: decoding, the read or mutation, and encoding of the answer.
struct Call: Sendable {
    let service: CollectService
    let request: [UInt8]
    let environment: CallEnvironment
    let reader: any BookReader
    let completion: ServiceCompletion

    var principal: Principal { environment.principal }

    func decode<M: WireMessage>(_ type: M.Type) throws(ServiceFailure) -> M {
        do {
            return try M(decoding: request, limits: service.wireLimits)
        } catch {
            throw ServiceFailure(error)
        }
    }

    /// Refuses a read once the writer has found its database file gone, replaced or damaged:
    /// what the readers hold open is then no longer the book (UNAVAILABLE or DATA_LOSS).
    func storageFault() -> ServiceFailure? { service.storageFault }

    /// A read: runs now, on the calling (loop) thread. `usesStorage` false for answers that do
    /// not come from the database (the server's version), which stay available after a fault.
    func read<Request: WireMessage, Response: WireMessage>(usesStorage: Bool = true, _ body: (Request, Call) throws -> Response) {
        if usesStorage, let fault = storageFault() { return completion(.failure(fault)) }
        do {
            let message = try decode(Request.self)
            completion(.success(try body(message, self).encoded()))
        } catch {
            completion(.failure(readFailure(error)))
        }
    }

    /// A read's failure; damage found by a reader puts the whole server in its storage fault.
    func readFailure(_ error: any Error) -> ServiceFailure {
        if let storeError = error as? StoreError { service.writer.reportReadFault(storeError) }
        return Self.failure(error)
    }

    /// A read whose body encodes (or finds cached) its own answer.
    func readEncoded(_ body: (Call) throws -> [UInt8]) {
        if let fault = storageFault() { return completion(.failure(fault)) }
        do {
            completion(.success(try body(self)))
        } catch {
            completion(.failure(readFailure(error)))
        }
    }

    /// A job: decoded and checked now (against the book, on this thread); the job's own thread
    /// completes the call.
    func job<Request: WireMessage, Response: WireMessage>(_ body: (Request, Call) throws -> Job<Response>) {
        if let fault = storageFault() { return completion(.failure(fault)) }
        let job: Job<Response>
        do {
            job = try body(try decode(Request.self), self)
        } catch {
            return completion(.failure(readFailure(error)))
        }
        let completion = self.completion
        job.start { result in completion(result.map { $0.encoded() }) }
    }

    /// A mutation: input checked now; `body` runs on the writer thread inside the transaction.
    func mutate<Request: WireMessage, Response: WireMessage>(
        _ method: MethodDescriptor<Request, Response>, _ body: @escaping @Sendable (Request, Principal, any WriteTransaction) throws -> Response
    ) {
        let message: Request
        let token: IdempotencyToken?
        do {
            message = try decode(Request.self)
            token = try idempotencyToken(method.path, hashing: (message as? any VersionedChange)?.encodedWithoutVersion ?? request)
        } catch {
            completion(.failure(Self.failure(error)))
            return
        }
        let principal = self.principal
        let completion = self.completion
        service.writer.submit(Mutation(
            actor: principal.name, idempotency: token, isWanted: environment.isWanted,
            apply: { context in try body(message, principal, context).encoded() },
            completion: { result in
                switch result {
                case .success(let outcome): completion(.success(outcome.response))
                // The store's own refusal, or the handler's, exactly as it was thrown.
                case .failure(.store(let error)): completion(.failure(ServiceFailure(error)))
                case .failure(.refused(let error)): completion(.failure(Call.failure(error)))
                }
            }))
    }

    /// The idempotency key's token; the request is compared by the hash of `bytes`.
    func idempotencyToken(_ path: String, hashing bytes: [UInt8]) throws(ServiceFailure) -> IdempotencyToken? {
        guard let key = environment.idempotencyKey else { return nil }
        guard !key.isEmpty, key.utf8.count <= CollectService.Limits.idempotencyKeyMaxCharacters,
              key.utf8.allSatisfy({ $0 >= 0x21 && $0 <= 0x7E })
        else {
            throw ServiceFailure.invalid("IDEMPOTENCY_KEY_INVALID",
                                         "the idempotency key must be 1 to 128 printable ASCII characters without spaces",
                                         field: "idempotency-key")
        }
        return IdempotencyToken(principal: principal.name, key: key, method: path, requestHash: Digest.sha256(bytes))
    }

    static func failure(_ error: any Error) -> ServiceFailure {
        switch error {
        case let failure as ServiceFailure: failure
        case let error as StoreError: ServiceFailure(error)
        case let error as DomainError: ServiceFailure(error)
        default: ServiceFailure(.internal, "INTERNAL", "the request failed unexpectedly")
        }
    }
}
