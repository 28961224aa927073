import Foundation
import Crypto
import Protocol
import Store

/// Bearer tokens: created and revoked by an operator, stored only as SHA-256 hashes, checked on
/// every call. The secret is shown once, at creation.
public enum TokenAuthority {
    /// A token as listed (never its secret).
    public struct TokenInfo: Sendable, Hashable {
        public var id: String
        public var name: String
        public var role: Role
        public var countries: [String]
        public var createdAtMs: Int64
        public var expiresAtMs: Int64
        public var revokedAtMs: Int64?
    }

    static let prefix = "clt_"
    static let secretBytes = 24
    /// Longest `authorization` value looked at; anything longer is refused unread.
    static let maxHeaderBytes = 256

    /// Creates a token through the writer (audited); returns its secret and id.
    public static func create(name: String, role: Role, countries: [String], expiresAtMs: Int64, writer: any BookWriter,
                              actor: String) throws -> (secret: String, info: TokenInfo) {
        guard !name.isEmpty, name.count <= 64, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" || $0 == "_" }) else {
            throw ServiceFailure.invalid("TOKEN_NAME_INVALID", "a token name is 1 to 64 letters, digits, '.', '-' or '_'", field: "name")
        }
        let allowed: Set<String> = ["SE", "NO", "DK"]
        guard !countries.isEmpty, countries.allSatisfy(allowed.contains) else {
            throw ServiceFailure.invalid("TOKEN_COUNTRIES_INVALID", "countries are one or more of SE, NO, DK", field: "countries")
        }
        let secret = prefix + base64URL(Digest.randomBytes(secretBytes))
        let hash = Digest.sha256(Array(secret.utf8))
        let sorted = Array(Set(countries)).sorted()
        let info = try writer.submitAndWait(actor: actor) { context in
            let id = try context.nextID("token", prefix: "TK")
            try context.insert(TokenRecord(id: id, name: name, role: role.rawValue, countries: sorted, secretHash: hash,
                                           createdAtMs: context.nowMs, expiresAtMs: expiresAtMs, revokedAtMs: nil))
            try context.audit(action: "token.create", entity: "token", entityID: id, versionBefore: nil, versionAfter: 1,
                              detail: "\(name) \(role.rawValue) \(sorted.joined(separator: ","))")
            return TokenInfo(id: id, name: name, role: role, countries: sorted, createdAtMs: context.nowMs,
                             expiresAtMs: expiresAtMs, revokedAtMs: nil)
        }
        return (secret, info)
    }

    /// Revokes the token named `name` (audited).
    public static func revoke(name: String, writer: any BookWriter, actor: String) throws {
        try writer.submitAndWait(actor: actor) { context in
            guard let id = try context.revokeToken(name: name, atMs: context.nowMs) else {
                throw StoreError.notFound(entity: "token", id: name)
            }
            // Audited under the token's id, as its creation was, so both rows speak of one entity.
            try context.audit(action: "token.revoke", entity: "token", entityID: id, versionBefore: 1, versionAfter: 2, detail: name)
        }
    }

    /// Every token, by name.
    public static func list(reader: any BookReader) throws -> [TokenInfo] {
        try reader.read { try $0.tokenRecords() }.map { record in
            TokenInfo(id: record.id, name: record.name, role: Role(rawValue: record.role) ?? .auditor, countries: record.countries,
                      createdAtMs: record.createdAtMs, expiresAtMs: record.expiresAtMs, revokedAtMs: record.revokedAtMs)
        }
    }

    /// The caller behind an `authorization` header value, or the refusal (UNAUTHENTICATED).
    public static func authenticate(_ header: String?, reader: any BookReader, nowMs: Int64) throws(ServiceFailure) -> Principal {
        guard let header, !header.isEmpty else {
            throw ServiceFailure(.unauthenticated, "TOKEN_MISSING", "send `authorization: Bearer <token>`")
        }
        guard header.utf8.count <= maxHeaderBytes, header.hasPrefix("Bearer ") else {
            throw ServiceFailure(.unauthenticated, "TOKEN_MALFORMED", "the authorization header must be `Bearer <token>`")
        }
        let secret = String(header.dropFirst(7))
        // Printable ASCII only: a CR or space (a token file saved with Windows line ends) is a
        // malformed token, not an unknown one.
        guard secret.hasPrefix(prefix), secret.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
            throw ServiceFailure(.unauthenticated, "TOKEN_MALFORMED", "the authorization header must be `Bearer <token>`")
        }
        let record: TokenRecord?
        do {
            record = try reader.read { try $0.tokenRecord(secretHash: Digest.sha256(Array(secret.utf8))) }
        } catch {
            throw ServiceFailure(.unavailable, "DATABASE_UNAVAILABLE", "the token could not be checked; try again")
        }
        guard let record else { throw ServiceFailure(.unauthenticated, "TOKEN_UNKNOWN", "the token is not known") }
        if record.revokedAtMs != nil { throw ServiceFailure(.unauthenticated, "TOKEN_REVOKED", "the token was revoked") }
        if record.expiresAtMs <= nowMs { throw ServiceFailure(.unauthenticated, "TOKEN_EXPIRED", "the token has expired") }
        guard let role = Role(rawValue: record.role) else {
            throw ServiceFailure(.permissionDenied, "TOKEN_ROLE_UNKNOWN", "the token's role is not known to this server")
        }
        return Principal(name: record.name, role: role, countries: Set(record.countries))
    }

    /// URL-safe base64 without padding (RFC 4648 §5) of the secret bytes.
    static func base64URL(_ bytes: [UInt8]) -> String {
        String(GRPCBinaryHeader.encode(bytes).compactMap { character -> Character? in
            switch character {
            case "+": "-"
            case "/": "_"
            case "=": nil
            default: character
            }
        })
    }
}

extension BookWriter {
    /// Submits `body` as one mutation of `actor` and blocks until its batch is durable (for
    /// operator commands and background work, never on a loop thread); returns what `body`
    /// returned, or throws what it threw (or the store's refusal) unchanged.
    @discardableResult
    func submitAndWait<T: Sendable>(actor: String, _ body: @escaping @Sendable (any WriteTransaction) throws -> T) throws -> T {
        let done = NSCondition()
        nonisolated(unsafe) var value: T?
        nonisolated(unsafe) var outcome: Result<MutationOutcome, MutationFailure>?
        submit(Mutation(actor: actor, idempotency: nil, apply: { context in
            value = try body(context)
            return []
        }, completion: { result in
            done.lock()
            outcome = result
            done.broadcast()
            done.unlock()
        }))
        done.lock()
        defer { done.unlock() }
        while outcome == nil { done.wait() }
        switch outcome! {
        case .failure(.store(let error)): throw error
        case .failure(.refused(let error)): throw error
        case .success: return value!
        }
    }
}
