import Domain
import Foundation
import Glibc
import Logging
import Seed
import Services
import Store

/// The embedded default: `collect-server` with no `--cert`/`--key` serves a usable local instance.
/// On first start it makes development TLS material under `DATA/dev-tls/` (a CA and a certificate
/// for localhost and 127.0.0.1, with the `openssl` command), and, when the data folder holds no
/// book, a demo book (deterministic customers) with a token per role under `DATA/demo-tokens/`.
/// Later starts reuse both. Never for production: the server says so in its log.
struct EmbeddedDefault {
    let directory: DataDirectory
    var tlsDirectory: String { directory.path + "/dev-tls" }
    var certificatePath: String { tlsDirectory + "/server.pem" }
    var privateKeyPath: String { tlsDirectory + "/server.key" }
    var caPath: String { tlsDirectory + "/ca.pem" }
    var tokenDirectory: String { directory.path + "/demo-tokens" }

    /// The demo's tokens: name and role; each may see all three countries.
    static let demoTokens: [(name: String, role: Role)] = [
        ("demo.handler", .handler), ("demo.coordinator", .coordinator), ("demo.auditor", .auditor), ("demo.dialer", .automation),
    ]

    /// Makes the development TLS material when it is missing (kept when present).
    func prepareTLS() throws {
        let manager = FileManager.default
        if [certificatePath, privateKeyPath, caPath].allSatisfy(manager.fileExists) { return }
        try manager.createDirectory(atPath: tlsDirectory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let steps: [[String]] = [
            ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "825", "-subj", "/CN=Collect dev CA",
             "-keyout", "ca.key", "-out", "ca.pem", "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign"],
            ["req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost", "-keyout", "server.key", "-out", "server.csr"],
            ["x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-days", "825",
             "-extfile", "server.ext", "-out", "server.pem"],
        ]
        try Data("subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n".utf8)
            .write(to: URL(fileURLWithPath: tlsDirectory + "/server.ext"))
        for arguments in steps { try openssl(arguments) }
        for leftover in ["server.csr", "server.ext", "ca.srl"] { try? manager.removeItem(atPath: tlsDirectory + "/" + leftover) }
        for secret in ["ca.key", "server.key"] { _ = chmod(tlsDirectory + "/" + secret, 0o600) }
    }

    private func openssl(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["openssl"] + arguments
        process.currentDirectoryURL = URL(fileURLWithPath: tlsDirectory)
        let errors = Pipe()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        do {
            try process.run()
        } catch {
            throw DataDirectoryError("cannot run openssl to make development TLS material (\(error)); install it, or give --cert and --key")
        }
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw DataDirectoryError("openssl \(arguments.first ?? "") failed making development TLS material in \(tlsDirectory): "
                                     + "\(message.split(separator: "\n").last ?? "exit \(process.terminationStatus)"); "
                                     + "install openssl, or give --cert and --key")
        }
    }

    /// Fills a new book with `customers` demo customers and writes a token per role; the caller
    /// holds the data folder's lock. Does nothing to a folder that already held a book.
    func seedDemoBook(customers: Int, today: Day, logger: Logger) throws {
        logger.notice("making a demo book", metadata: ["customers": "\(customers)", "data": "\(directory.path)"])
        let generator = SeedGenerator(sealer: try directory.sealer(), today: today)
        _ = try generator.generate(path: directory.databasePath, customers: customers, seed: 1)
        try FileManager.default.createDirectory(atPath: tokenDirectory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let writer = try directory.writer()
        defer { writer.stop() }
        for (name, role) in Self.demoTokens {
            let (secret, _) = try TokenAuthority.create(name: name, role: role, countries: ["DK", "NO", "SE"],
                                                        expiresAtMs: StoreWriter.wallClockMs() + 365 * 86_400_000,
                                                        writer: writer, actor: "embedded-default")
            guard FileManager.default.createFile(atPath: tokenPath(name), contents: Data((secret + "\n").utf8),
                                                 attributes: [.posixPermissions: 0o600]) else {
                throw DataDirectoryError("cannot write \(tokenPath(name))")
            }
        }
    }

    func tokenPath(_ name: String) -> String { tokenDirectory + "/" + name + ".token" }

    /// How to reach this instance with `collectctl`, printed once the server listens.
    func howToConnect(host: String, port: Int) -> String {
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? "collect-server"
        let bin = URL(fileURLWithPath: executable).deletingLastPathComponent().path
        let absolute = { (path: String) in URL(fileURLWithPath: path).standardizedFileURL.path }
        let host = host == "0.0.0.0" || host == "::" ? "localhost" : (host == "127.0.0.1" ? "localhost" : host)
        var text = """

            Collect, embedded default: the book in \(absolute(directory.path)), development TLS material (never for production).
            In another shell:

              export PATH="$PATH:\(bin)"
              export COLLECT_SERVER=\(host):\(port) COLLECT_CA=\(absolute(caPath))

            """
        let tokens = Self.demoTokens.filter { FileManager.default.fileExists(atPath: tokenPath($0.name)) }
        if tokens.isEmpty {
            text += "  export COLLECT_TOKEN=...   (make one: collect-server token create --data \(directory.path) --name NAME --role handler --countries SE,NO,DK)\n"
        } else {
            text += "  export COLLECT_TOKEN=$(cat \(absolute(tokenPath("demo.handler"))))\n"
        }
        text += """
              collectctl health
              collectctl case search --page-size 5
              collectctl case show C-0000003

            """
        if !tokens.isEmpty {
            text += "Tokens of the other roles: \(absolute(tokenDirectory))/*.token. Ctrl-C stops the server.\n"
        }
        return text
    }
}
