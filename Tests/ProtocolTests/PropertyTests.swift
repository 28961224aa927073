import Protocol
import Testing

/// A small deterministic generator (SplitMix64), so every run sees the same inputs.
struct SeededRandom: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Random values round-trip, and random corruptions of valid encodings never crash the decoder.
@Suite struct PropertyTests {
    static func randomString(_ random: inout SeededRandom) -> String {
        let alphabet = Array("aåäöøæ€💰 -\u{0}\u{7F}Z9")
        return String((0..<Int.random(in: 0...12, using: &random)).map { _ in alphabet.randomElement(using: &random)! })
    }

    static func randomDate(_ random: inout SeededRandom) -> CalendarDate {
        CalendarDate(daysSinceEpoch: Int32.random(in: CalendarDate.minDays...CalendarDate.maxDays, using: &random))!
    }

    static func randomLeaf(_ random: inout SeededRandom) -> SampleLeaf {
        SampleLeaf(value: Int32.random(in: .min ... .max, using: &random),
                   tip: Bool.random(using: &random) ? SampleTip(label: randomString(&random)) : SampleTip())
    }

    static func randomSample(_ random: inout SeededRandom) -> WireSample {
        func maybe<T>(_ make: (inout SeededRandom) -> T) -> T? { Bool.random(using: &random) ? make(&random) : nil }
        func list<T>(_ make: (inout SeededRandom) -> T) -> [T] { (0..<Int.random(in: 0...4, using: &random)).map { _ in make(&random) } }
        let kinds: [SampleKind] = [.zero, .one, .max, .unknown(5)]
        return WireSample(
            flag: .random(using: &random), small: .random(in: .min ... .max, using: &random),
            large: .random(in: .min ... .max, using: &random), count: .random(in: 0 ... .max, using: &random),
            bigCount: .random(in: 0 ... .max, using: &random), text: randomString(&random),
            blob: (0..<Int.random(in: 0...5, using: &random)).map { _ in .random(in: 0...255, using: &random) },
            day: randomDate(&random), kind: kinds.randomElement(using: &random)!, leaf: randomLeaf(&random),
            optFlag: maybe { Bool.random(using: &$0) }, optSmall: maybe { Int32.random(in: -3...3, using: &$0) },
            optLarge: maybe { Int64.random(in: .min ... .max, using: &$0) }, optCount: maybe { UInt32.random(in: 0...3, using: &$0) },
            optBigCount: maybe { UInt64.random(in: 0 ... .max, using: &$0) }, optText: maybe(randomString),
            optBlob: maybe { _ in [] }, optDay: maybe(randomDate), optKind: maybe { kinds.randomElement(using: &$0)! },
            optLeaf: maybe(randomLeaf), flags: list { Bool.random(using: &$0) },
            smalls: list { Int32.random(in: .min ... .max, using: &$0) }, larges: list { Int64.random(in: .min ... .max, using: &$0) },
            counts: list { UInt32.random(in: 0 ... .max, using: &$0) }, bigCounts: list { UInt64.random(in: 0 ... .max, using: &$0) },
            texts: list(randomString), blobs: list { _ in [1, 2] }, days: list(randomDate),
            kinds: list { kinds.randomElement(using: &$0)! }, leaves: list(randomLeaf),
            far: .random(in: .min ... .max, using: &random))
    }

    @Test func randomValuesRoundTripCanonically() throws {
        var random = SeededRandom(state: 20_261_129)
        for _ in 0..<2_000 {
            let sample = Self.randomSample(&random)
            let bytes = sample.encoded()
            let decoded = try WireSample(decoding: bytes)
            #expect(decoded == sample)
            #expect(decoded.encoded() == bytes)
        }
    }

    @Test func datesRoundTripThroughComponents() {
        var random = SeededRandom(state: 7)
        for _ in 0..<20_000 {
            let date = Self.randomDate(&random)
            let (year, month, day) = date.components
            #expect(CalendarDate(year: year, month: month, day: day) == date)
            #expect(CalendarDate(iso8601: date.description) == date)
        }
    }

    @Test func corruptedEncodingsGiveErrorsNotCrashes() {
        var random = SeededRandom(state: 99)
        var errors = 0
        for _ in 0..<3_000 {
            var bytes = Self.randomSample(&random).encoded()
            guard !bytes.isEmpty else { continue }
            for _ in 0..<Int.random(in: 1...3, using: &random) {
                switch Int.random(in: 0...2, using: &random) {
                case 0: bytes[Int.random(in: 0..<bytes.count, using: &random)] = .random(in: 0...255, using: &random)
                case 1: bytes.removeLast(Int.random(in: 0...min(3, bytes.count), using: &random))
                default: bytes.insert(.random(in: 0...255, using: &random), at: Int.random(in: 0...bytes.count, using: &random))
                }
            }
            do {
                let value = try WireSample(decoding: bytes)
                // Whatever decodes re-encodes canonically to something that decodes the same.
                #expect(try WireSample(decoding: value.encoded()) == value)
            } catch {
                errors += 1
                #expect(error.offset >= 0 && error.offset <= bytes.count)
            }
        }
        #expect(errors > 500)
    }
}
