import Crypto
import Foundation
import Protocol
import Services
import SQLiteDriver
import Store

/// A real store (temporary SQLite file, writer thread, reader) behind a `CollectService`, with a
/// fixed clock, seeded with a few cases; calls go through `handle` exactly as the server's router
/// sends them, without a network.
final class ServiceHarness: @unchecked Sendable {
    let directory: String
    let path: String
    let writer: StoreWriter
    let reader: StoreReader
    let service: CollectService
    let sealer = Sealer(masterKey: [UInt8](repeating: 42, count: 32))
    /// 2026-11-30 10:00 UTC, a Monday.
    static let nowMs: Int64 = Int64(CalendarDate(year: 2026, month: 11, day: 30)!.daysSinceEpoch) * 86_400_000 + 10 * 3_600_000
    static var today: CalendarDate { CalendarDate(year: 2026, month: 11, day: 30)! }

    static let handler = Principal(name: "anna.handler", role: .handler, countries: ["SE", "NO", "DK"])
    static let swedishHandler = Principal(name: "sven.handler", role: .handler, countries: ["SE"])
    static let coordinator = Principal(name: "coord.erik", role: .coordinator, countries: ["SE", "NO", "DK"])
    static let auditor = Principal(name: "audit.ida", role: .auditor, countries: ["SE", "NO", "DK"])
    static let automation = Principal(name: "dialer", role: .automation, countries: ["SE", "NO", "DK"])

    init() throws {
        directory = NSTemporaryDirectory() + "collect-services-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        path = directory + "/collect.sqlite"
        writer = try StoreWriter(path: path, auditKey: .unkeyed, clockMs: { ServiceHarness.nowMs })
        service = CollectService(writer: writer, sealer: sealer, version: "test", loopThreads: 1, clockMs: { ServiceHarness.nowMs })
        try Self.seed(writer: writer, sealer: sealer)
        reader = try StoreReader(path: path)
    }

    deinit {
        writer.stop()
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// Three cases: C-SE-1 (SEK, 45 days past due, phone), C-NO-1 (NOK, e-mail only), C-DK-1 (DKK).
    private static func seed(writer: StoreWriter, sealer: Sealer) throws {
        let today = Self.today.daysSinceEpoch
        let rows: [(country: String, currency: String, id: String, nationalID: String, phone: String, dpd: Int32)] = [
            ("SE", "SEK", "SE-1", "198503122387", "+46701234567", 45),
            ("NO", "NOK", "NO-1", "01018512345", "", 20),
            ("DK", "DKK", "DK-1", "0101851234", "+4520123456", 95),
        ]
        let done = Blocking<Void>()
        writer.submit(Mutation(actor: "seed", idempotency: nil, apply: { context in
            for row in rows {
                try context.insert(CustomerRecord(
                    id: "CU-\(row.id)", country: row.country, fullName: "Kund \(row.id)", nationalIDLookup: sealer.lookupHash(row.nationalID),
                    nationalIDSealed: sealer.seal(row.nationalID), nationalIDMasked: String(row.nationalID.prefix(6)) + "-****",
                    phone: row.phone, email: "kund.\(row.id.lowercased())@example.com", language: "EN", mandate: "NONE",
                    addressLine: "Gata 1", postalCode: "111 11", city: "Stad"))
                try context.insert(CaseRecord(id: "C-\(row.id)", customerID: "CU-\(row.id)", country: row.country, status: .open,
                                                         assignedHandler: "anna.handler", segment: "long-term", version: 1, openedOn: today - row.dpd))
                try context.insert(AccountRecord(number: "A-\(row.id)", customerID: "CU-\(row.id)", caseID: "C-\(row.id)",
                                                            product: "Classic", currency: row.currency, balanceMinor: 2_000_000,
                                                            overdueMinor: 600_000, oldestUnpaidDue: today - row.dpd,
                                                            creditLimitMinor: 5_000_000, paymentReference: "1234567897"))
            }
            return []
        }, completion: { result in done.finish(result.map { _ in () }.mapError { $0 as any Error }) }))
        try done.wait()
    }

    /// Calls `path` with `request` as `principal`; waits for the answer.
    func call<Request: WireMessage, Response: WireMessage>(
        _ method: MethodDescriptor<Request, Response>, _ request: Request, as principal: Principal = ServiceHarness.handler,
        key: String? = nil
    ) -> Result<Response, ServiceFailure> {
        switch raw(method.path, request.encoded(), as: principal, key: key) {
        case .success(let bytes): .success(try! Response(decoding: bytes))
        case .failure(let failure): .failure(failure)
        }
    }

    func raw(_ path: String, _ bytes: [UInt8], as principal: Principal, key: String? = nil) -> Result<[UInt8], ServiceFailure> {
        let answer = Blocking<[UInt8]>()
        service.handle(path: path, request: bytes, environment: CallEnvironment(principal: principal, idempotencyKey: key),
                       reader: reader) { result in answer.finish(result.mapError { $0 as any Error }) }
        do {
            return .success(try answer.wait())
        } catch let failure as ServiceFailure {
            // Every refusal any service test provokes is checked against the catalogue.
            CatalogueCheck.verify(failure)
            return .failure(failure)
        } catch {
            return .failure(ServiceFailure(.internal, "TEST", "\(error)"))
        }
    }

    /// The case as a handler sees it now.
    func view(_ caseID: String) -> CaseView {
        try! call(CasesService.getCase, GetCaseRequest(caseId: caseID)).get().view
    }

    /// Rows in a table, to show that a refused call changed nothing.
    func count(_ table: String) -> Int64 {
        let connection = try! Connection(path: path, readOnly: true)
        return try! connection.scalarInt("SELECT count(*) FROM \(table)") ?? -1
    }
}

/// Waits for a completion delivered on another thread.
final class Blocking<T>: @unchecked Sendable {
    private let condition = NSCondition()
    private var result: Result<T, any Error>?

    func finish(_ result: Result<T, any Error>) {
        condition.lock()
        self.result = result
        condition.broadcast()
        condition.unlock()
    }

    func wait() throws -> T {
        condition.lock()
        defer { condition.unlock() }
        while result == nil { condition.wait() }
        return try result!.get()
    }
}

extension Result {
    /// The failure, or nil on success.
    var failure: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
