/// One import run of a payment file.
public struct PaymentFileRecord: Sendable, Hashable {
    public var id: String
    public var format: String
    /// The bank's identification of the file (BgMax timestamp, Nets transmission number, BS delivery id).
    public var bankFileID: String
    public var name: String
    public var digest: [UInt8]
    /// `APPLYING` until its last payment is applied, then `APPLIED`.
    public var status: String
    public var payments: Int64
    public var amountMinor: Int64
    public var matched: Int64
    public var unmatched: Int64
    public var skipped: Int64
    public var startedAtMs: Int64
    public var startedBy: String
    public var finishedAtMs: Int64?

    public init(id: String, format: String, bankFileID: String, name: String, digest: [UInt8], status: String, payments: Int64,
                amountMinor: Int64, matched: Int64 = 0, unmatched: Int64 = 0, skipped: Int64 = 0, startedAtMs: Int64, startedBy: String,
                finishedAtMs: Int64? = nil) {
        self.id = id
        self.format = format
        self.bankFileID = bankFileID
        self.name = name
        self.digest = digest
        self.status = status
        self.payments = payments
        self.amountMinor = amountMinor
        self.matched = matched
        self.unmatched = unmatched
        self.skipped = skipped
        self.startedAtMs = startedAtMs
        self.startedBy = startedBy
        self.finishedAtMs = finishedAtMs
    }
}

/// A payment a bank's file reported, under the bank's own identifiers, and what became of it.
public struct BankPaymentRecord: Sendable, Hashable {
    public var bankID: String
    public var fileID: String
    public var kind: String
    public var reference: String
    public var amountMinor: Int64
    public var paidOn: Int32
    /// The payment it was applied as, when matched.
    public var paymentID: String?
    /// Its entry on the unmatched list, when not.
    public var unmatchedID: String?

    public init(bankID: String, fileID: String, kind: String, reference: String, amountMinor: Int64, paidOn: Int32,
                paymentID: String?, unmatchedID: String?) {
        self.bankID = bankID
        self.fileID = fileID
        self.kind = kind
        self.reference = reference
        self.amountMinor = amountMinor
        self.paidOn = paidOn
        self.paymentID = paymentID
        self.unmatchedID = unmatchedID
    }
}

/// A payment from a file that matched no account, waiting for a handler.
public struct UnmatchedPaymentRecord: Sendable, Hashable {
    public var id: String
    public var bankID: String
    public var fileID: String
    public var format: String
    public var kind: String
    public var reference: String
    public var currency: String
    public var amountMinor: Int64
    public var paidOn: Int32
    /// Why it did not match (a stable code such as `REFERENCE_CHECK_DIGIT`).
    public var reason: String
    /// The file's record(s) as read.
    public var raw: String
    /// `OPEN`, `MATCHED` or `REFUNDED`.
    public var status: String
    public var version: Int64
    /// The payment it became, or the refund's reason.
    public var resolution: String
    public var resolvedBy: String
    public var resolvedAtMs: Int64?

    public init(id: String, bankID: String, fileID: String, format: String, kind: String, reference: String, currency: String,
                amountMinor: Int64, paidOn: Int32, reason: String, raw: String, status: String = "OPEN", version: Int64 = 1,
                resolution: String = "", resolvedBy: String = "", resolvedAtMs: Int64? = nil) {
        self.id = id
        self.bankID = bankID
        self.fileID = fileID
        self.format = format
        self.kind = kind
        self.reference = reference
        self.currency = currency
        self.amountMinor = amountMinor
        self.paidOn = paidOn
        self.reason = reason
        self.raw = raw
        self.status = status
        self.version = version
        self.resolution = resolution
        self.resolvedBy = resolvedBy
        self.resolvedAtMs = resolvedAtMs
    }
}
