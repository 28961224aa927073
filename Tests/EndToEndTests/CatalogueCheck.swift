import Protocol
import Testing

/// Checks every refusal the real server sends a test against `ErrorCatalogue`: a detail code it
/// lists, travelling with the status it lists.
enum CatalogueCheck {
    static func verify(status: GRPCStatusCode, detail: ErrorDetail?) {
        guard status != .ok else { return }
        guard let detail else {
            Issue.record("a \(status.name) refusal without collect-error-bin")
            return
        }
        verify(status: status.name, code: detail.code)
    }

    /// `collectctl`'s refusal on stderr (`error: CODE (STATUS)…`), when it came from the server
    /// (it then names the `request id`); local failures (no connection, a bad option) are not.
    static func verify(collectctlStderr stderr: String) {
        guard stderr.contains("\nrequest id: "),
              let match = stderr.firstMatch(of: /error: ([A-Z0-9_]+) \(([A-Z_]+)\)/) else { return }
        verify(status: String(match.output.2), code: String(match.output.1))
    }

    private static func verify(status: String, code: String) {
        guard let entry = ErrorCatalogue.entry(code) else {
            Issue.record("the server answered \(code), which ErrorCatalogue does not list")
            return
        }
        #expect(status == entry.status.name, "\(code) came with \(status); ErrorCatalogue says \(entry.status.name)")
    }
}
