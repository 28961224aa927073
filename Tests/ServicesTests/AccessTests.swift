import Protocol
import Services
import SQLiteDriver
import Store
import Testing

/// Who may do what, and what each role sees.
@Suite struct AccessTests {
    @Test func personalDataIsMaskedForRolesWithoutTheRight() throws {
        let harness = try ServiceHarness()
        let view = try harness.call(CasesService.getCase, GetCaseRequest(caseId: "C-SE-1"), as: ServiceHarness.coordinator).get().view
        #expect(view.customer.nationalId == "198503-****")
        #expect(view.customer.phone == "+4670*****67")
        #expect(view.customer.email == "k***@example.com")
        #expect(view.customer.personalDataMasked)
        let automated = try harness.call(CasesService.getCase, GetCaseRequest(caseId: "C-SE-1"), as: ServiceHarness.automation).get().view
        #expect(automated.customer.phone == "+46701234567", "the dialer needs the number")
        #expect(automated.customer.nationalId == "198503-****")
    }

    /// The rights table of docs/ACCESS.md, as every call checks it.
    @Test func eachRoleMayDoExactlyWhatItsRightsSay() {
        let expected: [Role: Set<Role.Right>] = [
            .handler: [.readCases, .writeNotes, .recordContacts, .setFlags, .managePlans, .recordPayments, .viewContactDetails, .viewNationalID],
            .coordinator: [.readCases, .writeNotes, .setFlags, .managePlans, .runAutomation],
            .auditor: [.readCases, .readAudit],
            .admin: [.readCases, .readAudit, .runAutomation],
            .automation: [.readCases, .recordContacts, .managePlans, .recordPayments, .viewContactDetails, .submitIntake],
        ]
        for role in Role.allCases {
            let principal = Principal(name: "t", role: role, countries: ["SE"])
            for right in Role.Right.allCases {
                #expect(principal.may(right) == expected[role]!.contains(right), "\(role) \(right)")
            }
        }
    }

    @Test func blankIDsAreRefusedWhateverTheWhiteSpace() throws {
        let harness = try ServiceHarness()
        for blank in ["", " ", "\t\n", "\u{00A0}", "\u{2003} "] {
            let refused = harness.call(CasesService.getCase, GetCaseRequest(caseId: blank), as: ServiceHarness.coordinator)
            if blank.isEmpty {
                #expect(refused.failure?.detail.code == "CASE_KEY_REQUIRED")
            } else {
                #expect(refused.failure?.detail.code == "CASE_ID_REQUIRED", "\(Array(blank.unicodeScalars))")
            }
        }
    }

    @Test func lookupByNationalIDOnlyForHandlers() throws {
        let harness = try ServiceHarness()
        let found = try harness.call(CasesService.getCase, GetCaseRequest(nationalId: "19850312-2387")).get()
        #expect(found.view.summary.caseId == "C-SE-1")
        let refused = harness.call(CasesService.getCase, GetCaseRequest(nationalId: "198503122387"), as: ServiceHarness.coordinator)
        #expect(refused.failure?.status == .permissionDenied)
    }

    @Test func countryScopeIsEnforced() throws {
        let harness = try ServiceHarness()
        let refused = harness.call(CasesService.getCase, GetCaseRequest(caseId: "C-NO-1"), as: ServiceHarness.swedishHandler)
        #expect(refused.failure?.detail.code == "COUNTRY_OUT_OF_SCOPE")
        let note = harness.call(CasesService.addNote, AddNoteRequest(caseId: "C-NO-1", text: "x", expectedVersion: 1), as: ServiceHarness.swedishHandler)
        #expect(note.failure?.detail.code == "COUNTRY_OUT_OF_SCOPE")
        #expect(harness.count("note") == 0)
    }

    @Test func auditorsCannotChangeAnything() throws {
        let harness = try ServiceHarness()
        let result = harness.call(CasesService.addNote, AddNoteRequest(caseId: "C-SE-1", text: "x", expectedVersion: 1), as: ServiceHarness.auditor)
        #expect(result.failure?.status == .permissionDenied)
        let payment = harness.call(PaymentsService.recordPayment,
                                   RecordPaymentRequest(accountNumber: "A-SE-1", amount: Money(minorUnits: 1, currency: .sek),
                                                        paidOn: ServiceHarness.today, source: .manual), as: ServiceHarness.auditor)
        #expect(payment.failure?.status == .permissionDenied)
        #expect(harness.count("note") == 0)
        #expect(harness.count("payment") == 0)
    }

