import Domain
import Foundation
import Protocol
import Store

/// Input and state checks shared by the handlers; each refusal has its own stable code.
extension CollectService {
    func require(_ right: Role.Right, _ principal: Principal) throws(ServiceFailure) {
        guard principal.may(right) else {
            throw ServiceFailure.denied("the \(principal.role.rawValue) role may not do this (needs \(right.rawValue))")
        }
    }

    func requireText(_ text: String, field: String, code: String, max: Int, required: Bool = true) throws(ServiceFailure) {
        if required && CollectService.isBlank(text) { throw .invalid("\(code)_REQUIRED", "\(field) must not be empty", field: field) }
        // Characters never outnumber UTF-8 bytes: count them only when the bytes are over.
        if text.utf8.count > max, text.count > max {
            throw .invalid("\(code)_TOO_LONG", "\(field) is longer than \(max) characters", field: field)
        }
        // Escape sequences would be stored and later reach a handler's terminal.
        if CollectService.hasControlCharacter(text) {
            throw .invalid("\(code)_CONTROL_CHARACTER", "\(field) holds a control character (only line breaks and tabs are text)", field: field)
        }
    }

    /// True when `text` holds a C0 control other than tab, line feed and carriage return, DEL,
    /// or a C1 control (U+0080–U+009F).
    static func hasControlCharacter(_ text: String) -> Bool {
        var ascii = true
        for byte in text.utf8 {
            if byte < 0x20 {
                if byte != 0x09 && byte != 0x0A && byte != 0x0D { return true }
            } else if byte == 0x7F {
                return true
            } else if byte >= 0x80 {
                ascii = false
            }
        }
        return !ascii && text.unicodeScalars.contains { (0x80...0x9F).contains($0.value) }
    }

    /// True when `text` is empty or only white space and line breaks.
    static func isBlank(_ text: String) -> Bool {
        // Usual case first: starts with a visible ASCII character.
        if let first = text.utf8.first, first > 0x20, first < 0x7F { return false }
        return text.unicodeScalars.allSatisfy { $0.properties.isWhitespace }
    }

    func requireID(_ id: String, field: String, code: String) throws(ServiceFailure) {
        try requireText(id, field: field, code: code, max: Limits.idMaxCharacters)
    }

    /// The page size asked for (`fallback` for 0), refused over `max`.
    func pageSize(_ page: PageRequest, fallback: Int = Limits.searchPageDefault, max: Int = Limits.searchPageMax) throws(ServiceFailure) -> Int {
        let size = page.pageSize == 0 ? fallback : Int(page.pageSize)
        guard size <= max else { throw .invalid("PAGE_SIZE_TOO_LARGE", "page_size is at most \(max)", field: "page.page_size") }
        return size
    }

    /// A cursor an earlier page could not have given.
    func invalidCursor() -> ServiceFailure {
        .invalid("PAGE_CURSOR_INVALID", "cursor must be a next_cursor from an earlier page", field: "page.cursor")
    }

    /// The `<number>/<id>` cursor of a page ordered by a number and an id, nil for the first page.
    func keyedCursor(_ page: PageRequest) throws(ServiceFailure) -> (number: Int64, id: String)? {
        guard !page.cursor.isEmpty else { return nil }
        let parts = page.cursor.split(separator: "/", maxSplits: 1)
        guard parts.count == 2, let number = Int64(parts[0]), parts[1].utf8.count <= Limits.idMaxCharacters else { throw invalidCursor() }
        return (number, String(parts[1]))
    }

    /// Case ids are upper case (`C-0000001`); one typed in lower case names the same case.
    static func canonicalCaseID(_ id: String) -> String {
        id.utf8.contains { $0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z") } ? id.uppercased() : id
    }

    /// The case `id` (in any letter case), when it exists and the caller's countries include it.
    func scopedCase(_ typed: String, _ principal: Principal, _ connection: any RecordReading, field: String = "case_id") throws -> CaseRecord {
        let id = Self.canonicalCaseID(typed)
        try requireID(id, field: field, code: "CASE_ID")
        guard let record = try connection.caseRecord(id: id) else { throw ServiceFailure.notFound("CASE_NOT_FOUND", "no case \(id)", field: field) }
        try requireCountry(record.country, principal, what: "case \(id)")
        return record
    }

    func requireCountry(_ country: String, _ principal: Principal, what: String) throws(ServiceFailure) {
        guard principal.countries.contains(country) else {
            throw ServiceFailure(.permissionDenied, "COUNTRY_OUT_OF_SCOPE", "\(what) is in \(country); this token covers \(principal.countries.sorted().joined(separator: ", "))")
        }
    }

    /// Refuses a missing or stale expected version.
    func checkVersion(_ expected: UInt64, current: Int64, entity: String, id: String, field: String = "expected_version") throws {
        guard expected > 0 else {
            throw ServiceFailure.invalid("EXPECTED_VERSION_REQUIRED", "\(field) must name the version you read (see `case show`)", field: field)
        }
        guard Int64(clamping: expected) == current else {
            throw StoreError.versionConflict(entity: entity, id: id, expected: Int64(clamping: expected), current: current)
        }
    }

    /// The status a case has from its flags, plans and accounts as of `today` (`CaseState`).
    func derivedStatus(caseID: String, country: String, connection: any RecordReading, today: Int32) throws -> CaseState {
        // A plan is in force when it reads as active today (a break is drawn from its facts).
        let flags = try connection.flagRecords(caseID: caseID)
        return Self.caseState(flags: flags, planInForce: try connection.planRecords(caseID: caseID).contains {
            evaluated($0, country: country, flags: flags, asOf: today).status == .active
        }, accounts: try connection.accountRecords(caseID: caseID), on: today)
    }

    /// A case's state on `day` from its flags, whether a plan is in force and its accounts.
    static func caseState(flags: [FlagRecord], planInForce: Bool, accounts: [AccountRecord], on day: Int32) -> CaseState {
        CaseState.asOf(pauseInForce: RecordMapping.pauseInForce(flags, today: day), planInForce: planInForce,
                       overdueMinorUnits: Domain.Money.clampedSum(accounts.map(\.overdueMinor)))
    }

    /// Moves a case to the next version, with its status re-derived, and audits the change.
    func bumpCase(_ record: CaseRecord, context: any WriteTransaction, action: String, detail: String) throws -> CaseRecord {
        var next = record
        next.version += 1
        next.status = try derivedStatus(caseID: record.id, country: record.country, connection: context, today: today(record.country))
        try context.update(next, expectedVersion: record.version)
        try context.audit(action: action, entity: "case", entityID: record.id, versionBefore: record.version,
                          versionAfter: next.version, detail: detail)
        return next
    }
}

