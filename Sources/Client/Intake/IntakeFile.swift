import CSV
import Domain
import Foundation

/// A card-ledger feed file (docs/INTAKE.md, "The CSV file"): UTF-8 CSV with a header naming
/// every column of `IntakeFile.columns` once, in any order; one account state per record.
/// Parsed with CSV.swift; each record's money through `Money.parse` (minor units, no floating
/// point), its dates as `YYYY-MM-DD`, and then the domain's own checks of a ledger state, so
/// that what the server would refuse is refused here first, with the file's line.
struct IntakeFile {
    /// The header's column names.
    static let columns = ["country", "national_id", "full_name", "language", "phone", "email", "address_line", "postal_code", "city",
                          "account_number", "product", "currency", "balance", "overdue", "oldest_unpaid_due_date", "credit_limit",
                          "direct_debit_mandate"]
    /// Most records in one file (a full feed of the department's book fits several times over).
    static let recordsMax = 5_000_000

    /// A state, the line its record starts on, and its customer (country and national ID in
    /// its look-up form: one customer however the number is written).
    struct Row {
        var line: Int
        var state: LedgerAccountState
        var customer: String
    }

    /// A refused record: its line and why.
    struct Problem: CustomStringConvertible {
        var line: Int
        var code: String
        var field: String
        var message: String

        var description: String { field.isEmpty ? "\(code): \(message)" : "\(code) (\(field)): \(message)" }
    }

    var rows: [Row] = []
    var problems: [Problem] = []

    /// Reads `text`; `today` gives the day in a country (the client's clock).
    init(text: String, today: (Domain.Country) -> Day) {
        let reader: CSVReader
        do {
            reader = try CSVReader(string: text, hasHeaderRow: true)
        } catch {
            problems.append(Problem(line: 1, code: "INTAKE_FILE_HEADER", field: "", message: "the file has no header line"))
            return
        }
        let header = reader.headerRow ?? []
        var position: [String: Int] = [:]
        for (index, name) in header.enumerated() {
            let key = Self.trimmed(name).lowercased()
            guard Self.columns.contains(key) else {
                problems.append(Problem(line: 1, code: "INTAKE_FILE_HEADER", field: name, message: "unknown column; the columns are \(Self.columns.joined(separator: ","))"))
                continue
            }
            guard position[key] == nil else {
                problems.append(Problem(line: 1, code: "INTAKE_FILE_HEADER", field: name, message: "the column is named twice"))
                continue
            }
            position[key] = index
        }
        for missing in Self.columns where position[missing] == nil {
            problems.append(Problem(line: 1, code: "INTAKE_FILE_HEADER", field: missing, message: "the header lacks this column"))
        }
        guard problems.isEmpty else { return }
        var line = 1 + Self.lineBreaks(header) + 1
        var firstLineOfAccount: [String: Int] = [:]
        while let record = reader.next() {
            defer { line += 1 + Self.lineBreaks(record) }
            guard rows.count + problems.count < Self.recordsMax else {
                problems.append(Problem(line: line, code: "INTAKE_FILE_TOO_LARGE", field: "", message: "more than \(Self.recordsMax) records"))
                break
            }
            if record.count == 1, record[0].isEmpty {
                problems.append(Problem(line: line, code: "INTAKE_FILE_BLANK_LINE", field: "", message: "a blank line; every line after the header is an account state"))
                continue
            }
            guard record.count == header.count else {
                problems.append(Problem(line: line, code: "INTAKE_FILE_COLUMNS", field: "",
                                        message: "\(record.count) fields where the header has \(header.count)"))
                continue
            }
            let field = { (name: String) in record[position[name]!] }
            switch Self.state(field, today: today) {
            case .failure(let found):
                problems += found.problems.map { Problem(line: line, code: $0.code, field: $0.field, message: $0.message) }
            case .success(let state):
                if let first = firstLineOfAccount[state.accountNumber] {
                    problems.append(Problem(line: line, code: "INTAKE_ACCOUNT_DUPLICATE", field: "account_number",
                                            message: "account \(state.accountNumber) is also on line \(first)"))
                } else {
                    firstLineOfAccount[state.accountNumber] = line
                    let form = state.nationalIDLookupForm(today: today(state.country)) ?? state.nationalID
                    rows.append(Row(line: line, state: state, customer: state.country.rawValue + form))
                }
            }
        }
        if reader.error != nil {
            problems.append(Problem(line: line, code: "INTAKE_FILE_ENCODING", field: "", message: "the file is not UTF-8 text from here on"))
        }
    }

    struct Refusals: Error { var problems: [LedgerAccountState.Problem] }

