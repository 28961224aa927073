import Domain
import Protocol
import Store

/// Cases: the whole picture, search, notes, contacts and flags.
extension CollectService {
    /// GetCase with the thread's answer cache: the encoded answer is reused while the case's
    /// version, the local day and what the caller may see are the same (every change to a case,
    /// its plans, payments, notes, contacts or flags moves its version).
    func getCaseCached(_ call: Call) throws -> [UInt8] {
        var request = try call.decode(GetCaseRequest.self)
        request.caseId = Self.canonicalCaseID(request.caseId)
        if !request.caseId.isEmpty && request.customerId.isEmpty && request.accountNumber.isEmpty && request.nationalId.isEmpty {
            try require(.readCases, call.principal)
            try requireID(request.caseId, field: "case_id", code: "CASE_ID")
            let variant = (call.principal.may(.viewContactDetails) ? 1 : 0) + (call.principal.may(.viewNationalID) ? 2 : 0)
            let key = "case|\(request.caseId)|\(variant)"
            let answers = call.reader.answers
            // Read before the database: a batch committing meanwhile moves it on.
            let generation = writer.commitGeneration
            let held = answers.entry(key)
            if let held, held.generation == generation, held.day == today(held.scope) {
                // Nothing was written since this answer was last known current.
                try requireCountry(held.scope, call.principal, what: "case \(request.caseId)")
                answers.used(key)
                return held.bytes
            }
            // An answer held from before the last commit is still good if the case's version is:
            // one keyed read. Without one (most look-ups of a large database), straight to the
            // snapshot, whose own case record gives the version to remember.
            if let held, let record = try call.reader.caseRecord(id: request.caseId) {
                try requireCountry(record.country, call.principal, what: "case \(record.id)")
                if held.version == record.version, held.day == today(record.country) {
                    answers.used(key, checkedAt: generation)
                    return held.bytes
                }
            }
            answers.missed()
            let (response, country) = try caseAnswer(caseID: request.caseId, call)
            let bytes = response.encoded()
            answers.store(key, AnswerCache.Entry(version: Int64(clamping: response.view.summary.version), bytes: bytes,
                                                 scope: country, day: today(country), generation: generation))
            return bytes
        }
        return try getCase(request, call).encoded()
    }

    func getCase(_ request: GetCaseRequest, _ call: Call) throws -> GetCaseResponse {
        try require(.readCases, call.principal)
        let keys = [request.caseId, request.customerId, request.accountNumber, request.nationalId].filter { !$0.isEmpty }
        guard keys.count == 1 else {
            throw ServiceFailure.invalid("CASE_KEY_REQUIRED", "give exactly one of case_id, customer_id, account_number, national_id", field: "case_id")
        }
        for (value, field, code) in [(request.caseId, "case_id", "CASE_ID"), (request.customerId, "customer_id", "CUSTOMER_ID"),
                                     (request.accountNumber, "account_number", "ACCOUNT_NUMBER")] where !value.isEmpty {
            try requireID(value, field: field, code: code)
        }
        let caseID: String?
        if !request.caseId.isEmpty {
            caseID = request.caseId
        } else if !request.customerId.isEmpty {
            caseID = try call.reader.read { try $0.caseID(customerID: request.customerId) }
        } else if !request.accountNumber.isEmpty {
            caseID = try call.reader.read { try $0.caseID(accountNumber: request.accountNumber) }
        } else {
            try require(.viewNationalID, call.principal)
            // Any written form: with or without separators, a Swedish year in two or four digits.
            // A 10-digit number can be Swedish and Danish at once: each reading is looked up.
            let forms = nationalIDForms(request.nationalId)
            guard !forms.isEmpty else {
                throw ServiceFailure.invalid("NATIONAL_ID_INVALID", "not a valid personnummer, fødselsnummer or CPR number", field: "national_id")
            }
            let hashes = forms.map(sealer.lookupHash)
            caseID = try call.reader.read { records in
                for hash in hashes { if let found = try records.caseID(nationalIDLookup: hash) { return found } }
                return nil
            }
        }
        guard let caseID else {
            // Named after the key that was given and matched nothing.
            let field = !request.customerId.isEmpty ? "customer_id" : !request.accountNumber.isEmpty ? "account_number" : "national_id"
            throw ServiceFailure.notFound("CASE_NOT_FOUND", "no case matches the key", field: field)
        }
        return try caseAnswer(caseID: caseID, call).response
    }

