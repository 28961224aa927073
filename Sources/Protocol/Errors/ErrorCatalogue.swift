/// Every detail code Collect can put in `ErrorDetail.code`, with the gRPC status it travels with,
/// the part of the system that emits it and what a caller can do about it.
///
/// The one list: `docs/ERRORS.md` is generated from it (`collect-server errors --markdown`), a
/// test fails when that file is stale, a source scan fails when `Sources/` emits a code the list
/// lacks (or the list keeps a code nothing emits), and the service tests check every failure they
/// see against it. Domain and Store keep their own string codes (they cannot see this module);
/// Services take a domain or store refusal's status from here.
public enum ErrorCatalogue {
    /// Looks up `code`; nil when the catalogue does not know it.
    public static func entry(_ code: String) -> ErrorCatalogueEntry? { byCode[code] }

    /// The status `code` travels with; nil when the catalogue does not know it.
    public static func status(of code: String) -> GRPCStatusCode? { byCode[code]?.status }

    /// Every entry, in the order of ``entries``.
    public static let all: [ErrorCatalogueEntry] = entries

    private static let byCode: [String: ErrorCatalogueEntry] = {
        var table: [String: ErrorCatalogueEntry] = [:]
        for entry in entries {
            precondition(table[entry.code] == nil, "the error catalogue lists \(entry.code) twice")
            table[entry.code] = entry
        }
        return table
    }()

    /// The three codes `requireText` makes of a text field's prefix: empty, too long, control character.
    private static func text(_ prefix: String, _ field: String, required: Bool = true) -> [ErrorCatalogueEntry] {
        var entries: [ErrorCatalogueEntry] = []
        if required { entries.append(.init(prefix + "_REQUIRED", .invalidArgument, .services, "`\(field)` is empty or only white space: fill it in")) }
        entries.append(.init(prefix + "_TOO_LONG", .invalidArgument, .services, "`\(field)` is over its length limit (named in the message): shorten it"))
        entries.append(.init(prefix + "_CONTROL_CHARACTER", .invalidArgument, .services,
                             "`\(field)` holds a control character (only tab and line breaks are text): remove it"))
        return entries
    }

    private static let entries: [ErrorCatalogueEntry] = wire + transport + auth + services + domain + store
        + text("STRATEGY_FILE_NAME", "file_name", required: false) + paymentFiles + intake
        + text("PAYMENT_FILE_NAME", "file_name", required: false) + text("REFUND_REASON", "reason") + text("UNMATCHED_ID", "unmatched_id")

