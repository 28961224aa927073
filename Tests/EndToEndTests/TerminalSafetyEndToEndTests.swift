import Foundation
import SQLiteDriver
import Store
import Testing

/// Text from the server never takes over the handler's terminal: control characters are refused
/// on input and shown escaped on output (issue 12, defect 11).
@Suite(.serialized) struct TerminalSafetyEndToEndTests {
    static let clearScreen = "\u{1B}[2J"

    /// True when `text` holds a control character other than a line break, DEL or a C1 control.
    static func hasRawControl(_ text: String) -> Bool {
        text.unicodeScalars.contains { ($0.value < 0x20 && $0 != "\n") || (0x7F...0x9F).contains($0.value) }
    }

    @Test func aNoteWithAnEscapeSequenceIsRefusedAndNothingChanges() throws {
        let server = try ServerProcess(customers: 3)
        let before = try server.json(["case", "show", "C-0000001"])
        for text in ["hej \(Self.clearScreen)då", "bell \u{07}", "csi \u{9B}2J", "del \u{7F}"] {
            let outcome = try server.collectctl(["case", "note", "C-0000001", text])
            #expect(outcome.status == 13, "\(outcome.stderr)")
            #expect(outcome.stderr.contains("NOTE_TEXT_CONTROL_CHARACTER"))
            #expect(!Self.hasRawControl(outcome.stderr))
        }
        let contact = try server.collectctl(["case", "contact", "C-0000001", "--channel", "phone", "--outcome", "no_answer",
                                             "--summary", "x\(Self.clearScreen)"])
        #expect(contact.status == 13, "\(contact.stderr)")
        #expect(contact.stderr.contains("CONTACT_SUMMARY_CONTROL_CHARACTER"))
        let after = try server.json(["case", "show", "C-0000001"])
        #expect(after.at("view.summary.version") as? String == before.at("view.summary.version") as? String)
        // Line breaks and tabs are text, not control: still accepted.
        #expect(try server.collectctl(["case", "note", "C-0000001", "rad ett\nrad två\tslut"]).status == 0)
    }

    /// The command line's own complaints quote what was typed, escaped.
    @Test func aRefusedOptionValueIsEchoedEscaped() throws {
        let server = try ServerProcess(customers: 1)
        for arguments in [["case", "search", "--status", "open\(Self.clearScreen)"], ["plan", "show", "PL-1", "--no-such\(Self.clearScreen)"]] {
            let outcome = try server.collectctl(arguments)
            #expect(outcome.status == 64, "\(outcome.stderr)")
            #expect(!Self.hasRawControl(outcome.stderr), "\(outcome.stderr.debugDescription)")
            #expect(outcome.stderr.contains("\\x1B[2J"))
        }
        let help = try server.collectctl(["case", "--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("USAGE"))
    }

    /// Text stored before input was checked (or by another tool) is printed escaped.
    @Test func storedControlCharactersArePrintedEscaped() throws {
        let server = try ServerProcess(customers: 3)
        server.stop()
        let connection = try Connection(path: server.directory + "/data/collect.sqlite", readOnly: false)
        try connection.insert(NoteRecord(id: "N-X1", caseID: "C-0000001", text: "före\(Self.clearScreen)efter\u{9B}31m", author: "old.tool",
                                         createdAtMs: 1_700_000_000_000))
        try connection.insert(ContactRecord(id: "K-X1", caseID: "C-0000001", channel: "PHONE", direction: .outbound, outcome: "NO_ANSWER",
                                            occurredAtMs: 1_700_000_000_000, summary: "rang\u{07}\r\u{1B}]0;title\u{07}", recordedBy: "old.tool"))
        try connection.upsert(FlagRecord(caseID: "C-0000001", kind: "VULNERABLE", untilDay: nil, reason: "\u{1B}[31mröd", setOn: 19_000,
                                         setBy: "old.tool"))
        try server.start()
        let table = try server.collectctl(["case", "show", "C-0000001"])
        #expect(table.status == 0, "\(table.stderr)")
        #expect(!Self.hasRawControl(table.stdout), "raw control characters in: \(table.stdout.debugDescription)")
        #expect(table.stdout.contains("före\\x1B[2Jefter\\u{9B}31m"))
        #expect(table.stdout.contains("\\x1B[31mröd"))
        let json = try server.collectctl(["case", "show", "C-0000001", "-o", "json"])
        #expect(!Self.hasRawControl(json.stdout.replacingOccurrences(of: "\n", with: "")))
        #expect(json.stdout.contains("\\u001b[2J"))
        #expect((try? JSONSerialization.jsonObject(with: Data(json.stdout.utf8))) != nil, "still valid JSON")
    }
}
