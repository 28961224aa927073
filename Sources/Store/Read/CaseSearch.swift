import SQLiteDriver
/// Filters of a case search; nil or empty means "any". Combined with AND.
public struct CaseSearchFilter: Sendable, Hashable {
    public var countries: [String] = []
    public var minDaysPastDue: Int?
    public var maxDaysPastDue: Int?
    public var status: String?
    public var flags: [String] = []
    public var hasActivePlan: Bool?
    public var assignedHandler: String?
    /// Matched against the name (a prefix of the whole name or of any word of it, case-insensitive),
    /// e-mail (exact, case-insensitive) and phone (exact).
    public var text: String?
    /// E.164 numbers the text stands for (`PhoneNumber.e164Candidates`), matched exactly.
    public var phones: [String] = []
    /// National ID look-up hashes the text stands for (one per country whose rules it passes).
    public var nationalIDLookups: [[UInt8]] = []
    /// The day days-past-due is counted on.
    public var asOfDay: Int32

    public init(asOfDay: Int32) { self.asOfDay = asOfDay }
}

/// One row of a search result.
public struct CaseSearchRow: Sendable, Hashable {
    public var caseRecord: CaseRecord
    public var customerName: String
    public var oldestUnpaidDue: Int32?
    public var overdueMinor: Int64
    public var currency: String
    public var hasActivePlan: Bool
}

extension StoreReader {
    /// SQL true when flag row `alias` is in force on `asOfDay`: set by then, and without a last
    /// day or with one not before it (`CaseFlag.isInForce`).
    static func inForce(_ alias: String, asOfDay: Int32) -> String {
        "\(alias).set_on <= \(asOfDay) AND (\(alias).until_day IS NULL OR \(alias).until_day >= \(asOfDay))"
    }

    /// SQL for a case's status as of `asOfDay` (the case view's `CaseState.asOf`): PAUSED while a
    /// pause is in force; a stored PAUSED whose pause has lifted reads as IN_PLAN, OPEN or CLOSED
    /// from its plans and accounts; any other stored status stands (it was derived when the case
    /// last changed). The day is the server's own, never caller text, so it is written inline.
    static func derivedStatus(asOfDay: Int32) -> String {
        """
        (CASE WHEN EXISTS (SELECT 1 FROM case_flag p WHERE p.case_id = c.id AND p.kind IN ('DISPUTE', 'HARDSHIP_PAUSE')
                             AND \(inForce("p", asOfDay: asOfDay))) THEN 'PAUSED'
              WHEN c.status <> 'PAUSED' THEN c.status
              WHEN EXISTS (SELECT 1 FROM plan l WHERE l.case_id = c.id AND l.status = 'ACTIVE') THEN 'IN_PLAN'
              WHEN (SELECT coalesce(sum(a.overdue_minor), 0) FROM account a WHERE a.case_id = c.id) > 0 THEN 'OPEN'
              ELSE 'CLOSED' END)
        """
    }

    /// Cases matching `filter` in id order after `afterID`, at most `limit`.
    public func searchCases(_ filter: CaseSearchFilter, afterID: String?, limit: Int) throws -> [CaseSearchRow] {
        var conditions: [String] = []
        var values: [SQLValue] = []
        if !filter.countries.isEmpty {
            conditions.append("c.country IN (\(placeholders(filter.countries.count)))")
            values += filter.countries.map(SQLValue.text)
        }
        // The status as of the day asked (`derivedStatus`); the stored one narrows the scan, since
        // only a pause that has lifted since it was stored (stored PAUSED) can have moved a case.
        let status = Self.derivedStatus(asOfDay: filter.asOfDay)
        if let wanted = filter.status {
            conditions.append("c.status IN (?, 'PAUSED') AND \(status) = ?")
            values += [.text(wanted), .text(wanted)]
        }
        if let handler = filter.assignedHandler {
            conditions.append("c.assigned_handler = ?")
            values.append(.text(handler))
        }
        for flag in filter.flags {
            conditions.append("EXISTS (SELECT 1 FROM case_flag f WHERE f.case_id = c.id AND f.kind = ? AND \(Self.inForce("f", asOfDay: filter.asOfDay)))")
            values.append(.text(flag))
        }
        if let hasPlan = filter.hasActivePlan {
            conditions.append("\(hasPlan ? "" : "NOT ")EXISTS (SELECT 1 FROM plan p WHERE p.case_id = c.id AND p.status = 'ACTIVE')")
        }
        if let text = filter.text, !text.isEmpty {
            // A prefix of the whole folded name as a range (index-friendly, no LIKE wildcards), or
            // of a later word of it (a surname: `instr`, which reads every name the other filters
            // leave; the page's LIMIT stops it as soon as the page is full).
            let key = CustomerRecord.nameKey(text)
            let phones = filter.phones.isEmpty ? [text] : filter.phones
            conditions.append("""
                ((u.name_key >= ? AND u.name_key < ?) OR instr(u.name_key, ?) > 0 OR u.phone IN (\(placeholders(phones.count)))
                 OR u.email = ? COLLATE NOCASE\(filter.nationalIDLookups.isEmpty ? "" : " OR u.national_id_lookup IN (\(placeholders(filter.nationalIDLookups.count)))"))
                """)
            values += [.text(key), .text(key + "\u{10FFFF}"), .text(" " + key)] + phones.map(SQLValue.text) + [.text(text)]
            values += filter.nationalIDLookups.map(SQLValue.blob)
        }
        // Days past due is counted from the oldest unpaid due date over the case's accounts.
        let oldest = "(SELECT min(a.oldest_unpaid_due) FROM account a WHERE a.case_id = c.id)"
        if let minimum = filter.minDaysPastDue {
            conditions.append("\(oldest) <= ?")
            values.append(.integer(Int64(filter.asOfDay) - Int64(minimum)))
        }
        if let maximum = filter.maxDaysPastDue {
            conditions.append("(\(oldest) IS NULL OR \(oldest) >= ?)")
            values.append(.integer(Int64(filter.asOfDay) - Int64(maximum)))
        }
        if let afterID {
            conditions.append("c.id > ?")
            values.append(.text(afterID))
        }
        let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let sql = """
            SELECT c.id, c.customer_id, c.country, \(status), c.assigned_handler, c.segment, c.version, c.opened_on, u.full_name,
              \(oldest), (SELECT coalesce(sum(a.overdue_minor), 0) FROM account a WHERE a.case_id = c.id),
              (SELECT a.currency FROM account a WHERE a.case_id = c.id LIMIT 1),
              EXISTS (SELECT 1 FROM plan p WHERE p.case_id = c.id AND p.status = 'ACTIVE')
            FROM collection_case c JOIN customer u ON u.id = c.customer_id
            \(whereClause) ORDER BY c.id LIMIT ?
            """
        values.append(.integer(Int64(limit)))
        return try snapshot { connection in
            let statement = try connection.statement(sql)
            try statement.bind(values)
            defer { statement.reset() }
            var rows: [CaseSearchRow] = []
            while try statement.step() {
                rows.append(CaseSearchRow(caseRecord: try CaseRecord(statement), customerName: statement.text(8),
                                          oldestUnpaidDue: statement.optionalInt64(9).map { Int32($0) },
                                          overdueMinor: statement.int64(10), currency: statement.text(11),
                                          hasActivePlan: statement.int64(12) == 1))
            }
            return rows
        }
    }
}