    /// A payment file refused whole (nothing applied; the field path names the line and field,
    /// docs/PAYMENT-FILES.md), and the unmatched list's refusals.
    private static let paymentFiles: [ErrorCatalogueEntry] = [
        .init("PAYMENT_FILE_EMPTY", .invalidArgument, .services, "the payment file has no records"),
        .init("PAYMENT_FILE_FORMAT_UNKNOWN", .invalidArgument, .services,
              "the first record is not the start record of BgMax, OCR giro or Betalingsservice 0602"),
        .init("PAYMENT_FILE_LINE_TOO_LONG", .invalidArgument, .services, "a line is longer than the format's record length"),
        .init("PAYMENT_FILE_LINE_ENDING", .invalidArgument, .services, "a BgMax record is not ended by CR LF"),
        .init("PAYMENT_FILE_ENCODING", .invalidArgument, .services, "a control character, or UTF-8 where ISO-8859-1 belongs"),
        .init("PAYMENT_FILE_RECORD_UNKNOWN", .invalidArgument, .services, "a record type the format does not have, or an empty line"),
        .init("PAYMENT_FILE_RECORD_ORDER", .invalidArgument, .services, "a record where the format does not allow it"),
        .init("PAYMENT_FILE_FIELD", .invalidArgument, .services, "a field's content is not allowed (letters in a number, a fixed value wrong)"),
        .init("PAYMENT_FILE_DATE", .invalidArgument, .services, "a date field is not a date, or the file's first/last dates are not its payments'"),
        .init("PAYMENT_FILE_COUNT_MISMATCH", .invalidArgument, .services, "a count in a section or end record is not what the file holds"),
        .init("PAYMENT_FILE_SUM_MISMATCH", .invalidArgument, .services, "a sum in a section or end record is not the amounts' sum"),
        .init("PAYMENT_FILE_SUM_OVERFLOW", .invalidArgument, .services, "the amounts add up past what a file can carry"),
        .init("PAYMENT_FILE_TRUNCATED", .invalidArgument, .services, "the file ends before its end record"),
        .init("PAYMENT_FILE_TOO_LARGE", .invalidArgument, .services, "more records or sections than the import's limits"),
        .init("PAYMENT_FILE_CHANGED", .invalidArgument, .services,
              "the file read on the second pass was not the one checked on the first; what was applied stays: import it again"),
        .init("PAYMENT_FILE_TEST", .invalidArgument, .services, "the file is marked as a bank's test file; nothing is applied"),
        .init("PAYMENT_FILE_UNREADABLE", .failedPrecondition, .services,
              "the inbox file cannot be opened or is not a regular file (a directory, FIFO, dangling link, gone): it is moved to failed/"),
        .init("PAYMENT_FILE_READ_FAILED", .unavailable, .services,
              "reading the inbox file failed (an I/O error); tried again at the next looks, then moved to failed/"),
        .init("PAYMENT_IMPORT_BUSY", .resourceExhausted, .services, "another payment file is being imported: try again when it is done"),
        .init("PAYMENT_IMPORT_STOPPED", .unavailable, .services,
              "the server stopped during the import; what was applied stays: import the same file again to finish it"),
        .init("UNMATCHED_NOT_FOUND", .notFound, .services, "no unmatched payment has that id"),
        .init("UNMATCHED_ALREADY_RESOLVED", .failedPrecondition, .services, "the unmatched payment was already matched or refunded"),
        .init("UNMATCHED_NOT_A_PAYMENT", .invalidArgument, .services, "a deduction, reversal or amount over the limit cannot be matched to an account"),
        .init("UNMATCHED_STATUS", .invalidArgument, .services, "the status filter is not OPEN, MATCHED or REFUNDED"),
    ]

