import Domain
import PaymentFiles
import Protocol
import Foundation
import Store
import Synchronization

/// Payment files on the writer thread: an import run's start, its chunks (matching each payment
/// by reference, applying it as of the bank's date, or putting it on the unmatched list), its
/// end; and the unmatched list worked by hand.
extension CollectService {
    /// The payment source a format's matched payments are recorded with.
    static func paymentSource(_ format: PaymentFileFormat) -> PaymentSource {
        switch format {
        case .bgMax: .bankgiro
        case .ocrGiro: .kid
        case .betalingsservice: .betalingsservice
        }
    }

    /// Starts an import run, or resumes the unfinished run of the same file.
    func beginImport(_ summary: PaymentFileSummary, digest: [UInt8], name: String, context: any WriteTransaction) throws -> [UInt8] {
        if let unfinished = try context.unfinishedPaymentFile(digest: digest) {
            try context.audit(action: "payment_file.resume", entity: "payment_file", entityID: unfinished.id, versionBefore: nil,
                              versionAfter: nil, detail: "\(summary.format.rawValue) \(summary.fileID) \(name)")
            return Array(unfinished.id.utf8)
        }
        let id = try context.nextID("payment_file", prefix: "PF")
        try context.insert(PaymentFileRecord(id: id, format: summary.format.rawValue, bankFileID: summary.fileID, name: name,
                                                        digest: digest, status: "APPLYING", payments: Int64(summary.payments),
                                                        amountMinor: summary.amountMinor, startedAtMs: context.nowMs, startedBy: context.actor))
        try context.audit(action: "payment_file.import", entity: "payment_file", entityID: id, versionBefore: nil, versionAfter: nil,
                          detail: "\(summary.format.rawValue) \(summary.fileID) \(name) \(summary.payments) payments \(summary.amountMinor)")
        return Array(id.utf8)
    }

    /// Applies one chunk of a run: each payment not seen before is matched and applied, or put
    /// on the unmatched list; each is recorded under the bank's identifiers.
    func applyChunk(_ payments: [FilePayment], runID: [UInt8], format: PaymentFileFormat, context: any WriteTransaction) throws -> [UInt8] {
        let run = String(decoding: runID, as: UTF8.self)
        var matched: Int64 = 0
        var unmatched: Int64 = 0
        var skipped: Int64 = 0
        for payment in payments {
            if try context.bankPaymentExists(bankID: payment.bankID) {
                skipped += 1
                continue
            }
            guard let paidOn = payment.paidOn else { preconditionFailure("second-pass payments carry their date") }
            let days = DomainBridge.days(paidOn)
            var paymentID: String?
            var unmatchedID: String?
            var outcome = try match(payment, format: format, paidOn: days, context: context)
            if case .reversal(let original) = outcome {
                if let reason = try reversePayment(original, bankID: payment.bankID, context: context) {
                    outcome = .unmatched("REVERSAL_NOT_UNDONE", reason)
                } else {
                    paymentID = original.id
                    matched += 1
                }
            }
            switch outcome {
            case .reversal: break
            case .account(let account, let caseRecord):
                let amount = Domain.Money(minorUnits: payment.amountMinor, currency: Domain.Currency(rawValue: account.currency) ?? .sek)
                paymentID = try applyPayment(amount, into: account, of: caseRecord, paidOn: days, reference: payment.reference,
                                             source: Self.paymentSource(format).name, recordedBy: context.actor, context: context).payment.id
                matched += 1
            case .unmatched(let reason, let note):
                let id = try context.nextID("unmatched", prefix: "UM")
                try context.insert(UnmatchedPaymentRecord(
                    id: id, bankID: payment.bankID, fileID: run, format: format.rawValue, kind: payment.kind.rawValue, reference: payment.reference,
                    currency: format.currency, amountMinor: payment.amountMinor, paidOn: days, reason: reason,
                    raw: note.isEmpty ? payment.raw : payment.raw + "\n" + note))
                try context.audit(action: "unmatched.create", entity: "unmatched_payment", entityID: id, versionBefore: nil, versionAfter: 1,
                                  detail: "\(run) \(payment.bankID) \(reason)")
                unmatchedID = id
                unmatched += 1
            }
            try context.insert(BankPaymentRecord(bankID: payment.bankID, fileID: run, kind: payment.kind.rawValue,
                                                            reference: payment.reference, amountMinor: payment.amountMinor, paidOn: days,
                                                            paymentID: paymentID, unmatchedID: unmatchedID))
        }
        try context.countPaymentFile(id: run, matched: matched, unmatched: unmatched, skipped: skipped)
        return []
    }

