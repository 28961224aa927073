/// One account's state as the card ledger sends it (`docs/INTAKE.md`): the customer with their
/// contact details, and the account with its balances. Money is minor units in the country's
/// currency; no floating point.
public struct LedgerAccountState: Sendable, Hashable {
    public var country: Country
    /// Personnummer, fødselsnummer or CPR number, in any written form the country uses.
    public var nationalID: String
    public var fullName: String
    /// `SV`, `NB`, `DA` or `EN`.
    public var language: String
    /// E.164 (`+46701234567`); empty when the customer has none.
    public var phone: String
    /// Empty when the customer has none.
    public var email: String
    public var addressLine: String
    public var postalCode: String
    public var city: String
    public var accountNumber: String
    public var product: String
    public var balance: Money
    public var overdue: Money
    /// Absent exactly when nothing is overdue.
    public var oldestUnpaidDue: Day?
    public var creditLimit: Money
    /// Whether a direct-debit mandate (Autogiro, AvtaleGiro, Betalingsservice) is in force.
    public var directDebitMandate: Bool

    public init(country: Country, nationalID: String, fullName: String, language: String, phone: String, email: String,
                addressLine: String, postalCode: String, city: String, accountNumber: String, product: String,
                balance: Money, overdue: Money, oldestUnpaidDue: Day?, creditLimit: Money, directDebitMandate: Bool) {
        self.country = country
        self.nationalID = nationalID
        self.fullName = fullName
        self.language = language
        self.phone = phone
        self.email = email
        self.addressLine = addressLine
        self.postalCode = postalCode
        self.city = city
        self.accountNumber = accountNumber
        self.product = product
        self.balance = balance
        self.overdue = overdue
        self.oldestUnpaidDue = oldestUnpaidDue
        self.creditLimit = creditLimit
        self.directDebitMandate = directDebitMandate
    }

    /// Why a row is refused: a stable code, the field, and text for people.
    public struct Problem: Sendable, Hashable, CustomStringConvertible {
        public var code: String
        public var field: String
        public var message: String

        public init(_ code: String, _ field: String, _ message: String) {
            self.code = code
            self.field = field
            self.message = message
        }

        /// `CODE (field): message`.
        public var description: String { "\(code) (\(field)): \(message)" }
    }

    /// The languages a customer is contacted in.
    public static let languages: Set<String> = ["SV", "NB", "DA", "EN"]
    /// Longest name, address line or city.
    public static let textMaxCharacters = 200
    /// Longest account number, product name, postal code or e-mail address.
    public static let shortTextMaxCharacters = 64

    /// The row's national ID in the one form look-ups hash, nil when it is not a valid number of
    /// the row's country.
    public func nationalIDLookupForm(today: Day) -> String? {
        NationalID.lookupForm(nationalID, country: country, today: today)
    }