    /// The card ledger's intake (docs/INTAKE.md). A refused batch is `INTAKE_ROWS_INVALID`; the
    /// codes after it name why each state was refused, one fact `state` = `index CODE (field): message`
    /// per state (and `collectctl intake` prints them as `file:line`).
    private static let intake: [ErrorCatalogueEntry] = [
        .init("INTAKE_BATCH_ID_INVALID", .invalidArgument, .services, "`batch_id` is not 1–128 printable ASCII characters without spaces"),
        .init("INTAKE_BATCH_EMPTY", .invalidArgument, .services, "the batch has no account states"),
        .init("INTAKE_BATCH_TOO_LARGE", .invalidArgument, .services, "more than 500 account states in one batch: send more batches"),
        .init("INTAKE_BATCH_ID_REUSED", .failedPrecondition, .services,
              "the batch id was applied before with other account states; nothing applied: use a new batch id (the same states under the same id answer the first result)"),
        .init("INTAKE_ROWS_INVALID", .invalidArgument, .services,
              "account states of the batch are refused and nothing is applied; each is a fact `state` = `index CODE (field): message`"),
        .init("INTAKE_COUNTRY_UNKNOWN", .invalidArgument, .services, "(a state's reason) country is not SE, NO or DK"),
        .init("INTAKE_NATIONAL_ID_INVALID", .invalidArgument, .services, "(a state's reason) not a valid national ID number of the state's country"),
        .init("INTAKE_TEXT_REQUIRED", .invalidArgument, .services, "(a state's reason) the name or product is empty"),
        .init("INTAKE_TEXT_TOO_LONG", .invalidArgument, .services, "(a state's reason) a text field is over its length limit (named in the message)"),
        .init("INTAKE_TEXT_CONTROL_CHARACTER", .invalidArgument, .services, "(a state's reason) a text field holds a control character or a line break"),
        .init("INTAKE_LANGUAGE_UNKNOWN", .invalidArgument, .services, "(a state's reason) language is not SV, NB, DA or EN"),
        .init("INTAKE_PHONE_INVALID", .invalidArgument, .services, "(a state's reason) phone is not an E.164 number (`+46701234567`) or empty"),
        .init("INTAKE_EMAIL_INVALID", .invalidArgument, .services, "(a state's reason) e-mail is not one address or empty"),
        .init("INTAKE_ACCOUNT_NUMBER_INVALID", .invalidArgument, .services, "(a state's reason) account number is not 1–64 letters, digits and `-`"),
        .init("INTAKE_CURRENCY_MISMATCH", .invalidArgument, .services, "(a state's reason) an amount is not in the currency of the state's country"),
        .init("INTAKE_AMOUNT_NEGATIVE", .invalidArgument, .services, "(a state's reason) balance, overdue or credit limit is below zero"),
        .init("INTAKE_AMOUNT_OVER_LIMIT", .invalidArgument, .services, "(a state's reason) an amount is over the money limit (docs/DOMAIN.md)"),
        .init("INTAKE_OVERDUE_OVER_BALANCE", .invalidArgument, .services, "(a state's reason) overdue is more than the balance"),
        .init("INTAKE_DUE_DATE_MISSING", .invalidArgument, .services, "(a state's reason) something is overdue but the oldest unpaid due date is missing"),
        .init("INTAKE_DUE_DATE_UNEXPECTED", .invalidArgument, .services, "(a state's reason) nothing is overdue but an oldest unpaid due date is given"),
        .init("INTAKE_DUE_DATE_IN_FUTURE", .invalidArgument, .services, "(a state's reason) the oldest unpaid due date has not come yet in the state's country"),
        .init("INTAKE_ACCOUNT_DUPLICATE", .invalidArgument, .services, "(a state's reason) the account is in the batch twice"),
        .init("INTAKE_ACCOUNT_OTHER_CUSTOMER", .invalidArgument, .services, "(a state's reason) the account belongs to another customer in the book"),
        .init("INTAKE_ACCOUNT_CURRENCY_CHANGED", .invalidArgument, .services, "(a state's reason) the account is in another currency in the book"),
    ]

    private static let wire: [ErrorCatalogueEntry] = [
        .init("WIRE_TRUNCATED", .invalidArgument, .protocol, "the request ends inside a key, varint or length-delimited value (WIRE.md §6); fact `offset`"),
        .init("WIRE_VARINT_OVERFLOW", .invalidArgument, .protocol, "a varint is longer than 10 bytes or past 64 bits; fact `offset`"),
        .init("WIRE_OVERLONG_VARINT", .invalidArgument, .protocol, "a varint is not minimal (ends in 0x00): encode canonically; fact `offset`"),
        .init("WIRE_INVALID_FIELD_NUMBER", .invalidArgument, .protocol, "a key's field number is 0 or over 2^29−1, often trailing garbage; fact `offset`"),
        .init("WIRE_INVALID_WIRE_TYPE", .invalidArgument, .protocol, "a key's wire type is not 0 or 2; fact `offset`"),
        .init("WIRE_WIRE_TYPE_MISMATCH", .invalidArgument, .protocol, "a known field came with the other wire type than its schema type; facts `offset`, `field_number`"),
        .init("WIRE_FIELD_ORDER", .invalidArgument, .protocol, "fields are not in ascending number order; facts `offset`, `field_number`"),
        .init("WIRE_DUPLICATE_FIELD", .invalidArgument, .protocol, "a field that is not repeated appears twice; facts `offset`, `field_number`"),
        .init("WIRE_INTEGER_OVERFLOW", .invalidArgument, .protocol, "a value does not fit its int32, uint32 or enum field; facts `offset`, `field_number`"),
        .init("WIRE_INVALID_BOOL", .invalidArgument, .protocol, "a bool is neither 0 nor 1; facts `offset`, `field_number`"),
        .init("WIRE_INVALID_DATE", .invalidArgument, .protocol, "a date is outside 0001-01-01 … 9999-12-31; facts `offset`, `field_number`"),
        .init("WIRE_INVALID_UTF8", .invalidArgument, .protocol, "a string is not valid UTF-8; facts `offset`, `field_number`"),
        .init("WIRE_MESSAGE_TOO_LARGE", .resourceExhausted, .protocol,
              "the message is over the server's size limit (also refused by the transport from the 5-byte prefix): send less"),
        .init("WIRE_DEPTH_EXCEEDED", .invalidArgument, .protocol, "messages are nested deeper than the depth limit; facts `offset`, `field_number`"),
        .init("WIRE_LIST_TOO_LONG", .invalidArgument, .protocol, "a repeated field has more elements than the list limit; facts `offset`, `field_number`"),
        .init("WIRE_STRING_TOO_LONG", .invalidArgument, .protocol, "a string or bytes value is over the string limit; facts `offset`, `field_number`"),
    ]

