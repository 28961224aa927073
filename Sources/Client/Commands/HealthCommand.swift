import ArgumentParser
import Protocol

struct HealthCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "health", abstract: "The server's health, version and schema.")
    @OptionGroup var connection: ConnectionOptions

    func run() throws {
        try perform {
            let client = try RPCClient(connection)
            // grpc.health.v1.HealthCheckRequest{} is the empty protobuf message; the answer's field 1
            // (varint) is the status: 1 SERVING, 2 NOT_SERVING.
            let result = client.blockingCall("/grpc.health.v1.Health/Check", [], [])
            guard result.status == .ok else { throw RPCClient.failure(result, client.settings) }
            let serving = result.response == [0x08, 0x01]
            // A server that is not serving may not answer anything else (its storage may be gone).
            if !serving {
                print("NOT_SERVING")
                throw CallFailure(status: .unavailable, code: "NOT_SERVING", message: "the server is not serving", field: "", facts: [])
            }
            let info = try client.call(SystemService.getServerInfo, GetServerInfoRequest())
            let schemaMatches = info.schemaFingerprint == SchemaInfo.fingerprint
            Printer(format: client.settings.output).emit(info) {
                "SERVING  collect-server \(info.version)  schema \(info.schemaPackage) \(info.schemaFingerprint)"
                    + (schemaMatches ? "" : " (this collectctl has \(SchemaInfo.fingerprint))")
            }
        }
    }
}

struct CompletionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "completion", abstract: "Print a shell completion script: bash, zsh or fish.")
    @Argument(help: "bash, zsh or fish.") var shell: String

    func run() throws {
        guard let kind = CompletionShell(rawValue: shell) else { throw ValidationError("the shell is bash, zsh or fish") }
        print(CollectCtl.completionScript(for: kind))
    }
}
