import SQLiteDriver
/// Idempotency records: the first answer to a (principal, key), kept with a hash of its request.
enum Idempotency {
    /// The stored response for `token`'s key; throws when the key was used for another request.
    static func lookup(_ token: IdempotencyToken, connection: Connection) throws -> [UInt8]? {
        let statement = try connection.statement(
            "SELECT method, request_hash, response FROM idempotency WHERE principal = ? AND key = ?")
        try statement.bind([.text(token.principal), .text(token.key)])
        guard try statement.step() else { return nil }
        let method = statement.text(0)
        let hash = statement.blob(1)
        let response = statement.blob(2)
        statement.reset()
        guard method == token.method, hash == token.requestHash else { throw StoreError.idempotencyKeyReused(key: token.key) }
        return response
    }

    static func record(_ token: IdempotencyToken, response: [UInt8], atMs: Int64, connection: Connection) throws {
        try connection.statement("""
            INSERT INTO idempotency (principal, key, method, request_hash, response, created_at_ms) VALUES (?, ?, ?, ?, ?, ?)
            """).run([.text(token.principal), .text(token.key), .text(token.method), .blob(token.requestHash),
                      .blob(response), .integer(atMs)])
    }
}