    /// Where a file's payment goes.
    enum FileMatch {
        case account(AccountRecord, CaseRecord)
        /// A reversal of this payment.
        case reversal(PaymentRecord)
        /// The reason code and a note for the handler.
        case unmatched(String, String)
    }

    /// Matches a payment by its reference under the country's scheme; anything that cannot be
    /// applied safely goes to the unmatched list with the reason.
    func match(_ payment: FilePayment, format: PaymentFileFormat, paidOn: Int32, context: any WriteTransaction) throws -> FileMatch {
        switch payment.kind {
        case .deduction: return .unmatched("DEDUCTION", "")
        case .reversal:
            // Keyed as the bank reports it: the payment applied from a file of the same format
            // with the reversal's reference and amount, newest first, not reversed yet
            // (docs/PAYMENT-FILES.md, "Reversals").
            guard let id = try context.reversedPaymentID(format: format.rawValue, reference: payment.reference, amountMinor: payment.amountMinor),
                  let original = try context.paymentRecord(id: id) else {
                return .unmatched("REVERSAL_ORIGINAL_UNKNOWN", "no payment from a \(format.rawValue) file with this reference and amount is applied and not yet reversed")
            }
            return .reversal(original)
        case .payment: break
        }
        guard payment.amountMinor > 0 else { return .unmatched("AMOUNT_ZERO", "") }
        let country = PaymentFileImporter.country(format)
        // Checked before any arithmetic touches it, as for every amount from outside.
        guard MoneyLimits.isWithin(Domain.Money(minorUnits: payment.amountMinor, currency: country.currency)) else {
            return .unmatched("AMOUNT_OVER_LIMIT", "more than \(MoneyLimits.maximum(country.currency).minorUnits) minor units in one payment")
        }
        if let failure = AccountReference.failure(Array(payment.reference.utf8), scheme: .issuerDefault(country)) {
            return .unmatched(failure.rawValue, "")
        }
        let numbers = try context.accountNumbers(paymentReference: payment.reference, limit: 2)
        guard numbers.count == 1, let account = try context.accountRecord(number: numbers[0]) else {
            return .unmatched(numbers.isEmpty ? "REFERENCE_UNKNOWN" : "REFERENCE_AMBIGUOUS", "")
        }
        guard let caseRecord = try context.caseRecord(id: account.caseID) else { return .unmatched("REFERENCE_UNKNOWN", "") }
        guard account.currency == format.currency else { return .unmatched("CURRENCY_MISMATCH", "account \(account.number) is in \(account.currency)") }
        guard caseRecord.status != .closed else { return .unmatched("ACCOUNT_CLOSED", "case \(caseRecord.id) is closed") }
        let today = today(caseRecord.country)
        if let failure = PaymentDateWindow.failure(paidOn: DomainBridge.day(paidOn), today: DomainBridge.day(today)) {
            return .unmatched("PAYMENT_DATE_OUT_OF_RANGE", "paid on \(failure == .future ? "a day after today" : "a day too long ago"): \(PaymentDateWindow.rule)")
        }
        return .account(account, caseRecord)
    }

    /// Ends a run: marks it applied and answers with its counts.
    func finishImport(runID: [UInt8], context: any WriteTransaction) throws -> [UInt8] {
        let id = String(decoding: runID, as: UTF8.self)
        try context.finishPaymentFile(id: id, atMs: context.nowMs)
        guard let run = try context.paymentFileRecord(id: id) else { throw StoreError.notFound(entity: "payment_file", id: id) }
        try context.audit(action: "payment_file.applied", entity: "payment_file", entityID: id, versionBefore: nil, versionAfter: nil,
                          detail: "matched \(run.matched) unmatched \(run.unmatched) skipped \(run.skipped)")
        return ImportPaymentFileResponse(importId: run.id, format: run.format, bankFileId: run.bankFileID, payments: UInt32(clamping: run.payments),
                                         matched: UInt32(clamping: run.matched), unmatched: UInt32(clamping: run.unmatched),
                                         skipped: UInt32(clamping: run.skipped),
                                         total: RecordMapping.money(run.amountMinor, PaymentFileFormat(rawValue: run.format)?.currency ?? "SEK")).encoded()
    }

    // MARK: The unmatched list

