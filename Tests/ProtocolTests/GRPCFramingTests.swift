import Protocol
import ProtocolFixtures
import Testing

/// gRPC's 5-byte framing, reassembled from DATA frames split anywhere.
@Suite struct GRPCFramingTests {
    @Test func frameHasFlagAndBigEndianLength() {
        #expect(GRPCFrame.framed([]) == [0, 0, 0, 0, 0])
        #expect(GRPCFrame.framed([0x08, 0x02, 0x10]) == [0, 0, 0, 0, 3, 0x08, 0x02, 0x10])
        #expect(Array(GRPCFrame.framed([UInt8](repeating: 7, count: 0x0102_03))[0..<5]) == [0, 0, 0x01, 0x02, 0x03])
    }

    @Test func messageSplitAtEveryByteBoundary() throws {
        let message = CaseViewFixture.caseView().encoded()
        let stream = GRPCFrame.framed(message) + GRPCFrame.framed([])
        for split in 0...stream.count {
            var deframer = GRPCDeframer(maxMessageBytes: 1 << 20)
            var messages = try deframer.append(Array(stream[0..<split]))
            messages += try deframer.append(Array(stream[split...]))
            #expect(messages == [message, []], "split at \(split)")
            #expect(!deframer.hasPartialMessage)
        }
    }

    @Test func messageFedOneByteAtATime() throws {
        let message = Money(minorUnits: 5, currency: .dkk).encoded()
        var deframer = GRPCDeframer(maxMessageBytes: 100)
        var messages: [[UInt8]] = []
        for byte in GRPCFrame.framed(message) + GRPCFrame.framed(message) { messages += try deframer.append([byte]) }
        #expect(messages == [message, message])
        #expect(deframer.messagesReturned == 2)
    }

    @Test func lengthOverLimitIsRefusedFromThePrefixAlone() throws {
        var deframer = GRPCDeframer(maxMessageBytes: 10)
        #expect(try deframer.append([0, 0, 0, 0, 10] + [UInt8](repeating: 0, count: 10)).count == 1)
        #expect(throws: GRPCFrameError.messageTooLarge(announcedBytes: 11, limitBytes: 10)) {
            try deframer.append([0, 0, 0, 0, 11])
        }
        var huge = GRPCDeframer(maxMessageBytes: 4 << 20)
        #expect(throws: GRPCFrameError.messageTooLarge(announcedBytes: .max, limitBytes: 4 << 20)) {
            try huge.append([0, 0xFF, 0xFF, 0xFF, 0xFF])
        }
    }

    @Test func compressedAndInvalidFlagsAreRefused() {
        var deframer = GRPCDeframer(maxMessageBytes: 10)
        #expect(throws: GRPCFrameError.compressedMessage) { try deframer.append([1, 0, 0, 0, 1, 0]) }
        var other = GRPCDeframer(maxMessageBytes: 10)
        #expect(throws: GRPCFrameError.invalidFlag(2)) { try other.append([2, 0, 0, 0, 0]) }
    }

    @Test func partialPrefixIsReported() throws {
        var deframer = GRPCDeframer(maxMessageBytes: 10)
        #expect(try deframer.append([0, 0]).isEmpty)
        #expect(deframer.hasPartialMessage)
    }
}
