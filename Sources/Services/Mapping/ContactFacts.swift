import Domain
import Store

/// Store records read as the typed facts the contact gate and the treatment rules take.
enum ContactFacts {
    /// A case's flags as domain flags for the contact gate; a kind this build does not know is
    /// skipped (it cannot pause or refuse anything it does not know of). A flag counts for any
    /// contact up to its last day, whenever it was set: a contact recorded later with an earlier
    /// time is judged by the customer's wishes as they stand (an opt-out is not evaded by
    /// back-dating a call).
    static func flags(_ records: [FlagRecord]) -> CaseFlags {
        CaseFlags(records.compactMap { record in
            CaseFlagKind(rawValue: record.kind).map { CaseFlag($0, until: record.untilDay.map(DomainBridge.day)) }
        })
    }

    /// A case's flags as the pauses that hold its plan, each from the day it was set: a pause set
    /// today does not reach back to an installment that broke before it.
    static func pauses(_ records: [FlagRecord]) -> CaseFlags {
        CaseFlags(records.compactMap { record in
            CaseFlagKind(rawValue: record.kind).map {
                CaseFlag($0, until: record.untilDay.map(DomainBridge.day), from: DomainBridge.day(record.setOn))
            }
        })
    }

    /// The outbound calls and messages among `records`, in `country`'s local time.
    static func history(_ records: [ContactRecord], country: Country) -> ContactHistory {
        history(records.filter { $0.direction == .outbound }.map { ($0.channel, $0.occurredAtMs) }, country: country)
    }

    /// Outbound contacts given as (channel name, ms since the epoch), in `country`'s local time;
    /// a channel this build does not know is passed over.
    static func history(_ outbound: [(channel: String, occurredAtMs: Int64)], country: Country) -> ContactHistory {
        var history = ContactHistory()
        for (name, occurredAtMs) in outbound {
            guard let channel = OutboundChannel(rawValue: name) else { continue }
            let local = country.localDateTime(unixSeconds: occurredAtMs / 1_000)
            if channel.isCall { history.calls.append(local) } else if channel.isMessage { history.messages.append(local) }
        }
        return history
    }

    /// Everything `NextActionRule` needs of a case read in one snapshot.
    static func caseFacts(_ snapshot: CaseSnapshot, country: Country) -> CaseContactFacts {
        var installment: OpenInstallment?
        if let kept = snapshot.plans.first(where: { $0.status == .active }),
           let open = kept.installments.first(where: { $0.paidMinor < $0.amountMinor }) {
            installment = OpenInstallment(planID: kept.id, sequence: open.sequence, due: DomainBridge.day(open.dueOn))
        }
        return CaseContactFacts(
            country: country, oldestUnpaidDue: snapshot.accounts.compactMap(\.oldestUnpaidDue).min().map(DomainBridge.day),
            nextInstallment: installment, hasPhone: !snapshot.customer.phone.isEmpty, hasEmail: !snapshot.customer.email.isEmpty,
            mandateActive: snapshot.customer.mandate == "ACTIVE", flags: flags(snapshot.flags),
            history: history(snapshot.contacts, country: country))
    }
}
