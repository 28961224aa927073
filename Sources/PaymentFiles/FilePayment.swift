import Domain

/// One payment (or reversal, or deduction) as a bank's file reports it.
public struct FilePayment: Sendable, Hashable {
    /// What the record does to money.
    public enum Kind: String, Sendable, Hashable {
        /// Money received.
        case payment = "PAYMENT"
        /// An earlier payment taken back (Nets OCR giro types 18 and 20; Betalingsservice 0239, 0299).
        case reversal = "REVERSAL"
        /// Money deducted from a deposit (BgMax TK21): worked by hand.
        case deduction = "DEDUCTION"
    }

    /// The bank's own identifiers of this payment, joined: the key that makes import idempotent.
    public var bankID: String
    /// What the record does.
    public var kind: Kind
    /// The reference the payer gave (OCR, KID, FI payment id), blanks trimmed.
    public var reference: String
    /// The amount in minor units (öre, øre), never negative.
    public var amountMinor: Int64
    /// The bank's payment date; nil in a BgMax first pass (the date is in the section's last record).
    public var paidOn: Day?
    /// The 1-based line of the record.
    public var line: Int
    /// The record's text as read (ISO-8859-1), trailing blanks trimmed, for the unmatched list.
    public var raw: String
}

/// What a whole file held, known once its end record has been checked.
public struct PaymentFileSummary: Sendable, Hashable {
    /// The format.
    public var format: PaymentFileFormat
    /// The file's own identification (BgMax timestamp, Nets transmission number, BS delivery id).
    public var fileID: String
    /// True for a BgMax test file (test mark `T`).
    public var isTest: Bool
    /// Records (lines) read.
    public var records: Int
    /// Payments, reversals and deductions reported.
    public var payments: Int
    /// Their amounts added up, in minor units.
    public var amountMinor: Int64
    /// BgMax: the payment date of each section (deposit), in file order; empty for other formats.
    public var sectionDays: [Day]
}
