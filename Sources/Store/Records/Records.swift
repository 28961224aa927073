import Domain

// Rows of the store as plain values. Money is minor units beside an ISO 4217 code; dates are days
// since 1970-01-01; instants are Unix milliseconds; enumerations are the schema's value names
// (`IN_PLAN`, `MONTHLY`, …), typed with Domain's enums where the rules read them (case state,
// plan kind and stage, contact direction). The services map them to protocol types.

/// A customer. The national ID is kept sealed (encrypted), as a keyed lookup hash, and masked.
public struct CustomerRecord: Sendable, Hashable {
    public var id: String
    public var country: String
    public var fullName: String
    public var nationalIDLookup: [UInt8]
    public var nationalIDSealed: [UInt8]
    public var nationalIDMasked: String
    public var phone: String
    public var email: String
    public var language: String
    public var mandate: String
    public var addressLine: String
    public var postalCode: String
    public var city: String

    public init(id: String, country: String, fullName: String, nationalIDLookup: [UInt8], nationalIDSealed: [UInt8],
                nationalIDMasked: String, phone: String, email: String, language: String, mandate: String,
                addressLine: String, postalCode: String, city: String) {
        self.id = id
        self.country = country
        self.fullName = fullName
        self.nationalIDLookup = nationalIDLookup
        self.nationalIDSealed = nationalIDSealed
        self.nationalIDMasked = nationalIDMasked
        self.phone = phone
        self.email = email
        self.language = language
        self.mandate = mandate
        self.addressLine = addressLine
        self.postalCode = postalCode
        self.city = city
    }
}

/// A collection case: one customer's delinquent accounts.
public struct CaseRecord: Sendable, Hashable {
    public var id: String
    public var customerID: String
    public var country: String
    public var status: CaseState
    public var assignedHandler: String
    public var segment: String
    public var version: Int64
    public var openedOn: Int32

    public init(id: String, customerID: String, country: String, status: CaseState, assignedHandler: String, segment: String,
                version: Int64, openedOn: Int32) {
        self.id = id
        self.customerID = customerID
        self.country = country
        self.status = status
        self.assignedHandler = assignedHandler
        self.segment = segment
        self.version = version
        self.openedOn = openedOn
    }
}

/// A card account and its arrears.
public struct AccountRecord: Sendable, Hashable {
    public var number: String
    public var customerID: String
    public var caseID: String
    public var product: String
    public var currency: String
    public var balanceMinor: Int64
    public var overdueMinor: Int64
    public var oldestUnpaidDue: Int32?
    public var creditLimitMinor: Int64
    public var paymentReference: String
    /// Money received beyond everything owed on the case, kept for a refund (never negative;
    /// `balanceMinor` never goes below zero through a payment).
    public var creditMinor: Int64

    public init(number: String, customerID: String, caseID: String, product: String, currency: String, balanceMinor: Int64,
                overdueMinor: Int64, oldestUnpaidDue: Int32?, creditLimitMinor: Int64, paymentReference: String, creditMinor: Int64 = 0) {
        self.number = number
        self.customerID = customerID
        self.caseID = caseID
        self.product = product
        self.currency = currency
        self.balanceMinor = balanceMinor
        self.overdueMinor = overdueMinor
        self.oldestUnpaidDue = oldestUnpaidDue
        self.creditLimitMinor = creditLimitMinor
        self.paymentReference = paymentReference
        self.creditMinor = creditMinor
    }
}

/// One installment of a plan.
public struct InstallmentRecord: Sendable, Hashable, Codable {
    public var sequence: Int
    public var dueOn: Int32
    public var requestedDueOn: Int32
    public var amountMinor: Int64
    public var paidMinor: Int64
    /// The value date of the payment that paid it in full; nil while something is outstanding (and
    /// for installments paid before migration 6, whose day is not known).
    public var paidInFullOn: Int32?

    public init(sequence: Int, dueOn: Int32, requestedDueOn: Int32, amountMinor: Int64, paidMinor: Int64, paidInFullOn: Int32? = nil) {
        self.sequence = sequence
        self.dueOn = dueOn
        self.requestedDueOn = requestedDueOn
        self.amountMinor = amountMinor
        self.paidMinor = paidMinor
        self.paidInFullOn = paidInFullOn
    }
}

/// A payment plan or promise to pay, with its installments.
public struct PlanRecord: Sendable, Hashable {
    public var id: String
    public var caseID: String
    public var kind: PlanKind
    public var status: PlanStage
    /// The day of the last status change (completed, broken, cancelled).
    public var statusOn: Int32?
    public var cancelReason: String
    public var currency: String
    public var totalMinor: Int64
    public var frequency: String
    public var version: Int64
    public var amendments: Int
    public var createdAtMs: Int64
    public var createdBy: String
    public var installments: [InstallmentRecord]

    public init(id: String, caseID: String, kind: PlanKind, status: PlanStage, statusOn: Int32?, cancelReason: String,
                currency: String, totalMinor: Int64, frequency: String, version: Int64, amendments: Int,
                createdAtMs: Int64, createdBy: String, installments: [InstallmentRecord]) {
        self.id = id
        self.caseID = caseID
        self.kind = kind
        self.status = status
        self.statusOn = statusOn
        self.cancelReason = cancelReason
        self.currency = currency
        self.totalMinor = totalMinor
        self.frequency = frequency
        self.version = version
        self.amendments = amendments
        self.createdAtMs = createdAtMs
        self.createdBy = createdBy
        self.installments = installments
    }

    /// Minor units paid over all installments.
    public var paidMinor: Int64 { installments.reduce(0) { $0 + $1.paidMinor } }
}

