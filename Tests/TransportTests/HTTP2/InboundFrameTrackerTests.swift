import Testing
@testable import Transport

/// The frame-boundary tracker behind "a connection stuck mid-frame is closed".
@Suite struct InboundFrameTrackerTests {
    static let preface = Array("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".utf8)

    static func feed(_ tracker: inout InboundFrameTracker, _ bytes: [UInt8]) {
        bytes.withUnsafeBytes { tracker.advance($0) }
    }

    @Test func everyByteBoundaryIsSeenWhateverTheSplit() {
        let stream = Self.preface + RawHTTP2.settings([]) + RawHTTP2.ping() + RawHTTP2.data(stream: 1, [1, 2, 3], endStream: true)
        let ends = Set([Self.preface.count, Self.preface.count + 9, Self.preface.count + 9 + 17, stream.count])
        for split in 1..<stream.count {
            var tracker = InboundFrameTracker()
            Self.feed(&tracker, Array(stream[..<split]))
            #expect(tracker.isMidFrame == !ends.contains(split), "split at \(split)")
            Self.feed(&tracker, Array(stream[split...]))
            #expect(!tracker.isMidFrame)
            #expect(tracker.completed == 4)
        }
    }

    @Test func nothingReceivedIsNotMidFrame() {
        let tracker = InboundFrameTracker()
        #expect(!tracker.isMidFrame)
        var cut = InboundFrameTracker()
        Self.feed(&cut, Self.preface + Array(RawHTTP2.grpcHeaders(stream: 1, path: "/a.B/C").prefix(3)))
        #expect(cut.isMidFrame)
        #expect(cut.completed == 1)
    }
}