    @Test func malformedRequestsAreRefusedWithTheWireCode() throws {
        let harness = try ServiceHarness()
        let result = harness.raw(CasesService.getCase.path, [0x0A, 0x05, 0x43], as: ServiceHarness.handler)
        #expect(result.failure?.status == .invalidArgument)
        #expect(result.failure?.detail.code == "WIRE_TRUNCATED")
        let unknown = harness.raw("/collect.v1.Cases/Nope", [], as: ServiceHarness.handler)
        #expect(unknown.failure?.status == .unimplemented)
    }

    @Test func badInputsGiveTheirCodesAndChangeNothing() throws {
        let harness = try ServiceHarness()
        let checks: [(Result<AddNoteResponse, ServiceFailure>, String)] = [
            (harness.call(CasesService.addNote, AddNoteRequest(caseId: "C-SE-1", text: "  ", expectedVersion: 1)), "NOTE_TEXT_REQUIRED"),
            (harness.call(CasesService.addNote, AddNoteRequest(caseId: "C-SE-1", text: String(repeating: "x", count: 4_001), expectedVersion: 1)), "NOTE_TEXT_TOO_LONG"),
            (harness.call(CasesService.addNote, AddNoteRequest(caseId: "C-SE-1", text: "x", expectedVersion: 0)), "EXPECTED_VERSION_REQUIRED"),
            (harness.call(CasesService.addNote, AddNoteRequest(caseId: "C-XX-9", text: "x", expectedVersion: 1)), "CASE_NOT_FOUND"),
            (harness.call(CasesService.addNote, AddNoteRequest(caseId: "", text: "x", expectedVersion: 1)), "CASE_ID_REQUIRED"),
            (harness.call(CasesService.addNote, AddNoteRequest(caseId: "C-SE-1", text: "x", expectedVersion: 1), key: "has space"), "IDEMPOTENCY_KEY_INVALID"),
        ]
        for (result, code) in checks { #expect(result.failure?.detail.code == code) }
        let payments: [(RecordPaymentRequest, String)] = [
            (RecordPaymentRequest(accountNumber: "A-SE-1", amount: Money(minorUnits: 0, currency: .sek), paidOn: ServiceHarness.today, source: .manual), "PAYMENT_NOT_POSITIVE"),
            (RecordPaymentRequest(accountNumber: "A-SE-1", amount: Money(minorUnits: 100, currency: .dkk), paidOn: ServiceHarness.today, source: .manual), "PAYMENT_CURRENCY_MISMATCH"),
            (RecordPaymentRequest(accountNumber: "A-SE-1", amount: Money(minorUnits: 100, currency: .sek), paidOn: CalendarDate(year: 2027, month: 1, day: 1)!, source: .manual), "PAYMENT_DATE_OUT_OF_RANGE"),
            (RecordPaymentRequest(accountNumber: "A-SE-1", amount: Money(minorUnits: 100, currency: .sek), paidOn: ServiceHarness.today), "PAYMENT_SOURCE_REQUIRED"),
            (RecordPaymentRequest(accountNumber: "A-NOPE", amount: Money(minorUnits: 100, currency: .sek), paidOn: ServiceHarness.today, source: .manual), "ACCOUNT_NOT_FOUND"),
        ]
        for (request, code) in payments {
            #expect(harness.call(PaymentsService.recordPayment, request).failure?.detail.code == code)
        }
        #expect(harness.count("note") == 0)
        #expect(harness.count("payment") == 0)
        #expect(harness.count("audit") == 0)
        #expect(harness.view("C-SE-1").summary.version == 1)
    }
}

/// The audit log: every change traceable to who did it; readable by auditors, not by handlers.
@Suite struct AuditAccessTests {
    @Test func auditorsReadTheLogHandlersDoNot() throws {
        let harness = try ServiceHarness()
        _ = try harness.call(CasesService.addNote, AddNoteRequest(caseId: "C-SE-1", text: "ringde", expectedVersion: 1)).get()
        let log = try harness.call(SystemService.listAudit, ListAuditRequest(entity: "case", entityId: "C-SE-1"), as: ServiceHarness.auditor).get()
        #expect(log.rows.map(\.action) == ["case.note.add"])
        #expect(log.rows.first?.actor == "anna.handler")
        #expect(log.rows.first?.versionBefore == 1)
        #expect(log.rows.first?.versionAfter == 2)
        #expect(log.rows.first?.hash.count == 32)
        let refused = harness.call(SystemService.listAudit, ListAuditRequest(), as: ServiceHarness.handler)
        #expect(refused.failure?.status == .permissionDenied)
        #expect(harness.call(SystemService.listAudit, ListAuditRequest(entity: "planet"), as: ServiceHarness.auditor).failure?.detail.code == "AUDIT_ENTITY_UNKNOWN")
    }
}

/// Bearer tokens: each way a token can be wrong gives its own code; none is ever accepted.
@Suite struct TokenTests {
    @Test func tokensAreCheckedOnEveryCall() throws {
        let harness = try ServiceHarness()
        let future = ServiceHarness.nowMs + 86_400_000
        let (secret, info) = try TokenAuthority.create(name: "kim.handler", role: .handler, countries: ["SE"], expiresAtMs: future,
                                                       writer: harness.writer, actor: "operator")
        #expect(info.countries == ["SE"])
        let connection = try Connection(path: harness.path, readOnly: true)
        let reader = try StoreReader(path: harness.path, answerCapacity: 0)
        let principal = try TokenAuthority.authenticate("Bearer \(secret)", reader: reader, nowMs: ServiceHarness.nowMs)
        #expect(principal == Principal(name: "kim.handler", role: .handler, countries: ["SE"]))
        func code(_ header: String?, now: Int64 = ServiceHarness.nowMs) -> String? {
            do {
                _ = try TokenAuthority.authenticate(header, reader: reader, nowMs: now)
                return nil
            } catch {
                return error.detail.code
            }
        }
        #expect(code(nil) == "TOKEN_MISSING")
        #expect(code("Basic abc") == "TOKEN_MALFORMED")
        #expect(code("Bearer " + String(repeating: "x", count: 300)) == "TOKEN_MALFORMED")
        #expect(code("Bearer clt_notarealtoken") == "TOKEN_UNKNOWN")
        #expect(code("Bearer \(secret)", now: future + 1) == "TOKEN_EXPIRED")
        try TokenAuthority.revoke(name: "kim.handler", writer: harness.writer, actor: "operator")
        #expect(code("Bearer \(secret)") == "TOKEN_REVOKED")
        #expect(throws: ServiceFailure.self) {
            _ = try TokenAuthority.create(name: "bad name", role: .handler, countries: ["SE"], expiresAtMs: future, writer: harness.writer, actor: "operator")
        }
        let stored = try TokenAuthority.list(reader: reader)
        #expect(stored.map(\.name) == ["kim.handler"])
        // Only the hash is stored.
        let raw = try connection.scalarInt("SELECT count(*) FROM api_token WHERE instr(CAST(secret_hash AS TEXT), ?) > 0", [.text(secret)])
        #expect(raw == 0)
        #expect(try StoreWriter.verifyAudit(path: harness.path) == AuditVerification(rows: 2, firstBrokenSequence: nil))
    }
}

