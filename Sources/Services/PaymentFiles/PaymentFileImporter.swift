import Crypto
import Domain
import Foundation
import PaymentFiles
import Protocol
import Store
import Synchronization

/// Imports payment files: checks the whole file in a first streaming pass (nothing is written
/// for a file that fails), then reads it again and applies its payments through the writer in
/// chunks of `chunkPayments`, each chunk one mutation (its own savepoint in a group-commit
/// transaction). Each payment is keyed by the bank's identifiers, so a run that stopped (a
/// crash, a kill) is finished by importing the same file again: what was applied is skipped.
///
/// One import at a time; a second one meanwhile is refused (`PAYMENT_IMPORT_BUSY`). Imports run
/// on the caller's thread and block it (the RPC handler and the inbox run them on threads of
/// their own).
public final class PaymentFileImporter: Sendable {
    /// Bytes read at a time.
    public static let chunkBytes = 256 * 1024
    /// Payments applied per mutation: large enough to amortise the writer's per-mutation cost,
    /// small enough that other callers' writes wait only milliseconds behind a chunk.
    public static let chunkPayments = 200

    let service: CollectService
    let limits: PaymentFileReader.Limits

    /// Creates the importer over the service's writer.
    public init(service: CollectService, limits: PaymentFileReader.Limits = .init()) {
        self.service = service
        self.limits = limits
    }

    /// Imports `source` as `principal`; returns what it did. Throws `ServiceFailure`.
    /// `shouldStop` is asked between chunks: a server stopping ends the import there (the run
    /// is finished by the next import of the file).
    public func run(_ source: any PaymentFileSource, as principal: Principal,
                    shouldStop: @escaping () -> Bool = { false }) throws(ServiceFailure) -> ImportPaymentFileResponse {
        guard principal.may(.recordPayments) else {
            throw ServiceFailure.denied("the \(principal.role.rawValue) role may not do this (needs recordPayments)")
        }
        try claim()
        return try runClaimed(source, as: principal, shouldStop: shouldStop)
    }

    /// Takes the one import slot, or refuses (RESOURCE_EXHAUSTED `PAYMENT_IMPORT_BUSY`).
    func claim() throws(ServiceFailure) {
        guard service.paymentImportBusy.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged else {
            throw ServiceFailure(.resourceExhausted, "PAYMENT_IMPORT_BUSY", "another payment file is being imported; try again when it has finished")
        }
    }

    /// `run` once `claim` has taken the slot; gives it back at the end.
    func runClaimed(_ source: any PaymentFileSource, as principal: Principal,
                    shouldStop: @escaping () -> Bool = { false }) throws(ServiceFailure) -> ImportPaymentFileResponse {
        defer { service.paymentImportBusy.store(false, ordering: .releasing) }
        do {
            return try importFile(source, principal, shouldStop)
        } catch let failure as ServiceFailure {
            throw failure
        } catch let error as PaymentFileError {
            throw Self.failure(error)
        } catch {
            throw Call.failure(error)
        }
    }

    /// A refused file's error: INVALID_ARGUMENT, the format's code, the line and field.
    static func failure(_ error: PaymentFileError) -> ServiceFailure {
        let field = error.field.isEmpty ? "line \(error.line)" : "line \(error.line): \(error.field)"
        return ServiceFailure(.invalidArgument, error.code.rawValue, "the file is refused, nothing applied: line \(error.line)"
                                + (error.field.isEmpty ? "" : " (\(error.field))") + ": \(error.message)", field: field)
    }

    private func importFile(_ source: any PaymentFileSource, _ principal: Principal, _ shouldStop: @escaping () -> Bool) throws -> ImportPaymentFileResponse {
        // Pass 1: the whole file checked; nothing kept per payment.
        var checker = PaymentFileReader(limits: limits)
        var chunks = try source.open()
        while let chunk = try chunks.next() { try checker.read(chunk) { _ in } }
        let summary = try checker.finish { _ in }
        guard !summary.isTest else {
            throw ServiceFailure.invalid("PAYMENT_FILE_TEST", "the file is a test file (BgMax test mark T); nothing applied", field: "line 1: test mark 45")
        }
        let country = Self.country(summary.format)
        guard principal.countries.contains(country.rawValue) else {
            throw ServiceFailure(.permissionDenied, "COUNTRY_OUT_OF_SCOPE", "a \(summary.format.rawValue) file is for \(country.rawValue); this token does not cover it")
        }
        let digest = Self.identity(summary)
        let name = String(source.name.prefix(CollectService.paymentFileNameMaxCharacters))
        let runID = try submit(principal) { context in
            try self.service.beginImport(summary, digest: digest, name: name, context: context)
        }
        // Pass 2: applied in chunks, each payment once.
        var reader = PaymentFileReader(sectionDays: summary.sectionDays, limits: limits)
        var pending: [FilePayment] = []
        pending.reserveCapacity(Self.chunkPayments)
        chunks = try source.open()
        let flush = { (payments: [FilePayment]) throws in
            if shouldStop() {
                throw ServiceFailure(.unavailable, "PAYMENT_IMPORT_STOPPED", "the server is stopping; import the file again to finish it")
            }
            _ = try self.submit(principal) { context in
                try self.service.applyChunk(payments, runID: runID, format: summary.format, context: context)
            }
        }
        while let chunk = try chunks.next() {
            try reader.read(chunk) { payment in
                pending.append(payment)
                if pending.count == Self.chunkPayments {
                    try flush(pending)
                    pending.removeAll(keepingCapacity: true)
                }
            }
        }
        let again = try reader.finish { pending.append($0) }
        guard again == summary else {
            throw Self.failure(PaymentFileError(.changed, line: 0, "the file changed while it was imported; what was applied stays, import it again"))
        }
        if !pending.isEmpty { try flush(pending) }
        let response = try submit(principal) { context in
            try self.service.finishImport(runID: runID, context: context)
        }
        return try ImportPaymentFileResponse(decoding: response)
    }

    /// Submits one mutation and waits for it to be durable; returns its encoded response, or
    /// throws its refusal as the caller's failure.
    private func submit(_ principal: Principal, _ apply: @escaping @Sendable (any WriteTransaction) throws -> [UInt8]) throws -> [UInt8] {
        do {
            return try service.writer.submitAndWait(actor: principal.name, apply)
        } catch {
            throw Call.failure(error)
        }
    }

    /// The country a format's payments are in.
    static func country(_ format: PaymentFileFormat) -> Domain.Country {
        switch format {
        case .bgMax: .se
        case .ocrGiro: .no
        case .betalingsservice: .dk
        }
    }

    /// What identifies a file across runs: its format, the bank's id for it and its control
    /// totals (a run left unfinished is resumed by the next import of the same file).
    static func identity(_ summary: PaymentFileSummary) -> [UInt8] {
        Digest.sha256(Array("\(summary.format.rawValue)|\(summary.fileID)|\(summary.records)|\(summary.payments)|\(summary.amountMinor)|\(summary.sectionDays.map(\.daysSinceEpoch))".utf8))
    }
}
