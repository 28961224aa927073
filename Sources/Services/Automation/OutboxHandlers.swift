import Domain
import Protocol
import Store

/// `Automation.ListOutbox`: the actions the daily cycle decided, pending delivery, by earliest
/// instant. No contact details are in them, so any role that reads cases may list them, in its
/// own countries.
extension CollectService {
    /// Longest `next_cursor` a page gives (`<earliest ms>/<case id>/<dedupe key>`).
    static let outboxCursorMaxBytes = 600

    func listOutbox(_ request: ListOutboxRequest, _ call: Call) throws -> ListOutboxResponse {
        try require(.readCases, call.principal)
        var countries = call.principal.countries.sorted()
        if request.country != .unspecified {
            guard let country = Domain.Country(rawValue: request.country.name) else {
                throw ServiceFailure.invalid("COUNTRY_REQUIRED", "country must be SE, NO or DK", field: "country")
            }
            try requireCountry(country.rawValue, call.principal, what: "the outbox of \(country)")
            countries = [country.rawValue]
        }
        var filter = OutboxFilter(countries: countries)
        if request.kind != .unspecified {
            guard let kind = OutboxActionKind(rawValue: request.kind.name) else {
                throw ServiceFailure.invalid("OUTBOX_KIND_UNKNOWN", "kind must be SMS, EMAIL, DIALER, LETTER, HANDLER_TASK or REMINDER_FEE", field: "kind")
            }
            filter.kind = kind
        }
        guard request.fromMs >= 0, request.beforeMs >= 0 else {
            throw ServiceFailure.invalid("OUTBOX_TIME_NEGATIVE", "from_ms and before_ms are instants in ms since the epoch (0 = unset)",
                                         field: request.fromMs < 0 ? "from_ms" : "before_ms")
        }
        if request.fromMs > 0 { filter.fromMs = request.fromMs }
        if request.beforeMs > 0 { filter.beforeMs = request.beforeMs }
        if let from = filter.fromMs, let before = filter.beforeMs, before <= from {
            throw ServiceFailure.invalid("OUTBOX_TIME_RANGE_EMPTY", "before_ms must be later than from_ms", field: "before_ms")
        }
        let pageSize = try pageSize(request.page)
        let cursor = try outboxCursor(request.page)
        return try call.reader.read { connection in
            if !request.caseId.isEmpty {
                filter.caseID = try scopedCase(request.caseId, call.principal, connection).id
            }
            let rows = try connection.outboxRecords(filter, after: cursor, limit: pageSize + 1)
            let page = rows.prefix(pageSize)
            return ListOutboxResponse(actions: page.map(RecordMapping.outboxAction),
                                      nextCursor: rows.count > pageSize ? page.last.map { "\($0.earliestMs)/\($0.caseID)/\($0.dedupeKey)" } ?? "" : "")
        }
    }

    /// The `<earliest ms>/<case id>/<dedupe key>` cursor of an outbox page, nil for the first.
    private func outboxCursor(_ page: PageRequest) throws -> OutboxCursor? {
        guard !page.cursor.isEmpty else { return nil }
        let parts = page.cursor.split(separator: "/", maxSplits: 2, omittingEmptySubsequences: false)
        guard page.cursor.utf8.count <= Self.outboxCursorMaxBytes, parts.count == 3, let ms = Int64(parts[0]), !parts[1].isEmpty, !parts[2].isEmpty
        else { throw invalidCursor() }
        return OutboxCursor(earliestMs: ms, caseID: String(parts[1]), dedupeKey: String(parts[2]))
    }
}

extension RecordMapping {
    static func outboxAction(_ record: OutboxRecord) -> OutboxAction {
        OutboxAction(caseId: record.caseID, kind: OutboxKind(name: record.kind.rawValue) ?? .unspecified, template: record.template,
                     language: record.language, decidedOn: date(record.decidedOn), earliestMs: record.earliestMs, latestMs: record.latestMs,
                     fee: record.kind == .reminderFee ? money(record.amountMinor, record.currency) : nil, status: record.status.rawValue,
                     dedupeKey: record.dedupeKey)
    }

    static func treatment(_ record: TreatmentRecord) -> CaseTreatment {
        CaseTreatment(strategy: record.strategy, segment: record.segment, arm: record.arm, segmentSince: date(record.segmentSince),
                      step: record.step, decidedOn: date(record.decidedOn))
    }
}
