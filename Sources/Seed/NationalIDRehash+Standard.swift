import Crypto
import Domain
import Store

extension NationalIDRehash {
    /// The rehash with Domain's rule (`NationalID.lookupForm`), a two-digit Swedish year read as of
    /// `today`.
    public static func standard(sealer: Sealer, today: Day) -> NationalIDRehash {
        NationalIDRehash(sealer: sealer) { country, number in
            Country(rawValue: country).flatMap { NationalID.lookupForm(number, country: $0, today: today) }
        }
    }
}
