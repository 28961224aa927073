import Foundation
import Testing

/// A handler finds a customer by surname and by phone number as people write it (issue 12,
/// defect 15: only a name prefix and exact E.164 matched).
@Suite(.serialized) struct CaseSearchTextEndToEndTests {
    func found(_ server: ServerProcess, _ text: String, token: String = "anna.handler") throws -> [String] {
        let result = try server.json(["case", "search", "--text", text, "--page-size", "200"], token: token)
        return (result["cases"] as? [[String: Any]] ?? []).compactMap { $0["case_id"] as? String }
    }

    /// A case of `country` whose customer has a phone number: its id, full name and phone.
    func caseWithPhone(_ server: ServerProcess, country: String) throws -> (caseID: String, name: String, phone: String) {
        let search = try server.json(["case", "search", "--country", country, "--page-size", "20"])
        for item in search["cases"] as? [[String: Any]] ?? [] {
            let caseID = item["case_id"] as! String
            let view = try server.json(["case", "show", caseID])
            if let phone = view.at("view.customer.phone") as? String, !phone.isEmpty {
                return (caseID, view.at("view.customer.full_name") as! String, phone)
            }
        }
        Issue.record("no \(country) customer with a phone")
        return ("", "", "")
    }

    @Test func aSurnameOrAnyWordOfTheNameFinds() throws {
        let server = try ServerProcess(customers: 30)
        let (caseID, name, _) = try caseWithPhone(server, country: "SE")
        let surname = try #require(name.split(separator: " ").last.map(String.init))
        #expect(try found(server, surname).contains(caseID), "\(surname)")
        #expect(try found(server, String(surname.prefix(3)).uppercased()).contains(caseID), "a prefix of the surname, any case")
        #expect(try found(server, name).contains(caseID), "the whole name still")
        #expect(!(try found(server, "zzq")).contains(caseID))
    }

    @Test func aPhoneNumberAsPeopleWriteItFinds() throws {
        let server = try ServerProcess(customers: 30)
        for country in ["SE", "NO", "DK"] {
            let (caseID, _, phone) = try caseWithPhone(server, country: country)
            let national = String(phone.dropFirst(3))  // +46 70…, +47 9…, +45 2…
            let spaced = "+" + phone.dropFirst().prefix(2) + " " + national.prefix(2) + " " + national.dropFirst(2)
            var forms = [phone, spaced, "00" + phone.dropFirst()]
            forms.append(country == "SE" ? "0" + national.prefix(2) + "-" + national.dropFirst(2) : national.prefix(3) + " " + national.dropFirst(3))
            for form in forms {
                #expect(try found(server, form).contains(caseID), "\(country) \(form)")
            }
        }
    }

    @Test func aPhoneSearchNeedsTheContactRightInAnyForm() throws {
        let server = try ServerProcess(customers: 30)
        let (_, _, phone) = try caseWithPhone(server, country: "SE")
        let national = "0" + phone.dropFirst(3)
        let refused = try server.collectctl(["case", "search", "--text", String(national)], token: "erik.coordinator")
        #expect(refused.status == 17, "\(refused.stderr)")
        #expect(refused.stderr.contains("PERMISSION_DENIED"))
    }
}
