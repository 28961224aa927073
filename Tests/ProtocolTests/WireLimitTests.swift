import Protocol
import Testing

/// Each decoder limit holds exactly at its edge: the limit itself is accepted, one past it refused.
@Suite struct WireLimitTests {
    @Test func messageSizeEdge() throws {
        let bytes = WireSample(text: String(repeating: "a", count: 100)).encoded()
        #expect(try WireSample(decoding: bytes, limits: WireLimits(maxMessageBytes: bytes.count)).text.count == 100)
        let error = #expect(throws: WireError.self) {
            try WireSample(decoding: bytes, limits: WireLimits(maxMessageBytes: bytes.count - 1))
        }
        #expect(error?.kind == .messageTooLarge)
    }

    @Test func defaultMessageSizeIsFourMiB() throws {
        #expect(WireLimits.default.maxMessageBytes == 4 * 1024 * 1024)
        let limits = WireLimits(maxStringBytes: 8 * 1024 * 1024)
        let atLimit = WireSample(blob: [UInt8](repeating: 1, count: 4 * 1024 * 1024 - 5)).encoded()
        #expect(atLimit.count == 4 * 1024 * 1024)
        #expect(try WireSample(decoding: atLimit, limits: limits).blob.count == 4 * 1024 * 1024 - 5)
        let over = WireSample(blob: [UInt8](repeating: 1, count: 4 * 1024 * 1024 - 4)).encoded()
        #expect(throws: WireError(.messageTooLarge, offset: 0)) { try WireSample(decoding: over, limits: limits) }
    }

    @Test func depthEdge() throws {
        let bytes = WireSample(leaf: SampleLeaf(value: 1, tip: SampleTip(label: "x"))).encoded()
        #expect(try WireSample(decoding: bytes, limits: WireLimits(maxDepth: 3)).leaf.tip.label == "x")
        let error = #expect(throws: WireError.self) { try WireSample(decoding: bytes, limits: WireLimits(maxDepth: 2)) }
        #expect(error?.kind == .depthExceeded)
        #expect(error?.offset == 4)
    }

    @Test func listCountEdge() throws {
        let bytes = WireSample(smalls: [1, 2, 3]).encoded()
        #expect(try WireSample(decoding: bytes, limits: WireLimits(maxListCount: 3)).smalls == [1, 2, 3])
        let error = #expect(throws: WireError.self) { try WireSample(decoding: bytes, limits: WireLimits(maxListCount: 2)) }
        #expect(error?.kind == .listTooLong)
        #expect(error?.fieldNumber == 22)
    }

    @Test func stringLengthEdge() throws {
        let bytes = WireSample(text: "abcd").encoded()
        #expect(try WireSample(decoding: bytes, limits: WireLimits(maxStringBytes: 4)).text == "abcd")
        #expect(throws: WireError(.stringTooLong, offset: 1, fieldNumber: 6)) {
            try WireSample(decoding: bytes, limits: WireLimits(maxStringBytes: 3))
        }
    }

    @Test func hugeAnnouncedLengthAllocatesNothing() throws {
        // A length of 2^32 − 1 with four bytes behind it is refused as truncated before any allocation.
        #expect(throws: WireError(.truncated, offset: 1, fieldNumber: 7)) {
            try WireSample(decoding: [0x3A, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 1, 2, 3, 4])
        }
    }

    @Test func repeatedEmptyMessagesAreBoundedByTheListLimit() throws {
        // Each element costs 3 bytes on the wire; a 300 kB input cannot make more than the limit.
        var bytes: [UInt8] = []
        for _ in 0..<100_001 { bytes += [0xF2, 0x01, 0x00] }
        let error = #expect(throws: WireError.self) { try WireSample(decoding: bytes) }
        #expect(error?.kind == .listTooLong)
        #expect(error?.offset == 300_000)
    }
}
