import Crypto
import Domain
import Foundation
import SQLiteDriver
import Store

/// Fills a database with realistic demo and test customers, deterministically from a seed:
/// names, addresses and languages per country; national IDs with valid check digits; E.164
/// phones (some customers by e-mail only); mandates; balances spread over the delinquency
/// buckets; plans that were kept, broken or are active, with their payments; contacts, notes and
/// flags. Seed data is loaded directly (not through the writer) and is not in the audit log: the
/// audit trail starts with the first change made through the server.
public struct SeedGenerator {
    /// What was generated.
    public struct Report: Sendable, CustomStringConvertible {
        public var customers = 0, accounts = 0, plans = 0, installments = 0, payments = 0, contacts = 0, notes = 0, flags = 0
        public var seconds: Double = 0
        public var databaseBytes: Int64 = 0

        public var description: String {
            "\(customers) customers, \(accounts) accounts, \(plans) plans (\(installments) installments), \(payments) payments, "
                + "\(contacts) contacts, \(notes) notes, \(flags) flags in \(String(format: "%.1f", seconds)) s; "
                + "database \(databaseBytes / 1_048_576) MiB"
        }
    }

    let sealer: Sealer
    let today: Day
    /// Customers per transaction.
    static let batchSize = 5_000

    /// A generator sealing national IDs with `sealer`, dating everything relative to `today`.
    public init(sealer: Sealer, today: Day) {
        self.sealer = sealer
        self.today = today
    }

    /// Adds `customers` customers (numbered after those already there) to the database at `path`.
    public func generate(path: String, customers: Int, seed: UInt64, progress: ((Int) -> Void)? = nil) throws -> Report {
        precondition(customers >= 0)
        let started = Date()
        // Migrate through the writer once, then load with a connection of our own.
        let writer = try StoreWriter(path: path, auditKey: .unkeyed, nationalIDs: .standard(sealer: sealer, today: today))
        writer.stop()
        let connection = try Connection(path: path, readOnly: false)
        try connection.execute("PRAGMA synchronous=OFF")
        let first = Int(try connection.scalarInt("SELECT count(*) FROM customer") ?? 0)
        var report = Report()
        var index = 0
        while index < customers {
            let end = min(customers, index + Self.batchSize)
            try connection.transaction {
                for number in index..<end {
                    var random = SeedRandom(seed: seed &+ UInt64(first + number) &* 0x2545_F491_4F6C_DD1D)
                    try addCustomer(first + number + 1, random: &random, connection: connection, report: &report)
                }
            }
            index = end
            progress?(index)
        }
        try connection.execute("PRAGMA synchronous=FULL")
        try connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        try connection.execute("ANALYZE")
        report.seconds = Date().timeIntervalSince(started)
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        report.databaseBytes = (attributes?[.size] as? NSNumber)?.int64Value ?? 0
        return report
    }

    private func day(_ offset: Int) -> Day { today.adding(days: offset) }

    private func days(_ day: Day) -> Int32 { Int32(day.daysSinceEpoch) }

