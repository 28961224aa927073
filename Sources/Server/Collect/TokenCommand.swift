import ArgumentParser
import Foundation
import Services
import Store

/// `collect-server token create | revoke | list`: bearer tokens, stored only as hashes.
struct TokenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "token", abstract: "Create, revoke and list bearer tokens.",
                                                    subcommands: [Create.self, Revoke.self, List.self])

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a token; its secret is printed once.")
        @Option(help: "Data directory.") var data = "collect-data"
        @Option(help: "Token name (recorded as the actor in the audit log).") var name: String
        @Option(help: "handler, coordinator, auditor, admin or automation.") var role: String
        @Option(help: "Countries, e.g. SE,NO,DK.") var countries: String
        @Option(name: .customLong("expires-days"), help: "Days until it expires.") var expiresDays = 90

        func run() throws {
            guard let role = Role(rawValue: role) else { throw ValidationError("--role is handler, coordinator, auditor, admin or automation") }
            guard (1...3_650).contains(expiresDays) else { throw ValidationError("--expires-days is 1 to 3650") }
            let directory = DataDirectory(data)
            try directory.requireBook()
            let writer = try directory.writer()
            defer { writer.stop() }
            let expires = StoreWriter.wallClockMs() + Int64(expiresDays) * 86_400_000
            do {
                let (secret, info) = try TokenAuthority.create(name: name, role: role, countries: countries.split(separator: ",").map { $0.uppercased() },
                                                              expiresAtMs: expires, writer: writer, actor: "operator")
                FileHandle.standardError.write(Data("created token \(info.name) (\(info.role.rawValue), \(info.countries.joined(separator: ","))); the secret is shown once:\n".utf8))
                print(secret)
            } catch let failure as ServiceFailure {
                throw ValidationError(failure.detail.message)
            } catch StoreError.database(let code, _) where code == 2067 {
                throw ValidationError("a token named \(name) exists; revoke it or choose another name")
            }
        }
    }

    struct Revoke: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a token by name; calls with it are refused at once.")
        @Option(help: "Data directory.") var data = "collect-data"
        @Option(help: "Token name.") var name: String

        func run() throws {
            let directory = DataDirectory(data)
            try directory.requireBook()
            let writer = try directory.writer()
            defer { writer.stop() }
            do {
                try TokenAuthority.revoke(name: name, writer: writer, actor: "operator")
                print("revoked \(name)")
            } catch StoreError.notFound {
                throw ValidationError("no active token named \(name)")
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Every token (never their secrets).")
        @Option(help: "Data directory.") var data = "collect-data"

        func run() throws {
            let directory = DataDirectory(data)
            try directory.requireBook()
            let writer = try directory.writer()
            writer.stop()
            let reader = try StoreReader(path: directory.databasePath, answerCapacity: 0)
            let now = StoreWriter.wallClockMs()
            for token in try TokenAuthority.list(reader: reader) {
                let state = token.revokedAtMs != nil ? "revoked" : (token.expiresAtMs <= now ? "expired" : "active")
                print("\(token.name)\t\(token.role.rawValue)\t\(token.countries.joined(separator: ","))\t\(state)\texpires \(Date(timeIntervalSince1970: Double(token.expiresAtMs / 1_000)))")
            }
        }
    }
}

/// `collect-server audit verify`: recomputes the audit log's hash chain.
struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "audit", abstract: "Verify the audit log's hash chain.",
                                                    subcommands: [Verify.self])

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Exit 0 when the chain verifies under the folder's key, matches its anchor, and every audited entity matches its last audited state; 1 with what is wrong.")
        @Option(help: "Data directory.") var data = "collect-data"

        func run() throws {
            let directory = DataDirectory(data)
            try directory.requireBook()
            let result = try StoreWriter.verifyAudit(path: directory.databasePath, key: try directory.auditKey())
            if let broken = result.firstBrokenSequence {
                print("audit chain BROKEN at row \(broken) (\(result.rows) rows read)")
            }
            for problem in result.problems { print("audit: \(problem)") }
            guard result.isIntact else { throw ExitCode(1) }
            print("audit chain intact: \(result.rows) rows, anchored; \(result.entitiesCompared) entities match their audited state")
        }
    }
}