    /// The look-up forms `text` has as a national ID of any country (`NationalID.lookupForms`).
    func nationalIDForms(_ text: String) -> [String] {
        NationalID.lookupForms(text, today: Day(daysSinceEpoch: Int(today("SE"))) ?? .epoch)
    }

    /// The picture of case `caseID` as the caller may see it, and the case's country; one read
    /// transaction. NOT_FOUND when there is no such case, PERMISSION_DENIED outside the caller's
    /// countries.
    func caseAnswer(caseID: String, _ call: Call) throws -> (response: GetCaseResponse, country: String) {
        guard let snapshot = try call.reader.caseSnapshot(caseID: caseID) else {
            throw ServiceFailure.notFound("CASE_NOT_FOUND", "no case matches the key", field: "case_id")
        }
        let country = snapshot.caseRecord.country
        try requireCountry(country, call.principal, what: "case \(caseID)")
        var evaluatedSnapshot = snapshot
        evaluatedSnapshot.plans = snapshot.plans.map { evaluated($0, country: country, flags: snapshot.flags) }
        let view = RecordMapping.caseView(evaluatedSnapshot, principal: call.principal, sealer: sealer, today: today(country),
                                          ruleBook: ruleBook)
        return (GetCaseResponse(view: view), country)
    }

    func searchCases(_ request: SearchCasesRequest, _ call: Call) throws -> SearchCasesResponse {
        try require(.readCases, call.principal)
        var countries = call.principal.countries.sorted()
        if request.country != .unspecified {
            guard countries.contains(request.country.name) else {
                throw ServiceFailure(.permissionDenied, "COUNTRY_OUT_OF_SCOPE", "this token does not cover \(request.country.name)", field: "country")
            }
            countries = [request.country.name]
        }
        var filter = CaseSearchFilter(asOfDay: today(countries.first ?? "SE"))
        filter.countries = countries
        if request.status != .unspecified { filter.status = request.status.name }
        if !request.bucket.isEmpty {
            guard let range = BucketRange.parse(request.bucket) else {
                throw ServiceFailure.invalid("BUCKET_UNKNOWN", "bucket must be one of current, 1-29, 30-59, 60-89, 90+", field: "bucket")
            }
            filter.minDaysPastDue = range.lowerBound
            filter.maxDaysPastDue = range.upperBound == Int.max ? nil : range.upperBound
        }
        if let low = request.minDaysPastDue { filter.minDaysPastDue = max(filter.minDaysPastDue ?? 0, Int(low)) }
        if let high = request.maxDaysPastDue { filter.maxDaysPastDue = min(filter.maxDaysPastDue ?? Int.max, Int(high)) }
        if let low = filter.minDaysPastDue, let high = filter.maxDaysPastDue, low > high {
            throw ServiceFailure.invalid("DAYS_PAST_DUE_RANGE_EMPTY", "min_days_past_due is above max_days_past_due", field: "min_days_past_due")
        }
        let flags = Set(request.flags)
        guard flags.allSatisfy({ FlagKind.allKnown.contains($0) && $0 != .unspecified }) else {
            throw ServiceFailure.invalid("FLAG_KIND_UNKNOWN", "flags must be known flag kinds", field: "flags")
        }
        filter.flags = flags.map(\.name).sorted()
        filter.hasActivePlan = request.hasActivePlan
        if !request.assignedHandler.isEmpty {
            try requireID(request.assignedHandler, field: "assigned_handler", code: "ASSIGNED_HANDLER")
            filter.assignedHandler = request.assignedHandler
        }
        if !request.text.isEmpty {
            try requireText(request.text, field: "text", code: "SEARCH_TEXT", max: Limits.searchTextMaxCharacters)
            // Phone and e-mail look-ups are personal data: only for roles that may see them, in
            // whatever form the number is written.
            filter.phones = PhoneNumber.e164Candidates(request.text)
            if request.text.contains("@") || !filter.phones.isEmpty { try require(.viewContactDetails, call.principal) }
            // A national ID in any written form, for the roles that may look one up.
            let nationalIDs = nationalIDForms(request.text)
            if !nationalIDs.isEmpty {
                try require(.viewNationalID, call.principal)
                filter.nationalIDLookups = nationalIDs.map(sealer.lookupHash)
            }
            filter.text = request.text
        }
        let pageSize = try pageSize(request.page)
        let after = request.page.cursor.isEmpty ? nil : request.page.cursor
        if let after {
            // A next_cursor is the id of a case an earlier page showed: one that exists in the
            // searched countries (cases are never deleted, so it stays good).
            guard after.utf8.count <= Limits.idMaxCharacters, let record = try call.reader.caseRecord(id: after),
                  countries.contains(record.country) else { throw invalidCursor() }
        }
        let rows = try call.reader.searchCases(filter, afterID: after, limit: pageSize + 1)
        let page = rows.prefix(pageSize)
        return SearchCasesResponse(
            cases: page.map { row in
                RecordMapping.summary(row.caseRecord, customerName: row.customerName, oldest: row.oldestUnpaidDue,
                                      overdueMinor: row.overdueMinor, currency: row.currency, hasActivePlan: row.hasActivePlan,
                                      today: today(row.caseRecord.country))
            },
            nextCursor: rows.count > pageSize ? page.last?.caseRecord.id ?? "" : "")
    }