    private func addCustomer(_ number: Int, random: inout SeedRandom, connection: Connection, report: inout Report) throws {
        let country: Country = random.weighted([(.se, 45), (.no, 30), (.dk, 25)])
        let currency = country.currency
        let id = String(format: "%07d", number)
        let first = random.pick(NordicNames.firstNames(country))
        let last = random.pick(NordicNames.lastNames(country))
        let birth = Day(year: Int.random(in: 1940...2004, using: &random), month: Int.random(in: 1...12, using: &random),
                        day: Int.random(in: 1...28, using: &random))!
        let hasPhone = random.chance(88)
        let phone = hasPhone ? phoneNumber(country, random: &random) : ""
        let place = random.pick(NordicNames.places(country))
        let language = random.chance(5) ? "EN" : ["SE": "SV", "NO": "NB", "DK": "DA"][country.rawValue]!
        let mandate = random.weighted([("NONE", 50), ("ACTIVE", 30), ("PENDING", 10), ("CANCELLED", 10)])
        var customer = CustomerRecord(
            id: "CU-\(id)", country: country.rawValue, fullName: "\(first) \(last)", nationalIDLookup: [], nationalIDSealed: [],
            nationalIDMasked: "", phone: phone,
            email: "\(NordicNames.ascii(first)).\(NordicNames.ascii(last))\(number)@\(NordicNames.emailDomain(country))",
            language: language, mandate: mandate, addressLine: "\(random.pick(NordicNames.streets(country))) \(Int.random(in: 1...120, using: &random))",
            postalCode: place.postalCode, city: place.city)
        // National IDs are unique; a drawn number that is taken is drawn again.
        for attempt in 1... {
            let nationalID = nationalIDNumber(country, birth: birth.adding(days: attempt - 1), random: &random)
            // Hashed in the one form look-ups use, whichever form the number is written in.
            customer.nationalIDLookup = sealer.lookupHash(NationalID.lookupForm(nationalID, country: country, today: today)!)
            customer.nationalIDSealed = sealer.seal(nationalID)
            customer.nationalIDMasked = NationalID.mask(nationalID)
            do {
                try connection.insert(customer)
                break
            } catch let error as SQLiteError where error.code == 2067 && attempt < 100 {
                continue  // SQLITE_CONSTRAINT_UNIQUE on national_id_lookup
            }
        }

        // Delinquency: a realistic spread over the buckets.
        let dpd: Int = random.weighted([(Int.random(in: 1...29, using: &random), 35), (Int.random(in: 30...59, using: &random), 25),
                                        (Int.random(in: 60...89, using: &random), 15), (Int.random(in: 90...400, using: &random), 25)])
        let caseID = "C-\(id)"
        let segment = dpd < 30 && mandate != "ACTIVE" ? "no-mandate" : (dpd >= 90 ? "long-term-difficulty" : "early-arrears")
        var flags: [FlagRecord] = []
        if random.chance(3) { flags.append(FlagRecord(caseID: caseID, kind: "VULNERABLE", untilDay: nil, reason: "Noted by handler", setOn: days(day(-20)), setBy: "seed")) }
        // Pauses end within the country's longest pause, counted from the day they were set.
        let pausePolicy = RuleBook.standard.rules(for: country, on: today).pausePolicy
        if random.chance(2) {
            flags.append(FlagRecord(caseID: caseID, kind: "DISPUTE", untilDay: days(day(-10 + Int.random(in: 20...pausePolicy.maxDisputeDays, using: &random))),
                                    reason: "Customer disputes a purchase", setOn: days(day(-10)), setBy: "seed"))
        }
        if random.chance(2) {
            flags.append(FlagRecord(caseID: caseID, kind: "HARDSHIP_PAUSE", untilDay: days(day(-5 + Int.random(in: 30...pausePolicy.maxHardshipDays, using: &random))),
                                    reason: "Illness", setOn: days(day(-5)), setBy: "seed"))
        }
        if hasPhone && random.chance(4) { flags.append(FlagRecord(caseID: caseID, kind: "CALL_OPT_OUT", untilDay: nil, reason: "Asked not to be called", setOn: days(day(-60)), setBy: "seed")) }

        var accounts: [AccountRecord] = []
        for accountIndex in 1...random.weighted([(1, 60), (2, 30), (3, 10)]) {
            let balance = Int64.random(in: 5_000...80_000, using: &random) * 100
            let overdue = min(balance, Int64.random(in: 300...15_000, using: &random) * 100)
            accounts.append(AccountRecord(number: "\(4_571_000 + number % 1_000)-\(id)-\(accountIndex)", customerID: "CU-\(id)", caseID: caseID,
                                          product: random.pick(["Classic", "Guld", "Platinum", "Business"]), currency: currency.rawValue,
                                          balanceMinor: balance, overdueMinor: overdue, oldestUnpaidDue: days(day(-dpd - (accountIndex - 1) * 3)),
                                          creditLimitMinor: balance + Int64.random(in: 0...50_000, using: &random) * 100,
                                          paymentReference: Self.paymentReference(id + String(accountIndex), country)))
        }

        let caseFlags = CaseFlags(flags.compactMap { flag in
            CaseFlagKind(rawValue: flag.kind).map {
                CaseFlag($0, until: flag.untilDay.flatMap { Day(daysSinceEpoch: Int($0)) }, from: Day(daysSinceEpoch: Int(flag.setOn)))
            }
        })
        var plans: [PlanRecord] = []
        var payments: [PaymentRecord] = []
        if random.chance(30) {
            let outcome = random.weighted([("ACTIVE", 50), ("COMPLETED", 25), ("BROKEN", 25)])
            // A disputed debt is not rescheduled: a plan is agreed before the dispute was raised.
            let disputedSince = flags.first { $0.kind == "DISPUTE" }.map { Int($0.setOn) - today.daysSinceEpoch }
            var ledger = SeedLedger(accounts: accounts, plan: nil, country: country, pauses: caseFlags)
            let createdOn = try makePlan(caseID: caseID, number: number, outcome: outcome, ledger: &ledger, latestStart: (disputedSince ?? 1) - 1,
                                         random: &random)
            accounts = ledger.accounts
            plans += [ledger.planRecord(asOf: today, createdOn: createdOn)].compactMap { $0 }
            payments = ledger.payments
        }
        let status = CaseState.asOf(pauseInForce: caseFlags.pause(on: today) != nil, planInForce: plans.contains { $0.status == .active },
                                    overdueMinorUnits: Money.clampedSum(accounts.map(\.overdueMinor)))
        try connection.insert(CaseRecord(id: caseID, customerID: "CU-\(id)", country: country.rawValue, status: status,
                                         assignedHandler: random.chance(60) ? "handler.\(country.rawValue.lowercased())\(Int.random(in: 1...40, using: &random))" : "",
                                         segment: segment, version: 1, openedOn: days(day(-dpd))))
        for account in accounts { try connection.insert(account) }
        for plan in plans { try connection.insert(plan) }
        for payment in payments { try connection.insert(payment) }
        for flag in flags { try connection.upsert(flag) }
        // Contacts in time order, each one the country's contact gate allows given the flags (as
        // the server reads them for a contact) and the contacts before it (`docs/DOMAIN.md`, "the contact gate"); a drawn time the
        // gate refuses is not contacted. Calls are a handler's, messages and dialer automation's.
        let contactCount = random.weighted([(0, 15), (Int.random(in: 1...3, using: &random), 45), (Int.random(in: 4...8, using: &random), 40)])
        var drawn: [(at: LocalDateTime, channel: OutboundChannel)] = []
        for _ in 0..<contactCount {
            let channel: OutboundChannel = hasPhone ? random.weighted([(.sms, 40), (.phone, 30), (.dialer, 20), (.email, 10)]) : .email
            let local = LocalDateTime(day: day(-Int.random(in: 1...max(1, dpd), using: &random)),
                                      minuteOfDay: Int.random(in: 7 * 60...21 * 60, using: &random))
            drawn.append((local, channel))
        }
        let contactRules = RuleBook.standard.rules(for: country, on: today).contactPolicy
        // The gate judges a contact by the flags as they stand, whenever they were set.
        let contactFlags = CaseFlags(caseFlags.all.map { CaseFlag($0.kind, until: $0.until) })
        var history = ContactHistory()
        var contacted = 0
        for (local, channel) in drawn.sorted(by: { $0.at < $1.at }) {
            let initiator: ContactInitiator = channel == .phone ? .handler : .automation
            guard case .allowed = ContactGate.mayContact(channel, by: initiator, at: local, country: country, flags: contactFlags,
                                                         history: history, rules: contactRules) else { continue }
            if channel.isCall { history.calls.append(local) } else if channel.isMessage { history.messages.append(local) }
            contacted += 1
            let outcome = channel.isMessage ? random.weighted([("DELIVERED", 90), ("FAILED", 10)])
                : random.weighted([("NO_ANSWER", 45), ("RIGHT_PARTY_CONTACT", 25), ("PROMISE_MADE", 10), ("MESSAGE_LEFT", 10), ("WRONG_PARTY", 5), ("REFUSED", 5)])
            try connection.insert(ContactRecord(id: "K-\(id)-\(contacted)", caseID: caseID, channel: channel.rawValue, direction: .outbound,
                                                outcome: outcome, occurredAtMs: country.unixSeconds(of: local) * 1_000,
                                                summary: channel == .phone ? "Call about the overdue amount" : "Payment reminder",
                                                recordedBy: channel == .phone ? "handler" : channel.rawValue.lowercased()))
        }
        report.contacts += contacted
        let noteCount = random.weighted([(0, 50), (1, 30), (2, 15), (3, 5)])
        for noteIndex in 0..<noteCount {
            try connection.insert(NoteRecord(id: "N-\(id)-\(noteIndex + 1)", caseID: caseID,
                                             text: random.pick(["Customer will pay after payday.", "Asked for a payment plan.", "New job from next month.",
                                                                "Prefers e-mail.", "Wants to talk to the same handler again."]),
                                             author: "handler", createdAtMs: Int64(day(-Int.random(in: 0...max(1, dpd), using: &random)).daysSinceEpoch) * 86_400_000))
        }
        report.customers += 1
        report.accounts += accounts.count
        report.plans += plans.count
        report.installments += plans.reduce(0) { $0 + $1.installments.count }
        report.payments += payments.count
        report.notes += noteCount
        report.flags += flags.count
    }

