import ArgumentParser
import Foundation

/// Where to connect and how to print, shared by every command.
struct ConnectionOptions: ParsableArguments {
    @Option(name: .long, help: "Server as host:port (env COLLECT_SERVER).")
    var server: String?

    @Option(name: .long, help: "Bearer token (env COLLECT_TOKEN).")
    var token: String?

    @Option(name: .long, help: "PEM file of the CA that signed the server's certificate (env COLLECT_CA).")
    var ca: String?

    @Option(name: .long, help: "Profile in ~/.config/collect/config (env COLLECT_PROFILE).")
    var profile: String?

    @Option(name: [.short, .long], help: "Output: table (for people) or json (for scripts).")
    var output: OutputFormat = .table

    @Option(name: .long, help: "Seconds a call may take, retries on a remade connection included.")
    var timeout: Int = 10

    @Flag(name: .long, help: "Plain HTTP/2 without TLS (only for local load tests against --plaintext servers).")
    var plaintext = false

    @Option(name: .customLong("idempotency-key"), help: "Key of a change, so a script that retries it (even after a restart) applies it once; default: a fresh key per run.")
    var idempotencyKey: String?

    /// The settings in force: flags, then environment, then the profile.
    func resolved() throws -> ResolvedConnection {
        let environment = ProcessInfo.processInfo.environment
        let profileName = profile ?? environment["COLLECT_PROFILE"] ?? "default"
        let profileValues = try Profiles.load(name: profileName, explicit: profile != nil)
        guard let server = server ?? environment["COLLECT_SERVER"] ?? profileValues["server"] else {
            throw ValidationError("no server: give --server host:port, set COLLECT_SERVER, or add server= to profile \(profileName)")
        }
        guard let colon = server.lastIndex(of: ":"), let port = Int(server[server.index(after: colon)...]), (1...65_535).contains(port) else {
            throw ValidationError("server must be host:port, e.g. localhost:8443 (got \(server))")
        }
        guard (1...3_600).contains(timeout) else { throw ValidationError("--timeout is 1 to 3600 seconds") }
        return ResolvedConnection(host: String(server[..<colon]), port: port,
                                  token: token ?? environment["COLLECT_TOKEN"] ?? profileValues["token"],
                                  caPath: ca ?? environment["COLLECT_CA"] ?? profileValues["ca"], plaintext: plaintext,
                                  timeoutSeconds: timeout, output: output, idempotencyKey: idempotencyKey)
    }
}

/// Output formats.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json
}

/// Connection settings after flags, environment and profile are merged.
struct ResolvedConnection {
    var host: String
    var port: Int
    var token: String?
    var caPath: String?
    var plaintext: Bool
    var timeoutSeconds: Int
    var output: OutputFormat
    var idempotencyKey: String?
}

/// `~/.config/collect/config` (or `$COLLECT_CONFIG`): INI-style named profiles.
///
///     [default]
///     server = localhost:8443
///     token = clt_...
///     ca = /root/collect/dev-tls/ca.pem
enum Profiles {
    static func path() -> String {
        let environment = ProcessInfo.processInfo.environment
        if let explicit = environment["COLLECT_CONFIG"] { return explicit }
        let home = environment["HOME"] ?? NSHomeDirectory()
        return home + "/.config/collect/config"
    }

    static func load(name: String, explicit: Bool) throws -> [String: String] {
        guard let data = FileManager.default.contents(atPath: path()), let text = String(data: data, encoding: .utf8) else {
            if explicit { throw ValidationError("profile \(name) requested, but \(path()) does not exist") }
            return [:]
        }
        var current: String?
        var values: [String: [String: String]] = [:]
        for (number, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("["), line.hasSuffix("]") {
                current = String(line.dropFirst().dropLast()).trimmingCharacters(in: .whitespaces)
                continue
            }
            guard let equals = line.firstIndex(of: "="), let section = current else {
                throw ValidationError("\(path()):\(number + 1): expected `[profile]` or `key = value`")
            }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces)
            guard ["server", "token", "ca"].contains(key) else {
                throw ValidationError("\(path()):\(number + 1): unknown key \(key) (server, token, ca)")
            }
            values[section, default: [:]][key] = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
        }
        if explicit && values[name] == nil { throw ValidationError("\(path()) has no profile [\(name)]") }
        return values[name] ?? [:]
    }
}