    /// Every note of a case, newest first, a page at a time; the cursor is the last note's
    /// `created_at_ms/id`.
    func listNotes(_ request: ListNotesRequest, _ call: Call) throws -> ListNotesResponse {
        try require(.readCases, call.principal)
        let pageSize = try pageSize(request.page)
        let before = try keyedCursor(request.page)
        return try call.reader.read { connection in
            let record = try scopedCase(request.caseId, call.principal, connection)
            let rows = try connection.noteRecords(caseID: record.id, before: before.map { ($0.number, $0.id) }, limit: pageSize + 1)
            let page = rows.prefix(pageSize)
            return ListNotesResponse(notes: page.map(RecordMapping.note),
                                     nextCursor: rows.count > pageSize ? page.last.map { "\($0.createdAtMs)/\($0.id)" } ?? "" : "")
        }
    }

    func addNote(_ request: AddNoteRequest, _ principal: Principal, _ context: any WriteTransaction) throws -> AddNoteResponse {
        try require(.writeNotes, principal)
        try requireText(request.text, field: "text", code: "NOTE_TEXT", max: Limits.noteMaxCharacters)
        let record = try scopedCase(request.caseId, principal, context)
        try checkVersion(request.expectedVersion, current: record.version, entity: "case", id: record.id)
        let note = NoteRecord(id: try context.nextID("note", prefix: "N"), caseID: record.id, text: request.text,
                              author: principal.name, createdAtMs: context.nowMs)
        try context.insert(note)
        let next = try bumpCase(record, context: context, action: "case.note.add", detail: note.id)
        return AddNoteResponse(note: RecordMapping.note(note), caseVersion: UInt64(next.version))
    }

    func recordContact(_ request: RecordContactRequest, _ principal: Principal, _ context: any WriteTransaction) throws -> RecordContactResponse {
        try require(.recordContacts, principal)
        guard ContactChannel.allKnown.contains(request.channel), request.channel != .unspecified else {
            throw ServiceFailure.invalid("CONTACT_CHANNEL_REQUIRED", "channel must be PHONE, SMS, EMAIL, LETTER or DIALER", field: "channel")
        }
        guard ContactDirection.allKnown.contains(request.direction), request.direction != .unspecified else {
            throw ServiceFailure.invalid("CONTACT_DIRECTION_REQUIRED", "direction must be OUTBOUND or INBOUND", field: "direction")
        }
        guard ContactOutcome.allKnown.contains(request.outcome), request.outcome != .unspecified else {
            throw ServiceFailure.invalid("CONTACT_OUTCOME_REQUIRED", "outcome must be a known contact outcome", field: "outcome")
        }
        try requireText(request.summary, field: "summary", code: "CONTACT_SUMMARY", max: Limits.summaryMaxCharacters, required: false)
        let occurredAt = request.occurredAtMs ?? context.nowMs
        guard occurredAt <= context.nowMs + 60_000, occurredAt >= context.nowMs - 400 * 86_400_000 else {
            throw ServiceFailure.invalid("CONTACT_TIME_OUT_OF_RANGE", "occurred_at_ms must be within the last 400 days and not in the future", field: "occurred_at_ms")
        }
        let record = try scopedCase(request.caseId, principal, context)
        try checkVersion(request.expectedVersion, current: record.version, entity: "case", id: record.id)
        if request.direction == .outbound {
            try checkContactRules(request.channel, at: occurredAt, case: record, principal, context)
        }
        let contact = ContactRecord(id: try context.nextID("contact", prefix: "K"), caseID: record.id, channel: request.channel.name,
                                    direction: request.direction == .inbound ? .inbound : .outbound, outcome: request.outcome.name, occurredAtMs: occurredAt,
                                    summary: request.summary, recordedBy: principal.name)
        try context.insert(contact)
        let next = try bumpCase(record, context: context, action: "case.contact.record", detail: "\(contact.id) \(contact.channel) \(contact.outcome)")
        return RecordContactResponse(contact: RecordMapping.contact(contact), caseVersion: UInt64(next.version))
    }

