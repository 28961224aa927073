import Domain
import Foundation
import Protocol
@testable import Services
import Store
import Testing

/// `ErrorCatalogue` lists exactly the detail codes `Sources/` emits, and the services give each
/// the catalogue's status.
@Suite struct ErrorCatalogueCompletenessTests {
    static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    static func isTextPrefix(_ literal: String) -> Bool { ErrorCatalogue.entry(literal + "_TOO_LONG") != nil }

    static let scan: EmittedCodeScan = {
        EmittedCodeScan(files: (try? EmittedCodeScan.emitterSources(root: root)) ?? [], isTextPrefix: isTextPrefix)
    }()

    @Test func everyCodeEmittedInSourcesIsCatalogued() {
        #expect(Self.scan.codes.count > 150, "the scan found too little; did the source layout change?")
        for (code, files) in Self.scan.codes.sorted(by: { $0.key < $1.key }) where ErrorCatalogue.entry(code) == nil {
            Issue.record("\(code) (in \(files.sorted().joined(separator: ", "))) is not in ErrorCatalogue: add it with its status and meaning, then regenerate docs/ERRORS.md")
        }
        #expect(Self.scan.unknownTemplates.isEmpty, "codes built by interpolation the scan cannot expand: \(Self.scan.unknownTemplates)")
    }

    @Test func everyCataloguedCodeIsStillEmitted() {
        for entry in ErrorCatalogue.all where Self.scan.codes[entry.code] == nil {
            Issue.record("ErrorCatalogue lists \(entry.code) but nothing in Sources/ emits it any more: remove it")
        }
    }

    /// Where a site writes a status beside a code, it is the catalogue's status, whether or not
    /// a test provokes that refusal.
    @Test func everyStatusWrittenBesideACodeIsTheCataloguedOne() {
        let names = Dictionary(uniqueKeysWithValues: (0...16).map { number in
            let status = GRPCStatusCode(rawValue: number)
            let parts = status.name.lowercased().split(separator: "_")
            return (String(parts[0]) + parts.dropFirst().map(\.capitalized).joined(), status)
        })
        #expect(Self.scan.statuses.count > 50, "the scan found too few statuses; did the call forms change?")
        for code in ["WIRE_MESSAGE_TOO_LARGE", "MALFORMED_TIMEOUT", "MESSAGE_TRUNCATED", "HEADERS_TOO_LARGE", "REQUEST_READ_TIMEOUT",
                     "REQUEST_BUFFERS_FULL", "DATABASE_UNAVAILABLE", "PERMISSION_DENIED", "TOKEN_MISSING", "PLAN_ALREADY_ACTIVE"] {
            #expect(Self.scan.statuses[code] != nil, "no status found beside \(code)")
        }
        for (code, sites) in Self.scan.statuses.sorted(by: { $0.key < $1.key }) {
            guard let entry = ErrorCatalogue.entry(code) else { continue }  // reported by everyCodeEmittedInSourcesIsCatalogued
            for site in sites.sorted() {
                let status = String(site.prefix { $0 != " " })
                #expect(names[status] == entry.status, "\(code) is written with .\(site); ErrorCatalogue says \(entry.status.name)")
            }
        }
    }

