import Domain
// Column lists and row decoders, one per record, kept beside each other so that a SELECT and
// the decoder reading it cannot drift apart.

extension CustomerRecord {
    static let columns = "id, country, full_name, name_key, national_id_lookup, national_id_sealed, national_id_masked, phone, email, language, mandate, address_line, postal_code, city"

    init(_ row: Statement) {
        self.init(id: row.text(0), country: row.text(1), fullName: row.text(2), nationalIDLookup: row.blob(4),
                  nationalIDSealed: row.blob(5), nationalIDMasked: row.text(6), phone: row.text(7), email: row.text(8),
                  language: row.text(9), mandate: row.text(10), addressLine: row.text(11), postalCode: row.text(12),
                  city: row.text(13))
    }

    var values: [SQLValue] {
        [.text(id), .text(country), .text(fullName), .text(Self.nameKey(fullName)), .blob(nationalIDLookup), .blob(nationalIDSealed), .text(nationalIDMasked),
         .text(phone), .text(email), .text(language), .text(mandate), .text(addressLine), .text(postalCode), .text(city)]
    }
}

extension CustomerRecord {
    /// The form names are searched in: lower-cased (Unicode-aware, so Å matches å), spaces folded.
    public static func nameKey(_ name: String) -> String {
        name.lowercased().split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }
}

extension Statement {
    /// Column `index` as one of `T`'s names; a name this build does not know is refused (a
    /// database written by a newer build, or changed by hand), never guessed.
    func named<T: RawRepresentable<String>>(_ type: T.Type, _ index: Int32, _ what: String) throws(StoreError) -> T {
        let text = text(index)
        guard let value = T(rawValue: text) else {
            throw StoreError.database(code: 0, message: "a stored \(what) is \"\(text)\", which this build does not know")
        }
        return value
    }
}

extension CaseRecord {
    static let columns = "id, customer_id, country, status, assigned_handler, segment, version, opened_on"

    init(_ row: Statement) throws {
        self.init(id: row.text(0), customerID: row.text(1), country: row.text(2), status: try row.named(CaseState.self, 3, "case status"),
                  assignedHandler: row.text(4), segment: row.text(5), version: row.int64(6), openedOn: Int32(row.int64(7)))
    }

    var values: [SQLValue] {
        [.text(id), .text(customerID), .text(country), .text(status.rawValue), .text(assignedHandler), .text(segment),
         .integer(version), .integer(Int64(openedOn))]
    }
}

extension AccountRecord {
    static let columns = "number, customer_id, case_id, product, currency, balance_minor, overdue_minor, oldest_unpaid_due, credit_limit_minor, payment_reference, credit_minor"

    init(_ row: Statement) {
        self.init(number: row.text(0), customerID: row.text(1), caseID: row.text(2), product: row.text(3),
                  currency: row.text(4), balanceMinor: row.int64(5), overdueMinor: row.int64(6),
                  oldestUnpaidDue: row.optionalInt64(7).map { Int32($0) }, creditLimitMinor: row.int64(8),
                  paymentReference: row.text(9), creditMinor: row.int64(10))
    }

    var values: [SQLValue] {
        [.text(number), .text(customerID), .text(caseID), .text(product), .text(currency), .integer(balanceMinor),
         .integer(overdueMinor), oldestUnpaidDue.map { .integer(Int64($0)) } ?? .null, .integer(creditLimitMinor),
         .text(paymentReference), .integer(creditMinor)]
    }
}

extension PlanRecord {
    static let columns = "id, case_id, kind, status, status_on, cancel_reason, currency, total_minor, frequency, version, amendments, created_at_ms, created_by"

    init(_ row: Statement) throws {
        self.init(id: row.text(0), caseID: row.text(1), kind: try row.named(PlanKind.self, 2, "plan kind"),
                  status: try row.named(PlanStage.self, 3, "plan status"),
                  statusOn: row.optionalInt64(4).map { Int32($0) }, cancelReason: row.text(5), currency: row.text(6),
                  totalMinor: row.int64(7), frequency: row.text(8), version: row.int64(9), amendments: Int(row.int64(10)),
                  createdAtMs: row.int64(11), createdBy: row.text(12), installments: [])
    }

