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
/// thread's `StoreReader`, queues mutations to the single `StoreWriter`, encodes responses.
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
        public static let paymentMaxAgeDays: Int32 = 400
    }

    let writer: StoreWriter
    let sealer: Sealer
    let clockMs: @Sendable () -> Int64
    let ruleBook: RuleBook
    let serverInfo: ServerInfo
    /// True while a payment file is being imported (one at a time).
    let paymentImportBusy = Atomic<Bool>(false)
    /// Request decoding limits.
    public let wireLimits: WireLimits

    /// Creates the service over a running writer.
    public init(writer: StoreWriter, sealer: Sealer, ruleBook: RuleBook = .standard, version: String, loopThreads: Int,
                wireLimits: WireLimits = .default, clockMs: @escaping @Sendable () -> Int64 = StoreWriter.wallClockMs) {
        self.writer = writer
        self.sealer = sealer
        self.ruleBook = ruleBook
        self.clockMs = clockMs
        self.wireLimits = wireLimits
        serverInfo = ServerInfo(version: version, schemaFingerprint: SchemaInfo.fingerprint, schemaPackage: SchemaInfo.package,
                                startedAtMs: clockMs(), loopThreads: UInt32(loopThreads))
    }

    /// Every path this service answers.
    public static var paths: [String] { SchemaInfo.methods.map(\.path) }

    /// Handles one call. Reads complete before this returns; mutations complete later, on the
    /// writer thread, after their batch is durable.
    public func handle(path: String, request: [UInt8], environment: CallEnvironment, reader: StoreReader,
                       completion: @escaping ServiceCompletion) {
        let call = Call(service: self, request: request, environment: environment, reader: reader, completion: completion)
        switch path {
        case CasesService.getCase.path: call.readEncoded(getCaseCached)
        case CasesService.searchCases.path: call.read(searchCases)
        case CasesService.addNote.path: call.mutate(CasesService.addNote, addNote)
        case CasesService.listNotes.path: call.read(listNotes)
        case CasesService.recordContact.path: call.mutate(CasesService.recordContact, recordContact)
        case CasesService.setFlag.path: call.mutate(CasesService.setFlag, setFlag)
        case CasesService.clearFlag.path: call.mutate(CasesService.clearFlag, clearFlag)
        case PlansService.previewPlan.path: call.read(previewPlan)
        case PlansService.createPlan.path: call.mutate(PlansService.createPlan, createPlan)
        case PlansService.amendPlan.path: call.mutate(PlansService.amendPlan, amendPlan)
        case PlansService.cancelPlan.path: call.mutate(PlansService.cancelPlan, cancelPlan)
        case PlansService.getPlan.path: call.read(getPlan)
        case PlansService.listPlans.path: call.read(listPlans)
        case PaymentsService.recordPayment.path: call.mutate(PaymentsService.recordPayment, recordPayment)
        case PaymentsService.listPayments.path: call.read(listPayments)
        case PaymentFilesService.importPaymentFile.path: importPaymentFile(call)
        case PaymentFilesService.listUnmatchedPayments.path: call.read(listUnmatchedPayments)
        case PaymentFilesService.matchUnmatchedPayment.path: call.mutate(PaymentFilesService.matchUnmatchedPayment, matchUnmatchedPayment)
        case PaymentFilesService.refundUnmatchedPayment.path: call.mutate(PaymentFilesService.refundUnmatchedPayment, refundUnmatchedPayment)
        case SystemService.getServerInfo.path: call.read(usesStorage: false) { (_: GetServerInfoRequest, _: Call) in self.serverInfo }
        case SystemService.listAudit.path: call.read(listAudit)
        default: completion(.failure(ServiceFailure(.unimplemented, "UNKNOWN_METHOD", "no method \(path)")))
        }
    }

    /// The failure every call that touches storage gets once the writer has found its database
    /// file gone, replaced or damaged; nil while the storage is healthy.
    public var storageFault: ServiceFailure? { writer.fault.map(ServiceFailure.init) }

    /// Today's date in `country` (days since 1970-01-01).
    func today(_ country: String) -> Int32 {
        let local = (Domain.Country(rawValue: country) ?? .se).localDateTime(unixSeconds: clockMs() / 1_000)
        return Int32(local.day.daysSinceEpoch)
    }
}

/// One call in progress: decoding, the read or mutation, and encoding of the answer.
struct Call: Sendable {
    let service: CollectService
    let request: [UInt8]
    let environment: CallEnvironment
    let reader: StoreReader
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
        let storeError = (error as? StoreError) ?? (error as? SQLiteError).map(StoreError.init)
        if let storeError { service.writer.reportReadFault(storeError) }
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

    /// A mutation: input checked now; `body` runs on the writer thread inside the transaction.
    func mutate<Request: WireMessage, Response: WireMessage>(
        _ method: MethodDescriptor<Request, Response>, _ body: @escaping @Sendable (Request, Principal, WriteContext) throws -> Response
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
        let refusal = RefusalBox()
        service.writer.submit(Mutation(
            actor: principal.name, idempotency: token, isWanted: environment.isWanted,
            apply: refusal.keeping { context in try body(message, principal, context).encoded() },
            completion: { result in
                switch result {
                case .success(let outcome): completion(.success(outcome.response))
                case .failure(let error): completion(.failure(refusal.failure ?? ServiceFailure(error)))
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
        case let error as SQLiteError: ServiceFailure(StoreError(error))
        default: ServiceFailure(.internal, "INTERNAL", "the request failed unexpectedly")
        }
    }
}

/// Carries a mutation's refusal from its `apply` to its completion; both run on the writer thread.
final class RefusalBox: @unchecked Sendable {
    var failure: ServiceFailure?

    /// `apply` with its refusals kept here (their gRPC status) for the completion; the writer
    /// only needs to know the savepoint is to be rolled back.
    func keeping(_ apply: @escaping @Sendable (WriteContext) throws -> [UInt8]) -> @Sendable (WriteContext) throws -> [UInt8] {
        { context in
            do {
                return try apply(context)
            } catch let error as StoreError {
                throw error
            } catch {
                let failure = Call.failure(error)
                self.failure = failure
                throw StoreError.rejected(code: failure.detail.code, fieldPath: failure.detail.fieldPath, message: failure.detail.message)
            }
        }
    }
}