    /// The scan is only as good as its patterns: each kind of emission is found, and an unknown
    /// code and an unknown interpolation are reported.
    @Test func scanFindsEachFormOfEmission() {
        let source = """
            throw ServiceFailure(.internal, "BOOM", "x")
            throw ServiceFailure.invalid("NEW_CODE", "x", field: "f")
            return .fail(.internal, "m", detailCode: "ODD")
            // throw ServiceFailure.invalid("ONLY_IN_A_COMMENT", "x", field: "f")
            try requireText(text, field: "f", code: "NOTE_TEXT", max: 3)
            try requireText(text, field: "g", code: "CONTACT_SUMMARY", max: 3, required: false)
            throw StoreError.notFound(entity: "widget", id: id)
            let kind = "CALL_OPT_OUT"
            let weird = "\\(prefix)_GONE"
            """
        let scan = EmittedCodeScan(files: [("Sources/X.swift", source)], isTextPrefix: Self.isTextPrefix)
        #expect(Set(scan.codes.keys) == ["BOOM", "NEW_CODE", "ODD", "NOTE_TEXT_REQUIRED", "NOTE_TEXT_TOO_LONG", "NOTE_TEXT_CONTROL_CHARACTER",
                                         "CONTACT_SUMMARY_TOO_LONG", "CONTACT_SUMMARY_CONTROL_CHARACTER", "WIDGET_NOT_FOUND"])
        #expect(scan.unknownTemplates == [#"Sources/X.swift: "\(prefix)_GONE""#])
        #expect(scan.statuses == ["BOOM": ["internal in Sources/X.swift"], "NEW_CODE": ["invalidArgument in Sources/X.swift"],
                                  "ODD": ["internal in Sources/X.swift"]])
    }

    /// Domain's codes reach callers through `ServiceFailure(DomainError)`, whose status is the catalogue's.
    @Test func everyDomainCodeIsCataloguedAndKeepsItsStatus() throws {
        for code in DomainError.Code.all + ContactRules.Code.all + ContactGate.Code.all {
            let entry = try #require(ErrorCatalogue.entry(code), "\(code) is not in ErrorCatalogue")
            #expect(entry.component == .domain, "\(code)")
            let failure = ServiceFailure(DomainError(code: code, message: "m"))
            #expect(failure.status == entry.status, "\(code)")
        }
    }

    /// Store's codes, including a domain refusal carried through the writer as `rejected`.
    @Test func storeErrorsTravelWithTheCataloguedStatus() throws {
        let errors: [StoreError] = [
            .versionConflict(entity: "case", id: "C-1", expected: 1, current: 2), .notFound(entity: "plan", id: "P-1"),
            .idempotencyKeyReused(key: "k"), .writerOverloaded(capacity: 1), .writerStopped, .abandoned,
            .rejected(code: "CASE_DISPUTED", fieldPath: "", message: "m"), .rejected(code: "INTERNAL", fieldPath: "", message: "m"),
            .databaseTooNew(version: 9, supported: 8), .storageFull(code: 13), .storageUnavailable(code: 10, message: "m"),
            .storageCorrupt(code: 11, message: "m"), .storageLost(reason: "was deleted"), .database(code: 1, message: "m"),
        ]
        for error in errors {
            let entry = try #require(ErrorCatalogue.entry(error.code), "\(error.code) is not in ErrorCatalogue")
            #expect(ServiceFailure(error).status == entry.status, "\(error.code)")
        }
    }

    /// A request that does not decode says where, as facts: no parsing of the message needed.
    @Test func wireErrorCarriesOffsetAndFieldAsFacts() {
        let failure = ServiceFailure(WireError(.invalidBool, offset: 7, fieldNumber: 3))
        #expect(failure.status == .invalidArgument)
        #expect(failure.detail.facts == [ErrorFact(key: "offset", value: "7"), ErrorFact(key: "field_number", value: "3")])
        let truncated = ServiceFailure(WireError(.truncated, offset: 0))
        #expect(truncated.detail.facts == [ErrorFact(key: "offset", value: "0")])
        #expect(ServiceFailure(WireError(.messageTooLarge, offset: 0)).status == .resourceExhausted)
    }
}

/// Checks a failure seen by a test against the catalogue: a known code, travelling with its status.
enum CatalogueCheck {
    static func verify(_ failure: ServiceFailure) {
        guard let entry = ErrorCatalogue.entry(failure.detail.code) else {
            Issue.record("the service answered \(failure.detail.code), which ErrorCatalogue does not list")
            return
        }
        #expect(failure.status == entry.status, "\(failure.detail.code) came with \(failure.status.name); ErrorCatalogue says \(entry.status.name)")
    }
}