    private static let transport: [ErrorCatalogueEntry] = [
        .init("UNKNOWN_METHOD", .unimplemented, .transport, "no method at this `:path`: check the service and method names (WIRE.md §1)"),
        .init("MALFORMED_TIMEOUT", .internal, .transport, "`grpc-timeout` is not 1–8 digits and a unit H M S m u n: fix the header"),
        .init("HEADERS_TOO_LARGE", .resourceExhausted, .transport, "the request headers are over the server's header list limit: send fewer or shorter headers"),
        .init("NO_REQUEST_MESSAGE", .unimplemented, .transport, "the request stream ended without a message: a unary call sends exactly one"),
        .init("MORE_THAN_ONE_MESSAGE", .unimplemented, .transport, "the request stream holds a second message: a unary call sends exactly one"),
        .init("COMPRESSION_UNSUPPORTED", .internal, .transport, "the message's compressed flag is 1 and Collect defines no compression: send flag 0"),
        .init("INVALID_MESSAGE_FLAG", .internal, .transport, "the message's flag byte is neither 0 nor 1: send flag 0"),
        .init("MESSAGE_TRUNCATED", .internal, .transport, "the request stream ended inside a message: send the whole message"),
        .init("DEADLINE_EXCEEDED", .deadlineExceeded, .transport,
              "the client's `grpc-timeout` passed before the answer: retry a mutation with the same idempotency key (the first answer if it was applied)"),
        .init("REQUEST_READ_TIMEOUT", .deadlineExceeded, .transport, "the whole request did not arrive within the server's read bound (20 s by default): send it at once"),
        .init("REQUEST_BUFFERS_FULL", .resourceExhausted, .transport, "the server's request buffers are full: retry after a short pause"),
    ]

    private static let auth: [ErrorCatalogueEntry] = [
        .init("TOKEN_MISSING", .unauthenticated, .auth, "no `authorization` header: send `Bearer <token>`"),
        .init("TOKEN_MALFORMED", .unauthenticated, .auth, "the `authorization` header is not `Bearer <token>`"),
        .init("TOKEN_UNKNOWN", .unauthenticated, .auth, "the server does not know this token: ask the operator for one"),
        .init("TOKEN_REVOKED", .unauthenticated, .auth, "the token was revoked: ask the operator for a new one"),
        .init("TOKEN_EXPIRED", .unauthenticated, .auth, "the token has expired: ask the operator for a new one"),
        .init("TOKEN_ROLE_UNKNOWN", .permissionDenied, .auth, "the token's role is not known to this server build: the operator must reissue it"),
        .init("PERMISSION_DENIED", .permissionDenied, .auth, "the token's role may not call this method (docs/ACCESS.md)"),
        .init("COUNTRY_OUT_OF_SCOPE", .permissionDenied, .auth, "the case or country is outside the token's countries"),
        .init("TOKEN_NAME_INVALID", .invalidArgument, .auth, "a token name is 1–64 letters, digits, `.`, `-` or `_`", reach: .operatorCommand),
        .init("TOKEN_COUNTRIES_INVALID", .invalidArgument, .auth, "a token's countries are one or more of SE, NO, DK", reach: .operatorCommand),
        .init("TOKEN_NOT_FOUND", .notFound, .auth, "no token of that name to revoke", reach: .operatorCommand),
    ]

