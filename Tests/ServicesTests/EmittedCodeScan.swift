import Foundation

/// Finds the detail codes Swift sources can emit, by reading them as text: every `UPPER_SNAKE`
/// string literal with an underscore, one-word literals in a code position
/// (`ServiceFailure(.x, "…"`, `.invalid("…"`, `detailCode: "…"`, …), and the codes built by
/// interpolation from a prefix (`requireText`'s `_REQUIRED`/`_TOO_LONG`/`_CONTROL_CHARACTER`,
/// `StoreError.notFound`'s `_NOT_FOUND`).
struct EmittedCodeScan {
    /// Literals with an underscore that are not detail codes: raw values of domain enums stored in
    /// records (flag kinds, case states, plan kinds).
    static let notCodes: Set<String> = ["CALL_OPT_OUT", "HARDSHIP_PAUSE", "IN_PLAN", "INSTALLMENT_PLAN", "PAYMENT_PLAN", "PROMISE_TO_PAY",
        // Payment-file format names, account-reference schemes and the unmatched list's reasons
        // (docs/PAYMENT-FILES.md, whose test keeps them listed): data, never a call's detail code.
        "OCR_GIRO", "BS_0602", "SE_OCR_MOD10", "SE_OCR_MOD10_LENGTH", "NO_KID_MOD10", "NO_KID_MOD11", "DK_FI71",
        "REFERENCE_FORMAT", "REFERENCE_CHECK_DIGIT", "REFERENCE_LENGTH_DIGIT", "REFERENCE_UNKNOWN", "REFERENCE_AMBIGUOUS",
        "ACCOUNT_CLOSED", "AMOUNT_ZERO", "REVERSAL_ORIGINAL_UNKNOWN", "REVERSAL_NOT_UNDONE",
        // Outbox action kinds (schema/automation.schema, OutboxKind): data, never a detail code.
        "HANDLER_TASK", "REMINDER_FEE"]

    /// Interpolated code templates the scan knows how to expand; any other `"\(…)_UPPER"` fails.
    static let knownTemplates: Set<String> = [
        #""\(code)_REQUIRED""#, #""\(code)_TOO_LONG""#, #""\(code)_CONTROL_CHARACTER""#, #""\(entity.uppercased())_NOT_FOUND""#,
    ]

    /// Each code found, with the files it was found in.
    var codes: [String: Set<String>] = [:]
    /// Interpolated codes of a form the scan does not know, with their file.
    var unknownTemplates: [String] = []
    /// The statuses written beside each code where a site names both (`ServiceFailure(.notFound, "…"`,
    /// `.invalid("…"`, `.fail(.internal, …, detailCode: "…")`, …), as Swift case names, with the file.
    var statuses: [String: Set<String>] = [:]

    /// Scans `files` (path, text); `isTextPrefix` says whether a literal is a `requireText` prefix
    /// (the catalogue lists its `_TOO_LONG` code).
    init(files: [(path: String, text: String)], isTextPrefix: (String) -> Bool) {
        let literal = /"((?:[^"\\\n]|\\.)*)"/
        let codePosition = /(?:ServiceFailure\(\.[a-zA-Z]+, |\.invalid\(|\.notFound\(|detailCode: |code: |detail\()"([A-Z][A-Z0-9_]*)"/
        let template = /"\\\([^"\n]*?\)_[A-Z][A-Z0-9_]*"/
        let entity = /notFound\(entity: "([a-z]+)"/
        let upperSnake = /[A-Z][A-Z0-9]*(_[A-Z0-9]+)+/
        for (path, text) in files {
            // Comments may quote codes that are gone; only code counts.
            let code = text.split(separator: "\n", omittingEmptySubsequences: false)
                .filter { !$0.trimmingCharacters(in: .whitespaces).hasPrefix("//") }
            let joined = code.joined(separator: "\n")
            func add(_ found: String) { codes[found, default: []].insert(path) }
            for match in joined.matches(of: literal) {
                let value = String(match.output.1)
                guard value.wholeMatch(of: upperSnake) != nil, !Self.notCodes.contains(value) else { continue }
                if isTextPrefix(value) {
                    let lines = code.filter { $0.contains("code: \"\(value)\"") }
                    let optional = !lines.isEmpty && lines.allSatisfy { $0.contains("required: false") }
                    if !optional { add(value + "_REQUIRED") }
                    add(value + "_TOO_LONG")
                    add(value + "_CONTROL_CHARACTER")
                } else {
                    add(value)
                }
            }
            for match in joined.matches(of: codePosition) where !isTextPrefix(String(match.output.1)) {
                add(String(match.output.1))
            }
            for match in joined.matches(of: entity) { add(match.output.1.uppercased() + "_NOT_FOUND") }
            for (status, found) in Self.statedStatuses(joined) { statuses[found, default: []].insert("\(status) in \(path)") }
            for match in joined.matches(of: template) where !Self.knownTemplates.contains(String(match.output)) {
                unknownTemplates.append("\(path): \(match.output)")
            }
        }
    }

    /// (status case name, code) of every site that writes both.
    static func statedStatuses(_ text: String) -> [(String, String)] {
        var found: [(String, String)] = []
        for match in text.matches(of: /ServiceFailure\(\.([a-zA-Z]+), "([A-Z][A-Z0-9_]*)"/) { found.append((String(match.output.1), String(match.output.2))) }
        for match in text.matches(of: /\.invalid\("([A-Z][A-Z0-9_]*)"/) { found.append(("invalidArgument", String(match.output.1))) }
        for match in text.matches(of: /\.notFound\("([A-Z][A-Z0-9_]*)"/) { found.append(("notFound", String(match.output.1))) }
        // The transport's refusals and the server's own: the status first, the code a line or two on.
        let spread = /(?:\.fail|\.grpc|\.refuse|respondTrailersOnly)\((?:stream, code: )?\.([a-zA-Z]+),[^{}]{0,240}?(?:detailCode: |detail: (?:CollectRoutes\.)?detail\()"([A-Z][A-Z0-9_]*)"/
        for match in text.matches(of: spread) { found.append((String(match.output.1), String(match.output.2))) }
        return found
    }

    /// The Swift sources that can put a detail code on the wire (or print one from an operator
    /// command): everything under `Sources/` but the client (its own local codes), the seed data,
    /// generated code, the catalogue itself and gRPC's status names.
    static func emitterSources(root: String) throws -> [(path: String, text: String)] {
        // Automation's `STRATEGY_…` codes name issues inside a strategy file (listed in
        // docs/STRATEGIES.md, whose own test keeps them complete); on the wire they travel as
        // facts of one detail code, `STRATEGY_INVALID`, or in `ValidateStrategyResponse.issues`.
        let skipped = ["Sources/Client/", "Sources/Seed/", "Sources/Automation/", "Sources/Protocol/Generated/", "Sources/Protocol/Errors/",
                       "Sources/Protocol/GRPC/GRPCStatusCode.swift", "Sources/ProtocolFixtures/", "Sources/SchemaCompiler/", "Sources/schemac/"]
        let sources = root + "/Sources"
        guard let enumerator = FileManager.default.enumerator(atPath: sources) else { return [] }
        var files: [(path: String, text: String)] = []
        for case let relative as String in enumerator where relative.hasSuffix(".swift") {
            let path = "Sources/" + relative
            guard !skipped.contains(where: { path.hasPrefix($0) }) else { continue }
            files.append((path, try String(contentsOfFile: root + "/" + path, encoding: .utf8)))
        }
        return files.sorted { $0.path < $1.path }
    }
}
