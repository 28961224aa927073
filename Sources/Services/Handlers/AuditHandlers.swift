import Domain
import Protocol
import Store

/// The audit log, for auditors and admins.
extension CollectService {
    func listAudit(_ request: ListAuditRequest, _ call: Call) throws -> ListAuditResponse {
        try require(.readAudit, call.principal)
        let pageSize = try pageSize(request.page)
        var after: Int64 = 0
        if !request.page.cursor.isEmpty {
            guard let value = Int64(request.page.cursor), value >= 0 else { throw invalidCursor() }
            after = value
        }
        let knownEntities: Set<String> = ["case", "plan", "account", "token", "strategy"]
        if !request.entity.isEmpty && !knownEntities.contains(request.entity) {
            throw ServiceFailure.invalid("AUDIT_ENTITY_UNKNOWN", "entity is one of case, plan, account, token, strategy", field: "entity")
        }
        if !request.entityId.isEmpty { try requireID(request.entityId, field: "entity_id", code: "ENTITY_ID") }
        // Rows follow the country of the case they concern; token and strategy rows (operators'
        // and coordinators' actions for the whole department) only for a caller who covers every
        // country.
        let coversEveryCountry = Domain.Country.allCases.allSatisfy { call.principal.countries.contains($0.rawValue) }
        let rows = try call.reader.read { connection in
            try connection.auditRecords(entity: request.entity.isEmpty ? nil : request.entity,
                                        entityID: request.entityId.isEmpty ? nil : request.entityId, afterSequence: after, limit: pageSize + 1,
                                        countries: call.principal.countries, includeTokens: coversEveryCountry)
        }
        let page = rows.prefix(pageSize)
        return ListAuditResponse(
            rows: page.map { row in
                AuditRow(sequence: UInt64(row.sequence), atMs: row.entry.atMs, actor: row.entry.actor, action: row.entry.action,
                         entity: row.entry.entity, entityId: row.entry.entityID, versionBefore: row.entry.versionBefore.map { UInt64($0) },
                         versionAfter: row.entry.versionAfter.map { UInt64($0) }, detail: row.entry.detail, hash: row.hash)
            },
            nextCursor: rows.count > pageSize ? String(page.last?.sequence ?? 0) : "")
    }
}
