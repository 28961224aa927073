/// What a token may do. Roles are fixed; their rights are the table in `docs/ACCESS.md`.
public enum Role: String, Sendable, Hashable, CaseIterable {
    /// Talks to customers: reads cases, agrees plans, records payments, contacts and notes.
    case handler
    /// Steers the work: reads everything, changes plans and flags; sees no personal data.
    case coordinator
    /// Read-only, and may read the audit log; sees no personal data.
    case auditor
    /// Operates the system; sees no personal data.
    case admin
    /// SMS, e-mail, dialer, payment files and the card ledger's intake: records contacts,
    /// promises and payments, and opens, updates and cures cases from the ledger.
    case automation

    /// A right checked per call.
    public enum Right: String, Sendable, Hashable, CaseIterable {
        case readCases, writeNotes, recordContacts, setFlags, managePlans, recordPayments, readAudit
        /// Full phone number and e-mail address.
        case viewContactDetails
        /// Full national ID number, and look-up by it.
        case viewNationalID
        /// See the daily cycle's runs and run it for a day (`collectctl automation`).
        case runAutomation
        /// Send the card ledger's account states (`collectctl intake`, docs/INTAKE.md).
        case submitIntake

        /// The right's bit in ``Role/rightsMask``.
        var bit: UInt16 {
            switch self {
            case .readCases: 1 << 0
            case .writeNotes: 1 << 1
            case .recordContacts: 1 << 2
            case .setFlags: 1 << 3
            case .managePlans: 1 << 4
            case .recordPayments: 1 << 5
            case .readAudit: 1 << 6
            case .viewContactDetails: 1 << 7
            case .viewNationalID: 1 << 8
            case .runAutomation: 1 << 9
            case .submitIntake: 1 << 10
            }
        }
    }

    /// ``rights`` as bits, made once per role (checked on every call without building a set).
    var rightsMask: UInt16 {
        switch self {
        case .handler: Role.masks.handler
        case .coordinator: Role.masks.coordinator
        case .auditor: Role.masks.auditor
        case .admin: Role.masks.admin
        case .automation: Role.masks.automation
        }
    }

    private static let masks = (handler: mask(.handler), coordinator: mask(.coordinator), auditor: mask(.auditor),
                                admin: mask(.admin), automation: mask(.automation))
    private static func mask(_ role: Role) -> UInt16 { role.rights.reduce(0) { $0 | $1.bit } }

    /// The rights of the role.
    public var rights: Set<Right> {
        switch self {
        case .handler: [.readCases, .writeNotes, .recordContacts, .setFlags, .managePlans, .recordPayments, .viewContactDetails, .viewNationalID]
        case .coordinator: [.readCases, .writeNotes, .setFlags, .managePlans, .runAutomation]
        case .auditor: [.readCases, .readAudit]
        case .admin: [.readCases, .readAudit, .runAutomation]
        case .automation: [.readCases, .recordContacts, .managePlans, .recordPayments, .viewContactDetails, .submitIntake]
        }
    }
}

/// The authenticated caller of a request.
public struct Principal: Sendable, Hashable {
    /// The token's name, recorded in the audit log as the actor.
    public var name: String
    public var role: Role
    /// Countries (`SE`, `NO`, `DK`) whose cases the caller may see and change.
    public var countries: Set<String>

    public init(name: String, role: Role, countries: Set<String>) {
        self.name = name
        self.role = role
        self.countries = countries
    }

    /// True when the role has `right`.
    public func may(_ right: Role.Right) -> Bool { role.rightsMask & right.bit != 0 }
}
