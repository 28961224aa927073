import Foundation
import Protocol
import Testing

/// A request the server cannot decode is refused with the wire error's code and, as facts, the
/// byte offset of the item at fault and the field being read (issue 13: the offset was only in
/// the message's prose). Sent by a raw peer to the real server; nothing changes.
@Suite(.serialized) struct WireErrorFactsEndToEndTests {
    static func facts(_ answer: WireCaller.Answer<[UInt8]>) -> [String: String] {
        Dictionary((answer.detail?.facts ?? []).map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
    }

    @Test func malformedRequestsNameTheirOffsetAndFieldAsFacts() throws {
        let server = try ServerProcess()
        let wire = try WireCaller(server)
        let (caseID, _, _) = try HandlerWorkflowEndToEndTests().freeSwedishCase(server)
        let id = Array(caseID.utf8)
        let before = wire.caseBytes(caseID)
        #expect(!before.isEmpty)

        // (bytes, code, offset, field number or nil); GetCase's field 1 and AddNote's fields 1–3.
        let cases: [(path: String, bytes: [UInt8], code: String, offset: String, field: String?)] = [
            // case_id's length says 5, 2 bytes follow: the length prefix at byte 1.
            (CasesService.getCase.path, [0x0A, 0x05, 0x43, 0x2D], "WIRE_TRUNCATED", "1", "1"),
            // A valid case_id, then a zero byte: a key with field number 0 at byte 2 + id.count.
            (CasesService.getCase.path, [0x0A, UInt8(id.count)] + id + [0x00], "WIRE_INVALID_FIELD_NUMBER", "\(2 + id.count)", nil),
            // AddNote's text (field 2) holds C3 28, not UTF-8: its first content byte.
            (CasesService.addNote.path, [0x0A, UInt8(id.count)] + id + [0x12, 0x02, 0xC3, 0x28, 0x18, 0x01],
             "WIRE_INVALID_UTF8", "\(4 + id.count)", "2"),
            // AddNote's expected_version (field 3) before its case_id (field 1): the second key.
            (CasesService.addNote.path, [0x18, 0x01, 0x0A, UInt8(id.count)] + id, "WIRE_FIELD_ORDER", "2", "1"),
        ]
        for item in cases {
            let answer = wire.raw(item.path, item.bytes)
            #expect(answer.status == .invalidArgument, "\(item.code)")
            #expect(answer.code == item.code)
            let facts = Self.facts(answer)
            #expect(facts["offset"] == item.offset, "\(item.code): \(facts)")
            #expect(facts["field_number"] == item.field, "\(item.code): \(facts)")
        }
        #expect(wire.caseBytes(caseID) == before, "a refused request changed the case")
    }
}
