import Glibc

/// Makes request ids: 12 characters of Crockford's base32 (60 random bits), short enough to read
/// out on the phone and unguessable enough that one caller cannot predict another's. Random
/// bytes come from `getrandom(2)` in blocks, so an id costs no system call most of the time, and
/// fits Swift's small-string form, so it allocates nothing. Confined to one loop.
struct RequestIDGenerator {
    static let alphabet = Array("0123456789abcdefghjkmnpqrstvwxyz".utf8)
    static let length = 12
    private var pool = [UInt64](repeating: 0, count: 64)
    private var next = 64
    /// Kept open for the process's life (one descriptor, shared by every loop: reads are atomic).
    private static let urandom = Glibc.open("/dev/urandom", O_RDONLY | O_CLOEXEC)

    /// A fresh id.
    mutating func make() -> String {
        if next == pool.count { refill() }
        var bits = pool[next]
        next += 1
        return String(unsafeUninitializedCapacity: Self.length) { buffer in
            for index in 0..<Self.length {
                buffer[index] = Self.alphabet[Int(bits & 31)]
                bits >>= 5
            }
            return Self.length
        }
    }

    private mutating func refill() {
        pool.withUnsafeMutableBytes { bytes in
            var filled = 0
            while filled < bytes.count {
                let got = Glibc.read(Self.urandom, bytes.baseAddress! + filled, bytes.count - filled)
                if got > 0 { filled += got } else if got == 0 || errno != EINTR { break }
            }
            // /dev/urandom never runs dry; should it be unreadable, the system generator fills in.
            var generator = SystemRandomNumberGenerator()
            for index in filled..<bytes.count { bytes[index] = generator.next() }
        }
        next = 0
    }
}
