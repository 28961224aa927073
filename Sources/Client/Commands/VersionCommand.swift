import ArgumentParser
import Foundation
import Protocol

/// `collectctl version`: this program's version and schema fingerprint (no token or server
/// needed), then the server's, so a mismatch between the two is seen before it bites.
struct VersionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "version",
                                                    abstract: "Versions and schema fingerprints of collectctl and of the server.")
    @OptionGroup var connection: ConnectionOptions

    /// This program's version.
    static let clientVersion = "0.1.0"

    func run() throws {
        let client = ["version": Self.clientVersion, "schema_package": SchemaInfo.package, "schema_fingerprint": SchemaInfo.fingerprint]
        let clientLine = "collectctl \(Self.clientVersion)  schema \(SchemaInfo.package) \(SchemaInfo.fingerprint)"
        do {
            _ = try connection.resolved()
        } catch let error as ValidationError where error.message.hasPrefix("no server") {
            emit(client: client, server: nil, table: clientLine + "\nserver: no server configured (--server, COLLECT_SERVER or server= in the profile)")
            return
        }
        try perform {
            let rpc = try RPCClient(connection)
            let info: ServerInfo
            do {
                info = try rpc.call(SystemService.getServerInfo, GetServerInfoRequest())
            } catch var failure as CallFailure {
                // The client part is known whatever the server says.
                emit(client: client, server: nil, table: clientLine)
                if failure.status == .unavailable || failure.status == .deadlineExceeded {
                    failure.message = "server unreachable: " + failure.message
                }
                throw failure
            }
            let matches = info.schemaFingerprint == SchemaInfo.fingerprint
            emit(client: client,
                 server: ["version": info.version, "schema_package": info.schemaPackage, "schema_fingerprint": info.schemaFingerprint],
                 table: clientLine + "\ncollect-server \(info.version)  schema \(info.schemaPackage) \(info.schemaFingerprint)"
                    + (matches ? "" : "  (differs from collectctl's: calls may fail)"))
        }
    }

    private func emit(client: [String: String], server: [String: String]?, table: String) {
        switch connection.output {
        case .table:
            print(TerminalText.safe(table))
        case .json:
            let object: [String: Any] = ["client": client, "server": server.map { $0 as Any } ?? NSNull()]
            let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
            print(TerminalText.safeJSON(String(decoding: data, as: UTF8.self)))
        }
    }
}