    func setFlag(_ request: SetFlagRequest, _ principal: Principal, _ context: any WriteTransaction) throws -> FlagsResponse {
        try require(.setFlags, principal)
        guard FlagKind.allKnown.contains(request.kind), request.kind != .unspecified else {
            throw ServiceFailure.invalid("FLAG_KIND_REQUIRED", "kind must be VULNERABLE, DISPUTE, HARDSHIP_PAUSE or CALL_OPT_OUT", field: "kind")
        }
        try requireText(request.reason, field: "reason", code: "FLAG_REASON", max: Limits.reasonMaxCharacters)
        let record = try scopedCase(request.caseId, principal, context)
        let today = today(record.country)
        try checkFlagTerm(request.kind, until: request.until, case: record, today: today)
        try checkVersion(request.expectedVersion, current: record.version, entity: "case", id: record.id)
        try context.upsert(FlagRecord(caseID: record.id, kind: request.kind.name, untilDay: request.until?.daysSinceEpoch,
                                                 reason: request.reason, setOn: today, setBy: principal.name))
        let next = try bumpCase(record, context: context, action: "case.flag.set", detail: request.kind.name)
        return FlagsResponse(flags: try context.flagRecords(caseID: record.id).map(RecordMapping.flag),
                             caseVersion: UInt64(next.version), status: CaseStatus(name: next.status.rawValue) ?? .unspecified)
    }

    func clearFlag(_ request: ClearFlagRequest, _ principal: Principal, _ context: any WriteTransaction) throws -> FlagsResponse {
        try require(.setFlags, principal)
        guard FlagKind.allKnown.contains(request.kind), request.kind != .unspecified else {
            throw ServiceFailure.invalid("FLAG_KIND_REQUIRED", "kind must be VULNERABLE, DISPUTE, HARDSHIP_PAUSE or CALL_OPT_OUT", field: "kind")
        }
        try requireText(request.reason, field: "reason", code: "FLAG_REASON", max: Limits.reasonMaxCharacters)
        let record = try scopedCase(request.caseId, principal, context)
        try checkVersion(request.expectedVersion, current: record.version, entity: "case", id: record.id)
        guard try context.deleteFlag(caseID: record.id, kind: request.kind.name) else {
            throw ServiceFailure(.failedPrecondition, "FLAG_NOT_SET", "case \(record.id) has no \(request.kind.name) flag", field: "kind")
        }
        let next = try bumpCase(record, context: context, action: "case.flag.clear", detail: "\(request.kind.name): \(request.reason)")
        return FlagsResponse(flags: try context.flagRecords(caseID: record.id).map(RecordMapping.flag),
                             caseVersion: UInt64(next.version), status: CaseStatus(name: next.status.rawValue) ?? .unspecified)
    }
}

/// Delinquency buckets by name, as the search accepts them.
enum BucketRange {
    static func parse(_ name: String) -> ClosedRange<Int>? {
        switch name.lowercased() {
        case "current": 0...0
        case "1-29": 1...29
        case "30-59": 30...59
        case "60-89": 60...89
        case "90+": 90...Int.max
        default: nil
        }
    }
}