/// Each input bound of the services holds exactly at its edge: the bound is accepted, one past it
/// is refused with its code and changes nothing.
@Suite struct ServiceLimitTests {
    @Test func noteLengthIdempotencyKeyAndReason() throws {
        let harness = try ServiceHarness()
        let atLimit = try harness.call(CasesService.addNote, AddNoteRequest(caseId: "C-SE-1", text: String(repeating: "å", count: 4_000), expectedVersion: 1),
                                       key: String(repeating: "k", count: 128)).get()
        #expect(atLimit.caseVersion == 2)
        let overNote = harness.call(CasesService.addNote, AddNoteRequest(caseId: "C-SE-1", text: String(repeating: "å", count: 4_001), expectedVersion: 2))
        #expect(overNote.failure?.detail.code == "NOTE_TEXT_TOO_LONG")
        let overKey = harness.call(CasesService.addNote, AddNoteRequest(caseId: "C-SE-1", text: "x", expectedVersion: 2),
                                   key: String(repeating: "k", count: 129))
        #expect(overKey.failure?.detail.code == "IDEMPOTENCY_KEY_INVALID")
        let reasonAtLimit = try harness.call(CasesService.setFlag, SetFlagRequest(caseId: "C-SE-1", kind: .vulnerable,
                                                                                 reason: String(repeating: "r", count: 500), expectedVersion: 2)).get()
        #expect(reasonAtLimit.caseVersion == 3)
        let overReason = harness.call(CasesService.setFlag, SetFlagRequest(caseId: "C-SE-1", kind: .dispute,
                                                                           reason: String(repeating: "r", count: 501), expectedVersion: 3))
        #expect(overReason.failure?.detail.code == "FLAG_REASON_TOO_LONG")
        #expect(harness.count("note") == 1)
        #expect(harness.count("case_flag") == 1)
        #expect(harness.view("C-SE-1").summary.version == 3)
    }

