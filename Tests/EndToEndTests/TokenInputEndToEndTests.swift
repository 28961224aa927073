import Foundation
import Testing

/// A token that is empty or carries a control character (a CR from a file saved on Windows) is a
/// clear UNAUTHENTICATED refusal (exit 26), never a reset stream (issue 12, defect 9).
@Suite(.serialized) struct TokenInputEndToEndTests {
    @Test func anEmptyTokenIsMissing() throws {
        let server = try ServerProcess(customers: 3)
        for outcome in [try server.collectctl(["case", "show", "C-0000001"], secret: ""),
                        try server.collectctl(["case", "show", "C-0000001", "--token", ""], secret: nil)] {
            #expect(outcome.status == 26, "\(outcome.stderr)")
            #expect(outcome.stderr.contains("TOKEN_MISSING"))
            #expect(outcome.stderr.split(separator: "\n").count == 1, "one line: \(outcome.stderr)")
        }
    }

    @Test func aTokenWithAControlCharacterIsMalformedAndNotEchoed() throws {
        let server = try ServerProcess(customers: 3)
        let secret = try #require(server.tokens["anna.handler"])
        for bad in [secret + "\r", secret + "\n", "\t" + secret, secret + " "] {
            let outcome = try server.collectctl(["case", "note", "C-0000001", "must not be stored"], secret: bad)
            #expect(outcome.status == 26, "\(outcome.stderr)")
            #expect(outcome.stderr.contains("TOKEN_MALFORMED"))
            #expect(!outcome.stderr.contains(secret), "the token is never printed")
        }
        let view = try server.json(["case", "show", "C-0000001"])
        #expect(!((view.at("view.notes") as? [[String: Any]]) ?? []).contains { $0["text"] as? String == "must not be stored" })
    }
}

/// The server's side, with `nghttp` as a client that sends what `collectctl` refuses to.
@Suite(.serialized) struct RawTokenHeaderEndToEndTests {
    /// `nghttp -v` calling GetCase with the header `authorization: <value>`.
    func call(_ server: ServerProcess, header: String) throws -> String {
        let body = server.directory + "/empty-message"
        FileManager.default.createFile(atPath: body, contents: Data([0, 0, 0, 0, 0]))
        let outcome = try ServerProcess.run("/usr/bin/nghttp", ["-v", "-H", "content-type: application/grpc", "-H", "te: trailers", "-H", header,
                                                                "-d", body, "https://127.0.0.1:\(server.port)/collect.v1.Cases/GetCase"])
        return outcome.stdout
    }

    @Test func anEmptyOrCRTerminatedAuthorizationIsUnauthenticatedNotAReset() throws {
        let server = try ServerProcess(customers: 1)
        let secret = try #require(server.tokens["anna.handler"])
        for header in ["authorization: Bearer " + secret + "\r", "authorization: Bearer ", "authorization: Bearer  " + secret] {
            let output = try call(server, header: header)
            #expect(output.contains("grpc-status: 16"), "\(header.prefix(21)): \(output)")
            let detail = output.split(separator: "\n").first { $0.contains("collect-error-bin: ") }
                .map { String($0.split(separator: " ").last!) }.flatMap { Data(base64Encoded: $0) }
            #expect(detail.map { String(decoding: $0, as: UTF8.self).contains("TOKEN_MALFORMED") } == true, "\(output)")
            #expect(!output.contains("RST_STREAM"))
        }
        // Another field with a CR is still a broken request: the stream is reset, as before.
        #expect(try call(server, header: "x-note: a\r").contains("RST_STREAM"))
    }
}
