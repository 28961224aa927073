import Foundation
import Testing

extension ServerProcess {
    /// Creates a token on the running server's data directory; returns its secret.
    func createToken(name: String, role: String, countries: String) throws -> String {
        let created = try Self.run(Self.binDirectory + "/collect-server", ["token", "create", "--data", directory + "/data", "--name", name,
                                                                          "--role", role, "--countries", countries])
        #expect(created.status == 0, "token create failed: \(created.stderr)")
        return created.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Runs `collectctl` with `arguments` and the token `secret` as given (nil: none), the server
    /// and CA of this server unless `environment` says otherwise.
    func collectctl(_ arguments: [String], secret: String?, environment: [String: String] = [:]) throws -> Outcome {
        var base = ["COLLECT_SERVER": "localhost:\(port)", "COLLECT_CA": directory + "/tls/ca.pem", "HOME": directory]
        if let secret { base["COLLECT_TOKEN"] = secret }
        let outcome = try Self.run(Self.binDirectory + "/collectctl", arguments, environment: base.merging(environment) { _, new in new })
        CatalogueCheck.verify(collectctlStderr: outcome.stderr)
        return outcome
    }
}
