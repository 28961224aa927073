import Foundation
import Testing

/// A handler finds a customer by national ID however the number is written, in every country
/// (issue 12, defect 2: the seed hashed Swedish and Danish numbers with their dash).
@Suite(.serialized) struct NationalIDLookupEndToEndTests {
    /// The first case of `country` and its customer's full national ID as a handler sees it.
    func someCase(_ server: ServerProcess, country: String) throws -> (caseID: String, nationalID: String) {
        let search = try server.json(["case", "search", "--country", country, "--page-size", "1"])
        let caseID = try #require((search["cases"] as? [[String: Any]])?.first?["case_id"] as? String)
        let view = try server.json(["case", "show", caseID])
        return (caseID, try #require(view.at("view.customer.national_id") as? String))
    }

    /// The other ways people write `number`.
    func writtenForms(_ number: String, country: String) -> [String] {
        let digits = number.filter(\.isNumber)
        switch country {
        case "SE":  // YYYYMMDD-NNNC as stored
            let short = String(digits.dropFirst(2))
            return [number, digits, String(short.prefix(6)) + "-" + String(short.suffix(4)), short]
        case "NO":
            return [number, String(digits.prefix(6)) + " " + String(digits.suffix(5))]
        default:  // DDMMYY-SSSS as stored
            return [number, digits]
        }
    }

    @Test func everyCountrysNumberIsFoundInEveryWrittenForm() throws {
        let server = try ServerProcess()
        for country in ["SE", "NO", "DK"] {
            let (caseID, number) = try someCase(server, country: country)
            for form in writtenForms(number, country: country) {
                let found = try server.collectctl(["case", "show", "--national-id", form, "-o", "json"])
                #expect(found.status == 0, "\(country) \(NationalIDMask.mask(form)): \(found.stderr)")
                #expect(found.stdout.contains("\"case_id\": \"\(caseID)\"") || found.stdout.contains("\"case_id\":\"\(caseID)\""),
                        "\(country) \(NationalIDMask.mask(form)) found another case")
            }
        }
    }

    @Test func aNumberThatIsNoCountrysIsRefusedClearly() throws {
        let server = try ServerProcess(customers: 5)
        let outcome = try server.collectctl(["case", "show", "--national-id", "811218-9875"])
        #expect(outcome.status == 13, "\(outcome.stderr)")
        #expect(outcome.stderr.contains("NATIONAL_ID_INVALID"))
    }
}

/// Test names and failure messages never carry a whole national ID.
enum NationalIDMask {
    static func mask(_ text: String) -> String { String(text.prefix(6)) + "…" }
}