    private static let services: [ErrorCatalogueEntry] = [
        .init("INTERNAL", .internal, .services, "the request failed unexpectedly (a bug): report it with the `collect-request-id`"),
        .init("DATABASE_UNAVAILABLE", .unavailable, .services, "the server cannot open or read its database right now: retry later"),
        .init("IDEMPOTENCY_KEY_INVALID", .invalidArgument, .services, "`idempotency-key` is not 1–128 printable ASCII characters without spaces"),
        .init("EXPECTED_VERSION_REQUIRED", .invalidArgument, .services, "the change names no `expected_version`: send the version you read"),
        .init("CASE_KEY_REQUIRED", .invalidArgument, .services, "give exactly one of case_id, customer_id, account_number, national_id"),
        .init("CASE_NOT_FOUND", .notFound, .services, "no case with that id, or none matches the customer id, account number or national ID given (`field_path` says which)"),
        .init("ACCOUNT_NOT_FOUND", .notFound, .services, "no account with that number"),
        .init("CUSTOMER_NOT_FOUND", .notFound, .store, "the customer a change names is not in the book (the intake found its case but not its customer: a damaged book)"),
        .init("PLAN_NOT_FOUND", .notFound, .services, "no plan with that id"),
        .init("NATIONAL_ID_INVALID", .invalidArgument, .services, "not a valid personnummer, fødselsnummer or CPR number (checksum or date)"),
        .init("CURRENCY_REQUIRED", .invalidArgument, .services, "the currency is unset or unknown: SEK, NOK or DKK"),
        .init("BUCKET_UNKNOWN", .invalidArgument, .services, "`bucket` is not one of current, 1-29, 30-59, 60-89, 90+"),
        .init("DAYS_PAST_DUE_RANGE_EMPTY", .invalidArgument, .services, "`min_days_past_due` is above `max_days_past_due`"),
        .init("FLAG_KIND_UNKNOWN", .invalidArgument, .services, "a search flag is not a known flag kind"),
        .init("FLAG_KIND_REQUIRED", .invalidArgument, .services, "`kind` must be VULNERABLE, DISPUTE, HARDSHIP_PAUSE or CALL_OPT_OUT"),
        .init("FLAG_NOT_SET", .failedPrecondition, .services, "the case has no flag of that kind to clear"),
        .init("PAGE_SIZE_TOO_LARGE", .invalidArgument, .services, "`page.page_size` is over the method's page limit (in the message)"),
        .init("PAGE_CURSOR_INVALID", .invalidArgument, .services, "`page.cursor` is not a `next_cursor` from an earlier page"),
        .init("CONTACT_CHANNEL_REQUIRED", .invalidArgument, .services, "`channel` must be PHONE, SMS, EMAIL, LETTER or DIALER"),
        .init("CONTACT_DIRECTION_REQUIRED", .invalidArgument, .services, "`direction` must be OUTBOUND or INBOUND"),
        .init("CONTACT_OUTCOME_REQUIRED", .invalidArgument, .services, "`outcome` must be a known contact outcome"),
        .init("CONTACT_TIME_OUT_OF_RANGE", .invalidArgument, .services, "`occurred_at_ms` must be within the last 400 days and not in the future"),
        .init("PAYMENT_SOURCE_REQUIRED", .invalidArgument, .services, "`source` must be a known payment source"),
        .init("PAYMENT_DATE_REQUIRED", .invalidArgument, .services, "`paid_on` is required"),
        .init("PAYMENT_DATE_OUT_OF_RANGE", .invalidArgument, .services, "`paid_on` must be today or within the allowed number of past days (in the message)"),
        .init("DAILY_CYCLE_DAY_NOT_COME", .invalidArgument, .services,
              "the daily cycle was asked to run as of a day that has not come in that country: give today or an earlier day"),
        .init("DAILY_CYCLE_DAY_REQUIRED", .invalidArgument, .services, "`as_of` is missing: name the day the daily cycle is to run as of"),
        .init("DAILY_CYCLE_OFF", .unavailable, .services,
              "this server was started with `--daily-cycle off`: run the day on a server that runs the cycle, or with `collect-server run-daily`"),
        .init("COUNTRY_REQUIRED", .invalidArgument, .services, "`country` is missing or unknown: give SE, NO or DK"),
        .init("STRATEGY_INVALID", .invalidArgument, .services,
              "the strategy file has issues: each is a fact `issue` = `file:line:column: CODE (field): message` (docs/STRATEGIES.md lists the codes)"),
        .init("STRATEGY_TOO_LARGE", .invalidArgument, .services, "the strategy file is over its size limit (in the message)"),
        .init("STRATEGY_IN_FORCE_INVALID", .failedPrecondition, .services,
              "the strategy version in force is refused by this build's country rules (the first issue in the message): activate a corrected version"),
        .init("OUTBOX_KIND_UNKNOWN", .invalidArgument, .services, "`kind` is not an outbox action kind this server knows"),
        .init("OUTBOX_TIME_NEGATIVE", .invalidArgument, .services, "`from_ms` or `before_ms` is negative: give an instant in ms since the epoch, or 0 for none"),
        .init("OUTBOX_TIME_RANGE_EMPTY", .invalidArgument, .services, "`before_ms` is not later than `from_ms`: the listing would be empty"),
        .init("SIMULATION_SAMPLES_OUT_OF_RANGE", .invalidArgument, .services, "`samples` is over the most sample case ids per row (in the message)"),
        .init("STRATEGY_NOT_FOUND", .notFound, .services, "no stored strategy version has that number: see `collectctl strategy list`"),
        .init("STRATEGY_ACTIVE_FROM_REQUIRED", .invalidArgument, .services, "`active_from` is missing: name the day the version is in force from"),
        .init("STRATEGY_ACTIVE_FROM_PAST", .invalidArgument, .services, "`active_from` is before today: a day that has passed keeps its strategy"),
        .init("STRATEGY_ACTIVE_FROM_TOO_FAR", .invalidArgument, .services, "`active_from` is more than a year after today"),
        .init("PAYMENT_FILTER_REQUIRED", .invalidArgument, .services, "give exactly one of account_number and case_id"),
        .init("AUDIT_ENTITY_UNKNOWN", .invalidArgument, .services, "`entity` is one of case, plan, account, token"),
        .init("PLAN_ALREADY_ACTIVE", .failedPrecondition, .services, "the case already has an active plan: amend or cancel it first"),
        .init("PLAN_FREQUENCY_REQUIRED", .invalidArgument, .services, "`terms.frequency` must be WEEKLY, BIWEEKLY or MONTHLY"),
        .init("PLAN_FIRST_DUE_REQUIRED", .invalidArgument, .services, "`terms.first_due_date` is required"),
        .init("PLAN_TOTAL_EXCEEDS_DEBT", .invalidArgument, .services, "the plan's total is more than is owed on the case"),
    ] + text("CASE_ID", "case_id") + text("CUSTOMER_ID", "customer_id") + text("ACCOUNT_NUMBER", "account_number")
        + text("PLAN_ID", "plan_id") + text("ENTITY_ID", "entity_id") + text("ASSIGNED_HANDLER", "assigned_handler")
        + text("SEARCH_TEXT", "text") + text("NOTE_TEXT", "text") + text("FLAG_REASON", "reason")
        // An empty cancellation reason is the domain's PLAN_CANCEL_REASON_REQUIRED.
        + text("PLAN_AMEND_REASON", "reason") + text("PLAN_CANCEL_REASON", "reason", required: false)
        + text("CONTACT_SUMMARY", "summary", required: false) + text("PAYMENT_REFERENCE", "reference", required: false)