/// How part of a payment went to an installment.
public struct AllocationRecord: Sendable, Hashable {
    public var planID: String
    public var installmentSequence: Int
    public var amountMinor: Int64

    public init(planID: String, installmentSequence: Int, amountMinor: Int64) {
        self.planID = planID
        self.installmentSequence = installmentSequence
        self.amountMinor = amountMinor
    }
}

/// What a payment took off one account's debt, and the account's oldest unpaid due date before
/// it (what a reversal gives back; `Domain.AccountPart`).
public struct PaymentPartRecord: Sendable, Hashable {
    public var accountNumber: String
    public var overdueMinor: Int64
    public var notYetDueMinor: Int64
    public var oldestUnpaidDueBefore: Int32?

    public init(accountNumber: String, overdueMinor: Int64, notYetDueMinor: Int64, oldestUnpaidDueBefore: Int32?) {
        self.accountNumber = accountNumber
        self.overdueMinor = overdueMinor
        self.notYetDueMinor = notYetDueMinor
        self.oldestUnpaidDueBefore = oldestUnpaidDueBefore
    }
}

/// An incoming payment.
public struct PaymentRecord: Sendable, Hashable {
    public var id: String
    public var accountNumber: String
    public var caseID: String
    public var currency: String
    public var amountMinor: Int64
    public var paidOn: Int32
    public var reference: String
    public var source: String
    public var recordedAtMs: Int64
    public var recordedBy: String
    public var allocations: [AllocationRecord]
    /// The part of the payment beyond everything the case owed, kept as credit on the account.
    public var creditMinor: Int64
    /// Where its debt part went, per account (recorded since migration 14; read by `paymentRecord(id:)`).
    public var parts: [PaymentPartRecord]

    public init(id: String, accountNumber: String, caseID: String, currency: String, amountMinor: Int64, paidOn: Int32,
                reference: String, source: String, recordedAtMs: Int64, recordedBy: String, allocations: [AllocationRecord],
                creditMinor: Int64 = 0, parts: [PaymentPartRecord] = []) {
        self.id = id
        self.accountNumber = accountNumber
        self.caseID = caseID
        self.currency = currency
        self.amountMinor = amountMinor
        self.paidOn = paidOn
        self.reference = reference
        self.source = source
        self.recordedAtMs = recordedAtMs
        self.recordedBy = recordedBy
        self.allocations = allocations
        self.creditMinor = creditMinor
        self.parts = parts
    }
}

/// A contact with the customer.
public struct ContactRecord: Sendable, Hashable {
    public var id: String
    public var caseID: String
    public var channel: String
    public var direction: ContactDirection
    public var outcome: String
    public var occurredAtMs: Int64
    public var summary: String
    public var recordedBy: String

    public init(id: String, caseID: String, channel: String, direction: ContactDirection, outcome: String, occurredAtMs: Int64,
                summary: String, recordedBy: String) {
        self.id = id
        self.caseID = caseID
        self.channel = channel
        self.direction = direction
        self.outcome = outcome
        self.occurredAtMs = occurredAtMs
        self.summary = summary
        self.recordedBy = recordedBy
    }
}

/// A note on a case.
public struct NoteRecord: Sendable, Hashable {
    public var id: String
    public var caseID: String
    public var text: String
    public var author: String
    public var createdAtMs: Int64

    public init(id: String, caseID: String, text: String, author: String, createdAtMs: Int64) {
        self.id = id
        self.caseID = caseID
        self.text = text
        self.author = author
        self.createdAtMs = createdAtMs
    }
}

/// A flag on a case.
public struct FlagRecord: Sendable, Hashable {
    public var caseID: String
    public var kind: String
    public var untilDay: Int32?
    public var reason: String
    public var setOn: Int32
    public var setBy: String

    public init(caseID: String, kind: String, untilDay: Int32?, reason: String, setOn: Int32, setBy: String) {
        self.caseID = caseID
        self.kind = kind
        self.untilDay = untilDay
        self.reason = reason
        self.setOn = setOn
        self.setBy = setBy
    }
}

/// What kinds of rows a case holds, kept on its row by triggers (migration 4). A look-up reads
/// only the kinds that are there.
public struct CaseContents: OptionSet, Sendable, Hashable {
    public let rawValue: Int64
    public init(rawValue: Int64) { self.rawValue = rawValue }
    public static let plans = CaseContents(rawValue: 1)
    public static let payments = CaseContents(rawValue: 2)
    public static let contacts = CaseContents(rawValue: 4)
    public static let notes = CaseContents(rawValue: 8)
    public static let flags = CaseContents(rawValue: 16)
    public static let treatment = CaseContents(rawValue: 32)
    public static let actions = CaseContents(rawValue: 64)
}

/// Everything about one case, read in one transaction.
public struct CaseSnapshot: Sendable, Hashable {
    public var caseRecord: CaseRecord
    public var customer: CustomerRecord
    public var accounts: [AccountRecord]
    /// Newest first.
    public var plans: [PlanRecord]
    /// Newest first, at most the reader's limit.
    public var contacts: [ContactRecord]
    /// Newest first, at most the reader's limit.
    public var notes: [NoteRecord]
    public var flags: [FlagRecord]
    /// Newest first, at most the reader's limit.
    public var payments: [PaymentRecord]
    /// What the strategy in force did with the case, nil when it has no segment.
    public var treatment: TreatmentRecord? = nil
    /// The latest actions the daily cycle decided, latest first, at most the reader's limit.
    public var actions: [OutboxRecord] = []
}
