import SQLiteDriver
import Crypto

/// What migration 5 needs to give every customer's national ID look-up hash the one written form
/// look-ups use: the sealer (it opens the stored numbers and keys the hashes) and the rule that
/// makes a number's look-up form in its country. Store knows no national ID rules; Domain does,
/// and the caller brings them (`NationalIDRehash.standard` in Seed).
public struct NationalIDRehash: Sendable {
    /// Opens sealed numbers and makes look-up hashes.
    public var sealer: Sealer
    /// The look-up form of a number of a country (`SE`, `NO`, `DK`); nil leaves its hash as it is.
    public var lookupForm: @Sendable (_ country: String, _ number: String) -> String?

    /// A rehash with `sealer` and the rule `lookupForm`.
    public init(sealer: Sealer, lookupForm: @escaping @Sendable (_ country: String, _ number: String) -> String?) {
        self.sealer = sealer
        self.lookupForm = lookupForm
    }

    /// Rewrites every customer's look-up hash that differs from its look-up form's; returns how
    /// many changed. Runs inside the migration's transaction.
    func apply(to connection: Connection) throws -> Int {
        let rows = try connection.statement("SELECT id, country, national_id_sealed, national_id_lookup FROM customer")
        var changes: [(id: String, lookup: [UInt8])] = []
        while try rows.step() {
            let sealed = rows.blob(2)
            guard let number = try? sealer.open(sealed), let form = lookupForm(rows.text(1), number) else { continue }
            let lookup = sealer.lookupHash(form)
            if lookup != rows.blob(3) { changes.append((rows.text(0), lookup)) }
        }
        rows.reset()
        for change in changes {
            try connection.statement("UPDATE customer SET national_id_lookup = ? WHERE id = ?").run([.blob(change.lookup), .text(change.id)])
        }
        return changes.count
    }
}
