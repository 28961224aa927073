import Crypto
import Domain
import Foundation
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
        if random.chance(2) { flags.append(FlagRecord(caseID: caseID, kind: "DISPUTE", untilDay: nil, reason: "Customer disputes a purchase", setOn: days(day(-10)), setBy: "seed")) }
        if random.chance(2) { flags.append(FlagRecord(caseID: caseID, kind: "HARDSHIP_PAUSE", untilDay: days(day(30)), reason: "Illness", setOn: days(day(-5)), setBy: "seed")) }
        if hasPhone && random.chance(4) { flags.append(FlagRecord(caseID: caseID, kind: "CALL_OPT_OUT", untilDay: nil, reason: "Asked not to be called", setOn: days(day(-60)), setBy: "seed")) }

        var accounts: [AccountRecord] = []
        for accountIndex in 1...random.weighted([(1, 60), (2, 30), (3, 10)]) {
            let balance = Int64.random(in: 5_000...80_000, using: &random) * 100
            let overdue = min(balance, Int64.random(in: 300...15_000, using: &random) * 100)
            accounts.append(AccountRecord(number: "\(4_571_000 + number % 1_000)-\(id)-\(accountIndex)", customerID: "CU-\(id)", caseID: caseID,
                                          product: random.pick(["Classic", "Guld", "Platinum", "Business"]), currency: currency.rawValue,
                                          balanceMinor: balance, overdueMinor: overdue, oldestUnpaidDue: days(day(-dpd - (accountIndex - 1) * 3)),
                                          creditLimitMinor: balance + Int64.random(in: 0...50_000, using: &random) * 100,
                                          paymentReference: KID.make(id + String(accountIndex))))
        }

        var plans: [PlanRecord] = []
        var payments: [PaymentRecord] = []
        if random.chance(30) {
            let outcome = random.weighted([("ACTIVE", 50), ("COMPLETED", 25), ("BROKEN", 25)])
            let (plan, planPayments) = try makePlan(caseID: caseID, number: number, outcome: outcome, account: accounts[0], country: country, random: &random)
            plans.append(plan)
            payments += planPayments
        }
        let hasPausingFlag = flags.contains { $0.kind == "DISPUTE" || $0.kind == "HARDSHIP_PAUSE" }
        let status = hasPausingFlag ? "PAUSED" : (plans.contains { $0.status == "ACTIVE" } ? "IN_PLAN" : "OPEN")
        try connection.insert(CaseRecord(id: caseID, customerID: "CU-\(id)", country: country.rawValue, status: status,
                                         assignedHandler: random.chance(60) ? "handler.\(country.rawValue.lowercased())\(Int.random(in: 1...40, using: &random))" : "",
                                         segment: segment, version: 1, openedOn: days(day(-dpd))))
        for account in accounts { try connection.insert(account) }
        for plan in plans { try connection.insert(plan) }
        for payment in payments { try connection.insert(payment) }
        for flag in flags { try connection.upsert(flag) }
        let contactCount = random.weighted([(0, 15), (Int.random(in: 1...3, using: &random), 45), (Int.random(in: 4...8, using: &random), 40)])
        for contactIndex in 0..<contactCount {
            let channel = hasPhone ? random.weighted([("SMS", 40), ("PHONE", 30), ("DIALER", 20), ("EMAIL", 10)]) : "EMAIL"
            let outcome = channel == "SMS" || channel == "EMAIL" ? random.weighted([("DELIVERED", 90), ("FAILED", 10)])
                : random.weighted([("NO_ANSWER", 45), ("RIGHT_PARTY_CONTACT", 25), ("PROMISE_MADE", 10), ("MESSAGE_LEFT", 10), ("WRONG_PARTY", 5), ("REFUSED", 5)])
            let daysAgo = Int.random(in: 0...max(1, dpd), using: &random)
            try connection.insert(ContactRecord(id: "K-\(id)-\(contactIndex + 1)", caseID: caseID, channel: channel, direction: "OUTBOUND",
                                                outcome: outcome, occurredAtMs: Int64(day(-daysAgo).daysSinceEpoch) * 86_400_000 + Int64.random(in: 8...19, using: &random) * 3_600_000,
                                                summary: channel == "PHONE" ? "Call about the overdue amount" : "Payment reminder",
                                                recordedBy: channel == "PHONE" ? "handler" : channel.lowercased()))
        }
        report.contacts += contactCount
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

    private func makePlan(caseID: String, number: Int, outcome: String, account: AccountRecord, country: Country,
                          random: inout SeedRandom) throws -> (PlanRecord, [PaymentRecord]) {
        let count = random.chance(20) ? 1 : random.pick([3, 6, 6, 12, 12])
        let total = Money(minorUnits: max(account.overdueMinor, Int64(count) * 20_000), currency: country.currency)
        // Active plans started recently; finished ones started long ago.
        let startOffset = outcome == "ACTIVE" ? -Int.random(in: 0...60, using: &random) : -Int.random(in: 150...400, using: &random)
        let terms = PlanTerms(total: total, installmentCount: count, frequency: .monthly,
                              firstDueDate: day(startOffset + 14))
        let schedule = try PlanScheduler.schedule(terms, country: country)
        var installments = schedule.map {
            InstallmentRecord(sequence: $0.sequence, dueOn: days($0.dueDate), requestedDueOn: days($0.requestedDueDate),
                              amountMinor: $0.amount.minorUnits, paidMinor: 0)
        }
        var statusOn: Int32?
        switch outcome {
        case "COMPLETED":
            for index in installments.indices { installments[index].paidMinor = installments[index].amountMinor }
            statusOn = installments.last?.dueOn
        case "BROKEN":
            let kept = Int.random(in: 0..<installments.count, using: &random)
            for index in 0..<kept { installments[index].paidMinor = installments[index].amountMinor }
            statusOn = installments[kept].dueOn + 5
        default:
            for index in installments.indices where installments[index].dueOn < days(today) {
                installments[index].paidMinor = installments[index].amountMinor
            }
        }
        let planID = "PL-S\(String(format: "%07d", number))"
        let plan = PlanRecord(id: planID, caseID: caseID, kind: count == 1 ? "PROMISE_TO_PAY" : "PAYMENT_PLAN", status: outcome, statusOn: statusOn,
                              cancelReason: "", currency: country.currency.rawValue, totalMinor: total.minorUnits, frequency: "MONTHLY",
                              version: 1, amendments: 0, createdAtMs: Int64(day(startOffset).daysSinceEpoch) * 86_400_000,
                              createdBy: "handler", installments: installments)
        let source = country == .se ? "BANKGIRO" : (country == .no ? "KID" : "BETALINGSSERVICE")
        let payments = installments.filter { $0.paidMinor > 0 }.map { item in
            PaymentRecord(id: "PM-S\(String(format: "%07d", number))-\(item.sequence)", accountNumber: account.number, caseID: caseID,
                          currency: country.currency.rawValue, amountMinor: item.paidMinor, paidOn: item.dueOn - 1, reference: account.paymentReference,
                          source: source, recordedAtMs: Int64(item.dueOn) * 86_400_000, recordedBy: "payments",
                          allocations: [AllocationRecord(planID: planID, installmentSequence: item.sequence, amountMinor: item.paidMinor)])
        }
        return (plan, payments)
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