    private static let domain: [ErrorCatalogueEntry] = [
        .init("MONEY_OVERFLOW", .invalidArgument, .domain, "an amount computed from the request is outside the Int64 range of minor units"),
        .init("CURRENCY_MISMATCH", .failedPrecondition, .domain, "two amounts in different currencies were combined"),
        .init("AMOUNT_EMPTY", .invalidArgument, .domain, "no amount given"),
        .init("AMOUNT_INVALID", .invalidArgument, .domain, "characters or shape that are not an amount (accepted forms in the message)"),
        .init("AMOUNT_AMBIGUOUS", .invalidArgument, .domain, "the text could be read as thousands or as decimals: write it unambiguously"),
        .init("AMOUNT_TOO_PRECISE", .invalidArgument, .domain, "more than two decimals"),
        .init("AMOUNT_BAD_GROUPING", .invalidArgument, .domain, "spaces not between groups of three digits"),
        .init("AMOUNT_NEGATIVE", .invalidArgument, .domain, "a negative amount where none is allowed"),
        .init("AMOUNT_TOO_LARGE", .invalidArgument, .domain, "the amount is beyond the representable range"),
        .init("AMOUNT_OVER_LIMIT", .invalidArgument, .domain, "the amount is over the largest accepted in one field (docs/DOMAIN.md, MoneyLimits)"),
        .init("PLAN_EMPTY", .invalidArgument, .domain, "the plan has no installments"),
        .init("PLAN_TOTAL_NOT_POSITIVE", .invalidArgument, .domain, "the plan's total is zero or negative"),
        .init("PLAN_CURRENCY_MISMATCH", .invalidArgument, .domain, "the total or an installment is not in the case country's currency"),
        .init("PLAN_SUM_MISMATCH", .invalidArgument, .domain, "the installments do not sum to the total"),
        .init("PLAN_TOO_MANY_INSTALLMENTS", .invalidArgument, .domain, "more installments than the country's policy or the hard bound allows (in the message)"),
        .init("PLAN_TOO_LONG", .invalidArgument, .domain, "the last installment is beyond the longest allowed duration"),
        .init("PLAN_INSTALLMENT_TOO_SMALL", .invalidArgument, .domain, "an installment is below the smallest allowed"),
        .init("PLAN_INSTALLMENT_NOT_POSITIVE", .invalidArgument, .domain, "an installment is zero or negative"),
        .init("PLAN_FIRST_DUE_TOO_LATE", .invalidArgument, .domain, "the first installment is too far ahead"),
        .init("PLAN_FIRST_DUE_IN_PAST", .invalidArgument, .domain, "the first installment is before today"),
        .init("PLAN_DUE_DATES_NOT_ASCENDING", .invalidArgument, .domain, "due dates are out of order or repeated"),
        .init("PLAN_DATE_OUT_OF_RANGE", .invalidArgument, .domain, "a due date is outside the supported years"),
        .init("PLAN_NOT_ACTIVE", .failedPrecondition, .domain, "the plan is not active (cancelled, broken or completed): it cannot be changed"),
        .init("PLAN_CANCEL_REASON_REQUIRED", .invalidArgument, .domain, "a cancellation needs a reason"),
        .init("PLAN_AMENDMENT_SUM_MISMATCH", .invalidArgument, .domain, "the amended schedule does not sum to the amount outstanding"),
        .init("PLAN_NOTHING_OUTSTANDING", .invalidArgument, .domain, "the plan has nothing left to pay: there is nothing to amend"),
        .init("PAYMENT_NOT_POSITIVE", .invalidArgument, .domain, "the payment is zero or negative"),
        .init("PAYMENT_CURRENCY_MISMATCH", .invalidArgument, .domain, "the payment is not in the account's (or plan's) currency"),
        .init("PAYMENT_REFERENCE_FORMAT", .invalidArgument, .domain, "a structured payment reference (OCR/KID) is not 2–25 digits"),
        .init("PAYMENT_REFERENCE_CHECK_DIGIT", .invalidArgument, .domain, "the payment reference's MOD10 check digit is wrong"),
        .init("FLAG_UNTIL_REQUIRED", .invalidArgument, .domain, "a pause needs its last day (`until`)"),
        .init("FLAG_UNTIL_IN_PAST", .invalidArgument, .domain, "the flag's last day has already passed"),
        .init("PAUSE_TOO_LONG", .invalidArgument, .domain, "the pause is longer than the country allows"),
        .init("CASE_DISPUTED", .failedPrecondition, .domain, "the debt is disputed: resolve the dispute before making or changing a plan"),
        .init("CONTACT_OPTED_OUT", .failedPrecondition, .domain, "the customer opted out of calls; facts `local_time`, `next_allowed`"),
        .init("CONTACT_HOLIDAY", .failedPrecondition, .domain, "a public holiday or bank closing day in the customer's country; facts `local_time`, `next_allowed`"),
        .init("CONTACT_OUTSIDE_HOURS", .failedPrecondition, .domain, "outside the allowed hours for that weekday; facts `local_time`, `next_allowed`"),
        .init("CONTACT_LIMIT_DAY", .failedPrecondition, .domain, "the day's call limit is reached; facts `local_time`, `next_allowed`"),
        .init("CONTACT_LIMIT_WEEK", .failedPrecondition, .domain, "the ISO week's call limit is reached; facts `local_time`, `next_allowed`"),
        .init("CONTACT_LIMIT_MONTH", .failedPrecondition, .domain, "the month's call limit is reached; facts `local_time`, `next_allowed`"),
        .init("CONTACT_CASE_PAUSED", .failedPrecondition, .domain, "a dispute or hardship pause is in force; facts `local_time`, `next_allowed`"),
        .init("CONTACT_VULNERABLE_PERSONAL_ONLY", .failedPrecondition, .domain, "automation may not contact a vulnerable customer: a handler must"),
        .init("CONTACT_MESSAGE_LIMIT_DAY", .failedPrecondition, .domain, "the day's message limit is reached; facts `local_time`, `next_allowed`"),
        .init("CONTACT_MESSAGE_LIMIT_WEEK", .failedPrecondition, .domain, "the week's message limit is reached; facts `local_time`, `next_allowed`"),
        .init("BUCKETS_INVALID", .failedPrecondition, .domain, "a bucket scheme has gaps, overlaps, no open end or duplicate labels", reach: .operatorCommand),
        .init("RULEBOOK_INVALID", .failedPrecondition, .domain, "a rule book misses a country, repeats a date or has wrong currencies", reach: .operatorCommand),
    ]

