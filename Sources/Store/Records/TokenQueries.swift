import SQLiteDriver

/// An API token as stored: never its secret, only the secret's SHA-256.
public struct TokenRecord: Sendable, Hashable {
    public var id: String
    public var name: String
    /// The role's name (`handler`, `coordinator`, …), as the services define them.
    public var role: String
    /// Countries the token may see, e.g. `["NO", "SE"]`.
    public var countries: [String]
    public var secretHash: [UInt8]
    public var createdAtMs: Int64
    public var expiresAtMs: Int64
    public var revokedAtMs: Int64?

    public init(id: String, name: String, role: String, countries: [String], secretHash: [UInt8], createdAtMs: Int64,
                expiresAtMs: Int64, revokedAtMs: Int64?) {
        self.id = id
        self.name = name
        self.role = role
        self.countries = countries
        self.secretHash = secretHash
        self.createdAtMs = createdAtMs
        self.expiresAtMs = expiresAtMs
        self.revokedAtMs = revokedAtMs
    }
}

extension Connection {
    private static let tokenColumns = "id, name, role, countries, secret_hash, created_at_ms, expires_at_ms, revoked_at_ms"

    private func tokenRecord(_ statement: Statement) -> TokenRecord {
        TokenRecord(id: statement.text(0), name: statement.text(1), role: statement.text(2),
                    countries: statement.text(3).split(separator: ",").map(String.init), secretHash: statement.blob(4),
                    createdAtMs: statement.int64(5), expiresAtMs: statement.int64(6), revokedAtMs: statement.optionalInt64(7))
    }

    /// The API token whose secret hashes to `secretHash`.
    public func tokenRecord(secretHash: [UInt8]) throws -> TokenRecord? {
        let statement = try statement("SELECT \(Self.tokenColumns) FROM api_token WHERE secret_hash = ?")
        try statement.bind([.blob(secretHash)])
        defer { statement.reset() }
        return try statement.step() ? tokenRecord(statement) : nil
    }

    /// Every API token, by name.
    public func tokenRecords() throws -> [TokenRecord] {
        let statement = try statement("SELECT \(Self.tokenColumns) FROM api_token ORDER BY name")
        defer { statement.reset() }
        var rows: [TokenRecord] = []
        while try statement.step() { rows.append(tokenRecord(statement)) }
        return rows
    }

    /// Stores a new token.
    public func insert(_ record: TokenRecord) throws {
        try statement("INSERT INTO api_token (\(Self.tokenColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?)").run([
            .text(record.id), .text(record.name), .text(record.role), .text(record.countries.joined(separator: ",")),
            .blob(record.secretHash), .integer(record.createdAtMs), .integer(record.expiresAtMs),
            record.revokedAtMs.map { .integer($0) } ?? .null,
        ])
    }

    /// Marks the live token named `name` revoked at `atMs`; its id, or nil when there is none.
    public func revokeToken(name: String, atMs: Int64) throws -> String? {
        let update = try statement("UPDATE api_token SET revoked_at_ms = ? WHERE name = ? AND revoked_at_ms IS NULL RETURNING id")
        try update.bind([.integer(atMs), .text(name)])
        defer { update.reset() }
        guard try update.step() else { return nil }
        let id = update.text(0)
        _ = try update.step()
        return id
    }
}
