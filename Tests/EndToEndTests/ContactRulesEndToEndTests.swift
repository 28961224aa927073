import Domain
import Foundation
import Testing

/// Every outbound contact a handler records passes the country's contact rules, or is refused
/// with the rule's code and the next allowed time; the case view's next action names an allowed
/// time. Checked against Foundation's own Europe/Stockholm time zone, not Collect's.
@Suite(.serialized) struct ContactRulesEndToEndTests {
    static let stockholm = TimeZone(identifier: "Europe/Stockholm")!

    /// A Swedish weekday 8 to 20 days ago that is a banking day, as a Foundation date at 00:00 local.
    static func recentBankingDay() -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = stockholm
        let today = calendar.startOfDay(for: Date())
        for back in 8...20 {
            let date = calendar.date(byAdding: .day, value: -back, to: today)!
            let parts = calendar.dateComponents([.year, .month, .day, .weekday], from: date)
            guard (2...6).contains(parts.weekday!), let day = Day(year: parts.year!, month: parts.month!, day: parts.day!),
                  !HolidayCalendar.isNonBankingHoliday(day, country: .se) else { continue }
            return date
        }
        preconditionFailure("no banking day in two weeks")
    }

    /// `day` at `hour`:00 Stockholm time, as ISO 8601 with its offset.
    static func stamp(_ day: Date, hour: Int) -> String {
        let instant = day.addingTimeInterval(TimeInterval(hour * 3600))
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = stockholm
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: instant)
    }

    /// A Swedish case with no contacts and no flags, so the limits start from zero.
    func quietSwedishCase(_ server: ServerProcess) throws -> String {
        let search = try server.json(["case", "search", "--country", "se", "--status", "open", "--page-size", "40"])
        for item in search["cases"] as? [[String: Any]] ?? [] {
            let caseID = item["case_id"] as! String
            let view = try server.json(["case", "show", caseID])
            if (view.at("view.contacts") as? [Any] ?? []).isEmpty && (view.at("view.flags") as? [Any] ?? []).isEmpty { return caseID }
        }
        Issue.record("no quiet Swedish case")
        return ""
    }

    func version(_ server: ServerProcess, _ caseID: String) throws -> String {
        try server.json(["case", "show", caseID]).at("view.summary.version") as? String ?? ""
    }

    @Test func callsOutsideHoursOverTheLimitOrToAnOptedOutCustomerAreRefusedAndChangeNothing() throws {
        let server = try ServerProcess()
        let caseID = try quietSwedishCase(server)
        let day = Self.recentBankingDay()
        let before = try version(server, caseID)

        let night = try server.collectctl(["case", "contact", caseID, "--channel", "phone", "--outcome", "no_answer", "--at", Self.stamp(day, hour: 4)])
        #expect(night.status == 19, "\(night.stderr)")
        #expect(night.stderr.contains("CONTACT_OUTSIDE_HOURS"))
        #expect(night.stderr.contains("08:00"), "names the next allowed time: \(night.stderr)")
        #expect(try version(server, caseID) == before, "nothing changed")

        let first = try server.collectctl(["case", "contact", caseID, "--channel", "phone", "--outcome", "no_answer", "--at", Self.stamp(day, hour: 10)])
        #expect(first.status == 0, "\(first.stderr)")
        let afterFirst = try version(server, caseID)
        let second = try server.collectctl(["case", "contact", caseID, "--channel", "phone", "--outcome", "no_answer", "--at", Self.stamp(day, hour: 11)])
        #expect(second.status == 19)
        #expect(second.stderr.contains("CONTACT_LIMIT_DAY"))
        #expect(try version(server, caseID) == afterFirst)
        #expect((try server.json(["case", "show", caseID]).at("view.contacts") as? [Any])?.count == 1)

        // The customer may always call in.
        let inbound = try server.collectctl(["case", "contact", caseID, "--channel", "phone", "--direction", "inbound",
                                             "--outcome", "right_party_contact", "--at", Self.stamp(day, hour: 23)])
        #expect(inbound.status == 0, "\(inbound.stderr)")

        let optOut = try server.collectctl(["case", "flag", "set", caseID, "call_opt_out", "--reason", "asked not to be called"])
        #expect(optOut.status == 0, "\(optOut.stderr)")
        let afterOptOut = try version(server, caseID)
        let refused = try server.collectctl(["case", "contact", caseID, "--channel", "phone", "--outcome", "no_answer",
                                             "--at", Self.stamp(day.addingTimeInterval(86_400), hour: 10)])
        #expect(refused.status == 19)
        #expect(refused.stderr.contains("CONTACT_OPTED_OUT"))
        #expect(try version(server, caseID) == afterOptOut)
        // The next action is not a call to a customer who opted out.
        let view = try server.json(["case", "show", caseID])
        #expect(view.at("view.next_action.channel") as? String != "PHONE")
    }

    @Test func pausesHaveALastDayWithinTheLimitAndHoldEveryContact() throws {
        let server = try ServerProcess()
        let caseID = try quietSwedishCase(server)
        let before = try version(server, caseID)
        let years = try server.collectctl(["case", "flag", "set", caseID, "hardship_pause", "--reason", "sjukskriven",
                                           "--until", HandlerWorkflowEndToEndTests.inDays(400)])
        #expect(years.status == 13)
        #expect(years.stderr.contains("PAUSE_TOO_LONG"))
        let endless = try server.collectctl(["case", "flag", "set", caseID, "dispute", "--reason", "bestrider köpet"])
        #expect(endless.status == 13)
        #expect(endless.stderr.contains("FLAG_UNTIL_REQUIRED"))
        #expect(try version(server, caseID) == before)

        let until = HandlerWorkflowEndToEndTests.inDays(10)
        let dispute = try server.collectctl(["case", "flag", "set", caseID, "dispute", "--reason", "bestrider köpet", "--until", until])
        #expect(dispute.status == 0, "\(dispute.stderr)")
        let afterDispute = try version(server, caseID)
        let text = try server.collectctl(["case", "contact", caseID, "--channel", "sms", "--outcome", "delivered"])
        #expect(text.status == 19)
        #expect(text.stderr.contains("CONTACT_CASE_PAUSED"))
        #expect(try version(server, caseID) == afterDispute)
        // The next action waits for the pause to end: not before the day after its last day.
        let view = try server.json(["case", "show", caseID])
        if let due = view.at("view.next_action.due_on") as? String {
            #expect(due > until, "next action on \(due), during a pause through \(until)")
        }
    }

    @Test func automationNeverContactsAVulnerableCustomer() throws {
        let server = try ServerProcess()
        let caseID = try quietSwedishCase(server)
        let created = try ServerProcess.run(ServerProcess.binDirectory + "/collect-server",
                                            ["token", "create", "--data", server.directory + "/data", "--name", "sms.gateway",
                                             "--role", "automation", "--countries", "SE"])
        #expect(created.status == 0, "\(created.stderr)")
        let flagged = try server.collectctl(["case", "flag", "set", caseID, "vulnerable", "--reason", "nyligen änka"])
        #expect(flagged.status == 0, "\(flagged.stderr)")
        var environment = ProcessInfo.processInfo.environment
        environment["COLLECT_TOKEN"] = created.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let day = Self.recentBankingDay()
        let sms = try ServerProcess.run(ServerProcess.binDirectory + "/collectctl",
                                        ["case", "contact", caseID, "--channel", "sms", "--outcome", "delivered", "--at", Self.stamp(day, hour: 12)],
                                        environment: ["COLLECT_SERVER": "localhost:\(server.port)", "COLLECT_CA": server.directory + "/tls/ca.pem",
                                                      "HOME": server.directory, "COLLECT_TOKEN": environment["COLLECT_TOKEN"]!])
        #expect(sms.status == 19, "\(sms.stderr)")
        #expect(sms.stderr.contains("CONTACT_VULNERABLE_PERSONAL_ONLY"))
        // A handler may: the next action is a handler's call at an allowed time.
        let view = try server.json(["case", "show", caseID])
        if view.at("view.next_action") != nil {
            #expect(view.at("view.next_action.by_handler") as? Bool == true)
        }
    }

    @Test func theNextActionIsAtAnAllowedLocalTime() throws {
        let server = try ServerProcess(customers: 120)
        let search = try server.json(["case", "search", "--country", "se", "--status", "open", "--page-size", "60"])
        var checked = 0
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = Self.stockholm
        for item in search["cases"] as? [[String: Any]] ?? [] {
            let view = try server.json(["case", "show", item["case_id"] as! String])
            guard let ms = Int64(view.at("view.next_action.not_before_ms") as? String ?? "") else { continue }
            let local = calendar.dateComponents([.hour, .weekday, .year, .month, .day], from: Date(timeIntervalSince1970: TimeInterval(ms) / 1000))
            let channel = view.at("view.next_action.channel") as? String ?? ""
            if channel != "LETTER" {
                #expect((8..<20).contains(local.hour!), "\(channel) at \(local) local time")
                #expect((2...6).contains(local.weekday!), "no Swedish contacts at weekends: \(local)")
                let day = Day(year: local.year!, month: local.month!, day: local.day!)!
                #expect(!HolidayCalendar.isNonBankingHoliday(day, country: .se), "not on \(day)")
            }
            checked += 1
        }
        #expect(checked > 10, "only \(checked) cases had a next action")
    }
}