    private static let store: [ErrorCatalogueEntry] = [
        .init("VERSION_CONFLICT", .aborted, .store, "changed by someone else since you read it; facts `expected_version`, `current_version`: reload and redo"),
        .init("IDEMPOTENCY_KEY_REUSED", .failedPrecondition, .store, "this token already used the key for another method or request: use a new key"),
        .init("WRITER_OVERLOADED", .resourceExhausted, .store, "the writer's queue is full; nothing was done: retry shortly"),
        .init("SERVER_SHUTTING_DOWN", .unavailable, .store, "the server is stopping; a mutation not acknowledged was not applied: retry on the restarted server"),
        .init("STORAGE_FULL", .resourceExhausted, .store, "the database's disk is full; nothing was written: retry once the operator frees space"),
        .init("STORAGE_UNAVAILABLE", .unavailable, .store, "the database file could not be read or written; nothing was written: retry later"),
        .init("STORAGE_CORRUPT", .dataLoss, .store, "the database file is damaged: an operator must restore it (docs/OPERATIONS.md)"),
        .init("STORAGE_FILE_LOST", .unavailable, .store, "the database file was deleted or replaced under the server: an operator must restart it"),
        .init("DATABASE_ERROR", .internal, .store, "another SQLite failure (a bug): report it with the `collect-request-id`"),
        .init("DATABASE_TOO_NEW", .internal, .store, "the database is from a newer build than this server", reach: .operatorCommand),
        .init("MIGRATION_NEEDS_MASTER_KEY", .failedPrecondition, .store, "a migration needs the data folder's master key", reach: .operatorCommand),
        .init("PAGE_SIZE_INVALID", .invalidArgument, .store, "`collect-server repage --page-size` is not a page size SQLite supports (512 … 65536, a power of two)", reach: .operatorCommand),
    ]
}