    var values: [SQLValue] {
        [.text(id), .text(caseID), .text(kind.rawValue), .text(status.rawValue), statusOn.map { .integer(Int64($0)) } ?? .null,
         .text(cancelReason), .text(currency), .integer(totalMinor), .text(frequency), .integer(version),
         .integer(Int64(amendments)), .integer(createdAtMs), .text(createdBy)]
    }
}

extension InstallmentRecord {
    static let columns = "sequence, due_on, requested_due_on, amount_minor, paid_minor, paid_in_full_on"

    init(_ row: Statement, at first: Int32 = 0) {
        self.init(sequence: Int(row.int64(first)), dueOn: Int32(row.int64(first + 1)), requestedDueOn: Int32(row.int64(first + 2)),
                  amountMinor: row.int64(first + 3), paidMinor: row.int64(first + 4),
                  paidInFullOn: row.optionalInt64(first + 5).map { Int32($0) })
    }
}

extension PaymentRecord {
    static let columns = "id, account_number, case_id, currency, amount_minor, paid_on, reference, source, recorded_at_ms, recorded_by, credit_minor"

    init(_ row: Statement) {
        self.init(id: row.text(0), accountNumber: row.text(1), caseID: row.text(2), currency: row.text(3),
                  amountMinor: row.int64(4), paidOn: Int32(row.int64(5)), reference: row.text(6), source: row.text(7),
                  recordedAtMs: row.int64(8), recordedBy: row.text(9), allocations: [], creditMinor: row.int64(10))
    }

    var values: [SQLValue] {
        [.text(id), .text(accountNumber), .text(caseID), .text(currency), .integer(amountMinor), .integer(Int64(paidOn)),
         .text(reference), .text(source), .integer(recordedAtMs), .text(recordedBy), .integer(creditMinor)]
    }
}

extension ContactRecord {
    static let columns = "id, case_id, channel, direction, outcome, occurred_at_ms, summary, recorded_by"

    init(_ row: Statement) throws {
        self.init(id: row.text(0), caseID: row.text(1), channel: row.text(2), direction: try row.named(ContactDirection.self, 3, "contact direction"),
                  outcome: row.text(4),
                  occurredAtMs: row.int64(5), summary: row.text(6), recordedBy: row.text(7))
    }

    var values: [SQLValue] {
        [.text(id), .text(caseID), .text(channel), .text(direction.rawValue), .text(outcome), .integer(occurredAtMs), .text(summary),
         .text(recordedBy)]
    }
}

extension NoteRecord {
    static let columns = "id, case_id, text, author, created_at_ms"

    init(_ row: Statement) {
        self.init(id: row.text(0), caseID: row.text(1), text: row.text(2), author: row.text(3), createdAtMs: row.int64(4))
    }

    var values: [SQLValue] { [.text(id), .text(caseID), .text(text), .text(author), .integer(createdAtMs)] }
}

extension FlagRecord {
    static let columns = "case_id, kind, until_day, reason, set_on, set_by"

    init(_ row: Statement) {
        self.init(caseID: row.text(0), kind: row.text(1), untilDay: row.optionalInt64(2).map { Int32($0) }, reason: row.text(3),
                  setOn: Int32(row.int64(4)), setBy: row.text(5))
    }

    var values: [SQLValue] {
        [.text(caseID), .text(kind), untilDay.map { .integer(Int64($0)) } ?? .null, .text(reason), .integer(Int64(setOn)), .text(setBy)]
    }
}

import SQLiteDriver
/// `?, ?, …` for `count` parameters.
func placeholders(_ count: Int) -> String {
    Array(repeating: "?", count: count).joined(separator: ", ")
}