    /// Agrees a plan on the case in `ledger` and pays it by `outcome` (kept so far, completed, or
    /// broken after some installments), each installment the day before it falls due; started at
    /// most `latestStart` days from today. Returns the day the plan was agreed.
    private func makePlan(caseID: String, number: Int, outcome: String, ledger: inout SeedLedger, latestStart: Int,
                          random: inout SeedRandom) throws -> Day {
        let country = ledger.country
        let count = random.chance(20) ? 1 : random.pick([3, 6, 6, 12, 12])
        // At most the debt: a plan is an agreement about paying it (PLAN_TOTAL_EXCEEDS_DEBT).
        let debt = ledger.accounts.reduce(0) { $0 + $1.balanceMinor }
        let total = Money(minorUnits: min(debt, max(ledger.accounts[0].overdueMinor, Int64(count) * 20_000)), currency: country.currency)
        // Active plans started recently; finished ones started long ago.
        let startOffset = min(latestStart, outcome == "ACTIVE" ? -Int.random(in: 0...60, using: &random) : -Int.random(in: 150...400, using: &random))
        let terms = PlanTerms(total: total, installmentCount: count, frequency: .monthly, firstDueDate: day(startOffset + 14))
        let planID = "PL-S\(String(format: "%07d", number))"
        let plan = PaymentPlan(id: planID, caseId: caseID, schedule: try PlanScheduler.schedule(terms, country: country))
        ledger = SeedLedger(accounts: ledger.accounts, plan: plan, country: country, pauses: ledger.pauses)
        let paidCount = switch outcome {
        case "COMPLETED": plan.installments.count
        case "BROKEN": Int.random(in: 0..<plan.installments.count, using: &random)
        default: plan.installments.count { $0.dueDate < today }
        }
        let source = country == .se ? "BANKGIRO" : (country == .no ? "KID" : "BETALINGSSERVICE")
        for installment in plan.installments.prefix(paidCount) {
            let valueDay = min(today, installment.dueDate.adding(days: -1))
            try ledger.pay(installment.amount.minorUnits, on: valueDay, id: "PM-S\(String(format: "%07d", number))-\(installment.sequence)",
                           source: source)
        }
        return day(startOffset)
    }