    func listUnmatchedPayments(_ request: ListUnmatchedPaymentsRequest, _ call: Call) throws -> ListUnmatchedPaymentsResponse {
        try require(.recordPayments, call.principal)
        let statuses = ["", "OPEN", "MATCHED", "REFUNDED", "ALL"]
        guard statuses.contains(request.status) else {
            throw ServiceFailure.invalid("UNMATCHED_STATUS", "status is OPEN, MATCHED, REFUNDED or ALL", field: "status")
        }
        let pageSize = request.page.pageSize == 0 ? Limits.paymentPageMax : Int(request.page.pageSize)
        guard pageSize <= Limits.paymentPageMax else {
            throw ServiceFailure.invalid("PAGE_SIZE_TOO_LARGE", "page_size is at most \(Limits.paymentPageMax)", field: "page.page_size")
        }
        guard request.page.cursor.utf8.count <= Limits.idMaxCharacters else {
            throw ServiceFailure.invalid("PAGE_CURSOR_INVALID", "cursor must be a next_cursor from an earlier page", field: "page.cursor")
        }
        let status: String? = request.status == "ALL" ? nil : (request.status.isEmpty ? "OPEN" : request.status)
        return try call.reader.read { connection in
            // Only the files of the token's countries.
            let formats = PaymentFileFormat.allCases.filter { call.principal.countries.contains(PaymentFileImporter.country($0).rawValue) }
            let rows = try connection.unmatchedPaymentRecords(status: status, formats: formats.map(\.rawValue), afterID: request.page.cursor,
                                                              limit: pageSize + 1)
            let page = Array(rows.prefix(pageSize))
            return ListUnmatchedPaymentsResponse(payments: page.map(Self.unmatched), nextCursor: rows.count > pageSize ? page.last?.id ?? "" : "")
        }
    }

    func matchUnmatchedPayment(_ request: MatchUnmatchedPaymentRequest, _ principal: Principal, _ context: any WriteTransaction) throws -> MatchUnmatchedPaymentResponse {
        try require(.recordPayments, principal)
        let entry = try openUnmatched(request.unmatchedId, expectedVersion: request.expectedVersion, principal, context)
        guard entry.kind == FilePayment.Kind.payment.rawValue, entry.amountMinor > 0,
              MoneyLimits.isWithin(Domain.Money(minorUnits: entry.amountMinor, currency: Domain.Currency(rawValue: entry.currency) ?? .sek)) else {
            throw ServiceFailure.invalid("UNMATCHED_NOT_A_PAYMENT", "a \(entry.kind.lowercased()) (or a payment over the amount limit) is not matched to an account; refund or resolve it in the bank",
                                         field: "unmatched_id")
        }
        try requireID(request.accountNumber, field: "account_number", code: "ACCOUNT_NUMBER")
        guard let account = try context.accountRecord(number: request.accountNumber) else {
            throw ServiceFailure.notFound("ACCOUNT_NOT_FOUND", "no account \(request.accountNumber)", field: "account_number")
        }
        let caseRecord = try scopedCase(account.caseID, principal, context)
        guard account.currency == entry.currency else {
            throw ServiceFailure.invalid("PAYMENT_CURRENCY_MISMATCH", "account \(account.number) is in \(account.currency), the payment in \(entry.currency)",
                                         field: "account_number")
        }
        let amount = Domain.Money(minorUnits: entry.amountMinor, currency: Domain.Currency(rawValue: entry.currency) ?? .sek)
        let format = PaymentFileFormat(rawValue: entry.format) ?? .bgMax
        let applied = try applyPayment(amount, into: account, of: caseRecord, paidOn: entry.paidOn, reference: entry.reference,
                                       source: Self.paymentSource(format).name, recordedBy: principal.name, context: context)
        let resolved = try resolve(entry, status: "MATCHED", resolution: applied.payment.id, principal, context)
        return MatchUnmatchedPaymentResponse(unmatched: Self.unmatched(resolved), payment: RecordMapping.payment(applied.payment))
    }

    func refundUnmatchedPayment(_ request: RefundUnmatchedPaymentRequest, _ principal: Principal, _ context: any WriteTransaction) throws -> RefundUnmatchedPaymentResponse {
        try require(.recordPayments, principal)
        try requireText(request.reason, field: "reason", code: "REFUND_REASON", max: Limits.reasonMaxCharacters)
        let entry = try openUnmatched(request.unmatchedId, expectedVersion: request.expectedVersion, principal, context)
        let resolved = try resolve(entry, status: "REFUNDED", resolution: request.reason, principal, context)
        return RefundUnmatchedPaymentResponse(unmatched: Self.unmatched(resolved))
    }