    /// Everything wrong with the row on `today` (the day in its country), empty when it is good.
    /// Checks only the row itself; a batch's rows are also checked against each other and the book.
    public func problems(today: Day) -> [Problem] {
        var found: [Problem] = []
        if nationalIDLookupForm(today: today) == nil {
            found.append(Problem("INTAKE_NATIONAL_ID_INVALID", "national_id", "not a valid national ID number of \(country)"))
        }
        text(fullName, "full_name", max: Self.textMaxCharacters, required: true, into: &found)
        if !Self.languages.contains(language) {
            found.append(Problem("INTAKE_LANGUAGE_UNKNOWN", "language", "language is SV, NB, DA or EN"))
        }
        if !phone.isEmpty, !Self.isE164(phone) {
            found.append(Problem("INTAKE_PHONE_INVALID", "phone", "phone is an E.164 number such as +46701234567, or empty"))
        }
        if !email.isEmpty, !Self.looksLikeEmail(email) {
            found.append(Problem("INTAKE_EMAIL_INVALID", "email", "e-mail is one address such as name@example.se (at most \(Self.shortTextMaxCharacters) characters), or empty"))
        }
        text(addressLine, "address_line", max: Self.textMaxCharacters, required: false, into: &found)
        text(postalCode, "postal_code", max: Self.shortTextMaxCharacters, required: false, into: &found)
        text(city, "city", max: Self.textMaxCharacters, required: false, into: &found)
        if !Self.isAccountNumber(accountNumber) {
            found.append(Problem("INTAKE_ACCOUNT_NUMBER_INVALID", "account_number",
                                 "account number is 1 to \(Self.shortTextMaxCharacters) letters, digits and '-'"))
        }
        text(product, "product", max: Self.shortTextMaxCharacters, required: true, into: &found)
        for (field, amount) in [("balance", balance), ("overdue", overdue), ("credit_limit", creditLimit)] {
            if amount.currency != country.currency {
                found.append(Problem("INTAKE_CURRENCY_MISMATCH", field, "\(field) is in \(amount.currency); accounts in \(country) are in \(country.currency)"))
            } else if amount.minorUnits < 0 {
                found.append(Problem("INTAKE_AMOUNT_NEGATIVE", field, "\(field) is below zero"))
            } else if !MoneyLimits.isWithin(amount) {
                found.append(Problem("INTAKE_AMOUNT_OVER_LIMIT", field,
                                     "\(field) is over \(MoneyLimits.maximum(amount.currency).minorUnits) minor units"))
            }
        }
        if overdue.minorUnits > balance.minorUnits, overdue.currency == balance.currency {
            found.append(Problem("INTAKE_OVERDUE_OVER_BALANCE", "overdue", "overdue is more than the balance"))
        }
        switch (overdue.minorUnits > 0, oldestUnpaidDue) {
        case (true, nil):
            found.append(Problem("INTAKE_DUE_DATE_MISSING", "oldest_unpaid_due_date", "something is overdue: give the oldest unpaid due date"))
        case (false, .some):
            found.append(Problem("INTAKE_DUE_DATE_UNEXPECTED", "oldest_unpaid_due_date", "nothing is overdue: leave the oldest unpaid due date empty"))
        case (true, .some(let due)) where due > today:
            found.append(Problem("INTAKE_DUE_DATE_IN_FUTURE", "oldest_unpaid_due_date", "\(due) has not come yet in \(country); an overdue amount fell due on or before today"))
        default: break
        }
        return found
    }

    /// True when this row enters collections by `rule` on `day`.
    public func enters(by rule: EntryRule, on day: Day) -> Bool {
        rule.admits(overdue: overdue, oldestUnpaidDue: oldestUnpaidDue, on: day)
    }

    private func text(_ value: String, _ field: String, max: Int, required: Bool, into found: inout [Problem]) {
        if required, value.unicodeScalars.allSatisfy({ $0.properties.isWhitespace }) {
            found.append(Problem("INTAKE_TEXT_REQUIRED", field, "\(field) must not be empty"))
        } else if value.count > max {
            found.append(Problem("INTAKE_TEXT_TOO_LONG", field, "\(field) is longer than \(max) characters"))
        } else if value.unicodeScalars.contains(where: { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }) {
            found.append(Problem("INTAKE_TEXT_CONTROL_CHARACTER", field, "\(field) holds a control character or a line break"))
        }
    }

    /// One `local@domain.tld` without spaces or control characters.
    static func looksLikeEmail(_ text: String) -> Bool {
        guard text.count <= shortTextMaxCharacters,
              !text.unicodeScalars.contains(where: { $0.value <= 0x20 || (0x7F...0x9F).contains($0.value) }) else { return false }
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty else { return false }
        let labels = parts[1].split(separator: ".", omittingEmptySubsequences: false)
        return labels.count >= 2 && labels.allSatisfy { !$0.isEmpty }
    }

    /// `+`, a country code not starting with 0, and in all `PhoneNumber.digitsMin` to 15 digits.
    static func isE164(_ text: String) -> Bool {
        let bytes = text.utf8
        guard bytes.first == UInt8(ascii: "+"), (PhoneNumber.digitsMin + 1...16).contains(bytes.count) else { return false }
        let digits = bytes.dropFirst()
        return digits.first != UInt8(ascii: "0") && digits.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    }

    static func isAccountNumber(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.count <= shortTextMaxCharacters
            && text.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A) || $0 == 0x2D }
    }
}