    private func nationalIDNumber(_ country: Country, birth: Day, random: inout SeedRandom) -> String {
        for _ in 0..<50 {
            let serial = Int.random(in: 0...999, using: &random)
            let made: String? = switch country {
            case .se: NationalID.makePersonnummer(birth: birth, serial: serial)
            case .no: NationalID.makeFodselsnummer(birth: birth, serial: serial)
            case .dk: NationalID.makeCPR(birth: birth, serial: Int.random(in: 0...9_999, using: &random))
            }
            if let made { return made }
        }
        preconditionFailure("no valid national ID for \(birth)")
    }

    private func phoneNumber(_ country: Country, random: inout SeedRandom) -> String {
        switch country {
        case .se: "+467" + String(random.pick([0, 2, 3, 6])) + String(format: "%07d", Int.random(in: 0...9_999_999, using: &random))
        case .no: "+47" + String(random.pick([4, 9])) + String(format: "%07d", Int.random(in: 0...9_999_999, using: &random))
        case .dk: "+45" + String(random.pick([2, 3, 4, 5])) + String(format: "%07d", Int.random(in: 0...9_999_999, using: &random))
        }
    }
}

extension SeedGenerator {
    /// An account's payment reference (README, "Payment files"): `serial` with its MOD10 check
    /// digit, a Swedish OCR or Norwegian KID; in Denmark padded with zeros to the 15 digits of an
    /// FI +71 payment id (zeros in front leave the check digit right), as migration 10 does.
    static func paymentReference(_ serial: String, _ country: Country) -> String {
        let reference = KID.make(serial)
        guard country == .dk else { return reference }
        return String(repeating: "0", count: max(0, AccountReference.danishFI71Length - reference.count)) + reference
    }
}
