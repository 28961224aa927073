import Domain
import Protocol
import Store

// Checks of case changes against the collection rules in Domain.

extension CollectService {
    /// Contacts of a case read to count against the limits: the month's calls are at most a few
    /// dozen, so the newest this many cover every window the limits look at.
    static let contactHistoryReadMax = 500

    /// Refuses an outbound contact at `occurredAtMs` that the country's contact rules forbid
    /// (FAILED_PRECONDITION with the rule's `CONTACT_…` code, and the next allowed time as a fact).
    func checkContactRules(_ channel: Protocol.ContactChannel, at occurredAtMs: Int64, case record: CaseRecord,
                           _ principal: Principal, _ connection: any RecordReading) throws {
        guard let country = Domain.Country(rawValue: record.country),
              let outbound = OutboundChannel(rawValue: channel.name) else { return }
        let local = country.localDateTime(unixSeconds: occurredAtMs / 1_000)
        let flags = ContactFacts.flags(try connection.flagRecords(caseID: record.id))
        let history = ContactFacts.history(try connection.contactRecords(caseID: record.id, limit: Self.contactHistoryReadMax),
                                           country: country)
        let initiator: ContactInitiator = principal.role == .automation ? .automation : .handler
        let rules = ruleBook.rules(for: country, on: local.day).contactPolicy
        let decision = ContactGate.mayContact(outbound, by: initiator, at: local, country: country, flags: flags,
                                              history: history, rules: rules)
        guard case .refused(let code, let message) = decision else { return }
        let next = ContactGate.nextAllowed(outbound, by: initiator, onOrAfter: local, country: country, flags: flags,
                                           history: history, rules: rules)
        let when = next.map { "; next allowed \($0) (\(country) local time)" } ?? "; no time is allowed"
        throw ServiceFailure(.failedPrecondition, code, message + when, field: "channel",
                             facts: [ErrorFact(key: "local_time", value: "\(local)"),
                                     ErrorFact(key: "next_allowed", value: next.map { "\($0)" } ?? "")])
    }
}

extension CollectService {
    /// Refuses a flag whose term breaks the country's pause policy: a pause without its last day,
    /// a last day already past, or a pause longer than the country allows (INVALID_ARGUMENT).
    func checkFlagTerm(_ kind: FlagKind, until: CalendarDate?, case record: CaseRecord, today: Int32) throws {
        guard let flagKind = CaseFlagKind(rawValue: kind.name), let country = Domain.Country(rawValue: record.country) else { return }
        let day = DomainBridge.day(today)
        do {
            try ruleBook.rules(for: country, on: day).pausePolicy.validate(CaseFlag(flagKind, until: until.map(DomainBridge.day)), today: day)
        } catch {
            throw ServiceFailure.invalid(error.code, error.message, field: error.fieldPath)
        }
    }
}