    @Test func searchPageSizeAndText() throws {
        let harness = try ServiceHarness()
        #expect((try? harness.call(CasesService.searchCases, SearchCasesRequest(page: PageRequest(pageSize: 200))).get()) != nil)
        #expect(harness.call(CasesService.searchCases, SearchCasesRequest(page: PageRequest(pageSize: 201))).failure?.detail.code == "PAGE_SIZE_TOO_LARGE")
        #expect((try? harness.call(CasesService.searchCases, SearchCasesRequest(text: String(repeating: "a", count: 100))).get()) != nil)
        #expect(harness.call(CasesService.searchCases, SearchCasesRequest(text: String(repeating: "a", count: 101))).failure?.detail.code == "SEARCH_TEXT_TOO_LONG")
        #expect((try? harness.call(PaymentsService.listPayments, ListPaymentsRequest(caseId: "C-SE-1", page: PageRequest(pageSize: 100))).get()) != nil)
        #expect(harness.call(PaymentsService.listPayments, ListPaymentsRequest(caseId: "C-SE-1", page: PageRequest(pageSize: 101))).failure?.detail.code == "PAGE_SIZE_TOO_LARGE")
    }

    @Test func paymentDateWindow() throws {
        let harness = try ServiceHarness()
        let oldest = CalendarDate(daysSinceEpoch: ServiceHarness.today.daysSinceEpoch - 400)!
        let tooOld = CalendarDate(daysSinceEpoch: ServiceHarness.today.daysSinceEpoch - 401)!
        func pay(_ day: CalendarDate) -> Result<RecordPaymentResponse, ServiceFailure> {
            harness.call(PaymentsService.recordPayment, RecordPaymentRequest(accountNumber: "A-SE-1", amount: Money(minorUnits: 100, currency: .sek),
                                                                             paidOn: day, source: .manual))
        }
        #expect(pay(oldest).failure == nil)
        #expect(pay(tooOld).failure?.detail.code == "PAYMENT_DATE_OUT_OF_RANGE")
        #expect(harness.count("payment") == 1)
        // The other edge: today is accepted, tomorrow refused (nothing recorded).
        let tomorrow = CalendarDate(daysSinceEpoch: ServiceHarness.today.daysSinceEpoch + 1)!
        #expect(pay(ServiceHarness.today).failure == nil)
        let ahead = pay(tomorrow).failure
        #expect(ahead?.detail.code == "PAYMENT_DATE_OUT_OF_RANGE" && ahead?.detail.fieldPath == "paid_on" && ahead?.status == .invalidArgument)
        #expect(harness.count("payment") == 2)
    }
}

extension ServiceLimitTests {
    @Test func authorizationHeaderLength() throws {
        let harness = try ServiceHarness()
        let reader = try StoreReader(path: harness.path, answerCapacity: 0)
        func code(_ header: String) -> String? {
            do {
                _ = try TokenAuthority.authenticate(header, reader: reader, nowMs: ServiceHarness.nowMs)
                return nil
            } catch {
                return error.detail.code
            }
        }
        let prefix = "Bearer clt_"
        // 256 bytes is looked up (and unknown); 257 is refused unread.
        #expect(code(prefix + String(repeating: "a", count: 256 - prefix.count)) == "TOKEN_UNKNOWN")
        #expect(code(prefix + String(repeating: "a", count: 257 - prefix.count)) == "TOKEN_MALFORMED")
    }
}