    private func openUnmatched(_ id: String, expectedVersion: UInt64, _ principal: Principal, _ context: any WriteTransaction) throws -> UnmatchedPaymentRecord {
        try requireID(id, field: "unmatched_id", code: "UNMATCHED_ID")
        guard let entry = try context.unmatchedPaymentRecord(id: id) else {
            throw ServiceFailure.notFound("UNMATCHED_NOT_FOUND", "no unmatched payment \(id)", field: "unmatched_id")
        }
        try requireCountry(PaymentFileImporter.country(PaymentFileFormat(rawValue: entry.format) ?? .bgMax).rawValue, principal, what: "unmatched payment \(id)")
        try checkVersion(expectedVersion, current: entry.version, entity: "unmatched_payment", id: id)
        guard entry.status == "OPEN" else {
            throw ServiceFailure(.failedPrecondition, "UNMATCHED_ALREADY_RESOLVED", "\(id) is \(entry.status.lowercased()) (\(entry.resolution))", field: "unmatched_id")
        }
        return entry
    }

    private func resolve(_ entry: UnmatchedPaymentRecord, status: String, resolution: String, _ principal: Principal,
                         _ context: any WriteTransaction) throws -> UnmatchedPaymentRecord {
        guard try context.resolveUnmatched(id: entry.id, status: status, resolution: resolution, by: principal.name, atMs: context.nowMs,
                                                      expectedVersion: entry.version) else {
            throw StoreError.versionConflict(entity: "unmatched_payment", id: entry.id, expected: entry.version, current: entry.version + 1)
        }
        try context.audit(action: "unmatched.\(status.lowercased())", entity: "unmatched_payment", entityID: entry.id, versionBefore: entry.version,
                          versionAfter: entry.version + 1, detail: resolution)
        guard let resolved = try context.unmatchedPaymentRecord(id: entry.id) else {
            throw StoreError.notFound(entity: "unmatched_payment", id: entry.id)
        }
        return resolved
    }

    static func unmatched(_ record: UnmatchedPaymentRecord) -> UnmatchedPayment {
        UnmatchedPayment(unmatchedId: record.id, importId: record.fileID, format: record.format, kind: record.kind, reference: record.reference,
                         amount: RecordMapping.money(record.amountMinor, record.currency), paidOn: RecordMapping.date(record.paidOn),
                         reason: record.reason, raw: record.raw, status: record.status, version: UInt64(record.version),
                         resolution: record.resolution, resolvedBy: record.resolvedBy)
    }
}

extension MatchUnmatchedPaymentRequest: VersionedChange {}
extension RefundUnmatchedPaymentRequest: VersionedChange {}

extension CollectService {
    /// Longest file name recorded with an import.
    static let paymentFileNameMaxCharacters = 200

    /// `ImportPaymentFile`: the uploaded file is imported on a thread of its own (the import
    /// waits for the writer chunk by chunk); the call completes when it has finished.
    func importPaymentFile(_ call: Call) {
        if let fault = call.storageFault() { return call.completion(.failure(fault)) }
        let request: ImportPaymentFileRequest
        do {
            request = try call.decode(ImportPaymentFileRequest.self)
            try require(.recordPayments, call.principal)
            try requireText(request.fileName, field: "file_name", code: "PAYMENT_FILE_NAME", max: Self.paymentFileNameMaxCharacters, required: false)
            guard !request.content.isEmpty else {
                throw ServiceFailure.invalid("PAYMENT_FILE_EMPTY", "content is empty: send the file's bytes", field: "content")
            }
        } catch {
            return call.completion(.failure(Call.failure(error)))
        }
        // The slot is taken before a thread is started: concurrent uploads cannot pile up threads
        // each holding its file.
        let importer = PaymentFileImporter(service: self)
        do throws(ServiceFailure) {
            try importer.claim()
        } catch {
            return call.completion(.failure(error))
        }
        let principal = call.principal
        let completion = call.completion
        let thread = Thread {
            do throws(ServiceFailure) {
                let response = try importer.runClaimed(InMemoryPaymentFile(name: request.fileName.isEmpty ? "upload" : request.fileName, bytes: request.content),
                                                as: principal)
                completion(.success(response.encoded()))
            } catch {
                completion(.failure(error))
            }
        }
        thread.name = "collect-payment-import"
        thread.start()
    }
}