    /// `text` without the spaces and tabs around it.
    static func trimmed(_ text: String) -> Substring {
        let isBlank = { (character: Character) in character == " " || character == "\t" }
        guard let first = text.firstIndex(where: { !isBlank($0) }), let last = text.lastIndex(where: { !isBlank($0) }) else { return "" }
        return text[first...last]
    }

    /// Line breaks inside a record's fields (a quoted field may hold them; CR LF counts once).
    static func lineBreaks(_ fields: [String]) -> Int {
        fields.reduce(0) { count, field in count + field.utf8.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) } }
    }

    /// One record as a ledger state, or everything wrong with it.
    static func state(_ field: (String) -> String, today: (Domain.Country) -> Day) -> Result<LedgerAccountState, Refusals> {
        var found: [LedgerAccountState.Problem] = []
        guard let country = Domain.Country(rawValue: field("country").uppercased()) else {
            return .failure(Refusals(problems: [.init("INTAKE_COUNTRY_UNKNOWN", "country", "country is SE, NO or DK")]))
        }
        let currency = country.currency
        if field("currency").uppercased() != currency.rawValue {
            found.append(.init("INTAKE_CURRENCY_MISMATCH", "currency", "currency is \(currency.rawValue) for an account in \(country)"))
        }
        func money(_ name: String, emptyIsZero: Bool) -> Money {
            let text = field(name)
            if emptyIsZero, Self.trimmed(text).isEmpty { return Money(minorUnits: 0, currency: currency) }
            do {
                return try Money.parse(text, currency: currency, fieldPath: name)
            } catch {
                found.append(.init(error.code, name, error.message))
                return Money(minorUnits: 0, currency: currency)
            }
        }
        let balance = money("balance", emptyIsZero: false)
        let overdue = money("overdue", emptyIsZero: true)
        let creditLimit = money("credit_limit", emptyIsZero: false)
        var due: Day?
        let dueText = String(Self.trimmed(field("oldest_unpaid_due_date")))
        if !dueText.isEmpty {
            due = Day(iso8601: dueText)
            if due == nil { found.append(.init("INTAKE_FILE_DATE", "oldest_unpaid_due_date", "'\(dueText)' is not a date YYYY-MM-DD")) }
        }
        let mandate: Bool
        switch Self.trimmed(field("direct_debit_mandate")).lowercased() {
        case "yes": mandate = true
        case "no", "": mandate = false
        default:
            mandate = false
            found.append(.init("INTAKE_FILE_MANDATE", "direct_debit_mandate", "direct_debit_mandate is yes, no or empty (no)"))
        }
        let state = LedgerAccountState(
            country: country, nationalID: field("national_id"), fullName: field("full_name"), language: field("language").uppercased(),
            phone: field("phone"), email: field("email"), addressLine: field("address_line"), postalCode: field("postal_code"), city: field("city"),
            accountNumber: field("account_number"), product: field("product"), balance: balance, overdue: overdue, oldestUnpaidDue: due,
            creditLimit: creditLimit, directDebitMandate: mandate)
        // The domain's checks on what parsed; a field already refused above is not refused twice.
        // An amount that did not parse stands as zero: the checks between amounts and the due date
        // would only repeat that.
        let refused = Set(found.map(\.field))
        let amountRefused = refused.contains("balance") || refused.contains("overdue")
        let dependent: Set<String> = ["INTAKE_OVERDUE_OVER_BALANCE", "INTAKE_DUE_DATE_MISSING", "INTAKE_DUE_DATE_UNEXPECTED"]
        found += state.problems(today: today(country)).filter { !refused.contains($0.field) && !(amountRefused && dependent.contains($0.code)) }
        return found.isEmpty ? .success(state) : .failure(Refusals(problems: found))
    }

    /// The rows in batches of at most `limit`, a customer's rows (by national ID) kept together
    /// where they fit, customers in the order they first appear in the file.
    func batches(limit: Int) -> [[Row]] {
        var order: [String] = []
        var byCustomer: [String: [Row]] = [:]
        for row in rows {
            if byCustomer[row.customer] == nil { order.append(row.customer) }
            byCustomer[row.customer, default: []].append(row)
        }
        var batches: [[Row]] = []
        var current: [Row] = []
        for key in order {
            let group = byCustomer[key]!
            if current.count + group.count > limit, !current.isEmpty {
                batches.append(current)
                current = []
            }
            for row in group {
                if current.count == limit {
                    batches.append(current)
                    current = []
                }
                current.append(row)
            }
        }
        if !current.isEmpty { batches.append(current) }
        return batches
    }
}
