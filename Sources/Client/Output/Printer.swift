import Domain
import Foundation
import Protocol

/// Prints answers: tables for people, stable JSON for scripts.
struct Printer {
    let format: OutputFormat

    func emit<M: JSONRepresentable>(_ message: M, table: () -> String) {
        switch format {
        case .json: print(TerminalText.safeJSON(JSONWriter.json(message)))
        case .table: print(TerminalText.safe(table()))
        }
    }

    /// `1 234,50 SEK` as handlers read amounts.
    static func money(_ money: Protocol.Money) -> String {
        guard let currency = Domain.Currency(rawValue: money.currency.name) else { return "\(money.minorUnits) (minor units)" }
        return Domain.Money(minorUnits: money.minorUnits, currency: currency).formatted(style: .nordic) + " " + currency.rawValue
    }

    /// `YYYY-MM-DD HH:MM` in Swedish local time (the same time zone rule in all three countries).
    static func instant(_ ms: Int64) -> String {
        Domain.Country.se.localDateTime(unixSeconds: ms / 1_000).description
    }

    /// Left-aligned columns.
    static func table(_ header: [String], _ rows: [[String]]) -> String {
        let all = [header] + rows
        var widths = Array(repeating: 0, count: header.count)
        for row in all { for (index, cell) in row.enumerated() where index < widths.count { widths[index] = max(widths[index], cell.count) } }
        return all.map { row in
            row.enumerated().map { index, cell in
                index == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[index] - cell.count)
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }

    static func lower(_ name: String) -> String { name.lowercased().replacingOccurrences(of: "_", with: " ") }

    static func caseView(_ view: CaseView) -> String {
        let s = view.summary
        let c = view.customer
        var lines = [
            "Case \(s.caseId)  v\(s.version)  \(lower(s.status.name))  \(s.country.name)  segment \(s.segment.isEmpty ? "-" : s.segment)",
            "Customer \(c.customerId)  \(c.fullName)  id \(c.nationalId)",
            "  phone \(c.phone.isEmpty ? "-" : c.phone)  e-mail \(c.email.isEmpty ? "-" : c.email)  language \(c.language.name)  direct debit \(lower(c.mandate.name))",
            "  \(c.addressLine), \(c.postalCode) \(c.city)",
            "Overdue \(money(s.totalOverdue))  \(s.daysPastDue) days past due  bucket \(s.bucket)  handler \(s.assignedHandler.isEmpty ? "-" : s.assignedHandler)",
        ]
        if !view.flags.isEmpty {
            lines.append("Flags: " + view.flags.map { "\(lower($0.kind.name))\($0.until.map { " until \($0)" } ?? "") (\($0.reason))" }.joined(separator: "; "))
        }
        lines.append("")
        lines.append(table(["ACCOUNT", "PRODUCT", "BALANCE", "OVERDUE", "DPD", "BUCKET", "REFERENCE", "CREDIT"], view.accounts.map {
            [$0.accountNumber, $0.product, money($0.balance), money($0.overdue), String($0.daysPastDue), $0.bucket, $0.paymentReference,
             $0.credit.minorUnits == 0 ? "-" : money($0.credit)]
        }))
        for plan in view.plans {
            lines.append("")
            lines.append(planHeader(plan))
            lines.append(installments(plan))
        }
        if !view.contacts.isEmpty {
            lines.append("")
            lines.append(table(["WHEN", "CHANNEL", "DIRECTION", "OUTCOME", "BY", "SUMMARY"], view.contacts.map {
                [instant($0.occurredAtMs), lower($0.channel.name), lower($0.direction.name), lower($0.outcome.name), $0.recordedBy, $0.summary]
            }))
        }
        if !view.notes.isEmpty {
            lines.append("")
            lines.append(notes(view.notes))
        }
        if !view.recentPayments.isEmpty {
            lines.append("")
            lines.append(payments(view.recentPayments))
        }
        if let treatment = view.treatment {
            lines.append("")
            lines.append("Treatment \(treatment.strategy): segment \(treatment.segment)  arm \(treatment.arm)  since \(treatment.segmentSince)  "
                + "step \(treatment.step)  (decided \(treatment.decidedOn))")
        }
        if !view.scheduledActions.isEmpty {
            lines.append("")
            lines.append(table(["SCHEDULED", "TEMPLATE", "LANG", "DECIDED", "EARLIEST", "LATEST", "FEE", "STATUS"], view.scheduledActions.map {
                [lower($0.kind.name), $0.template, $0.language, $0.decidedOn.description, localTime($0.earliestMs, country: s.country),
                 localTime($0.latestMs, country: s.country), $0.fee.map(money) ?? "-", lower($0.status)]
            }))
        }
        if let next = view.nextAction {
            lines.append("")
            lines.append("Next: \(lower(next.channel.name)) \(next.byHandler ? "by a handler" : "by automation"), "
                + "not before \(localTime(next.notBeforeMs, country: s.country)): \(next.description)")
        }
        return lines.joined(separator: "\n")
    }

    /// An instant as the customer's wall-clock time, `2026-12-28 08:00 SE time`.
    static func localTime(_ ms: Int64, country: Protocol.Country) -> String {
        guard let local = Domain.Country(rawValue: country.name) else { return instant(ms) }
        return "\(local.localDateTime(unixSeconds: ms / 1_000)) \(country.name) time"
    }

    /// One note a line (its later lines indented under it, so they cannot pass for other lines).
    static func notes(_ notes: [Protocol.Note]) -> String {
        notes.map { "Note \(instant($0.createdAtMs)) \($0.author): \($0.text.replacingOccurrences(of: "\n", with: "\n    "))" }.joined(separator: "\n")
    }

    static func planHeader(_ plan: Plan) -> String {
        "Plan \(plan.planId)  v\(plan.version)  \(lower(plan.kind.name))  \(lower(plan.status.name))  total \(money(plan.total))  paid \(money(plan.paid))  \(lower(plan.frequency.name))"
            + (plan.cancelReason.isEmpty ? "" : "  cancelled: \(plan.cancelReason)")
    }

    static func installments(_ plan: Plan) -> String {
        table(["#", "DUE", "AMOUNT", "PAID", "STATUS"], plan.installments.map {
            [String($0.sequence), $0.dueDate.description + ($0.requestedDueDate.map { " (asked \($0))" } ?? ""), money($0.amount), money($0.paid), lower($0.status.name) + ($0.paidInFullOn.map { " on \($0)" } ?? "")]
        })
    }

    static func payments(_ payments: [Payment]) -> String {
        table(["PAYMENT", "PAID ON", "ACCOUNT", "AMOUNT", "SOURCE", "REFERENCE", "ALLOCATED"], payments.map {
            [$0.paymentId, $0.paidOn.description, $0.accountNumber, money($0.amount), lower($0.source.name), $0.reference,
             ($0.allocations.map { "\($0.planId)#\($0.installmentSequence) \(money($0.amount))" }
                + ($0.credit.minorUnits == 0 ? [] : ["credit \(money($0.credit))"])).joined(separator: ", ")]
        })
    }
}
