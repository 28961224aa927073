import Foundation
import Services
import Testing

/// The inbox's file source refuses what it cannot read, at once and without waiting, and tells a
/// permanent refusal (PAYMENT_FILE_UNREADABLE) from a read error that may pass
/// (PAYMENT_FILE_READ_FAILED).
@Suite struct DiskPaymentFileTests {
    static func failure(_ path: String, read: Bool = false) -> ServiceFailure? {
        do {
            var chunks = try DiskPaymentFile(path: path).open()
            if read { while try chunks.next() != nil {} }
            return nil
        } catch let failure as ServiceFailure {
            return failure
        } catch {
            return ServiceFailure(.internal, "TEST", "\(error)")
        }
    }

    @Test func whatCannotBeOpenedOrIsNoRegularFileIsRefusedForGood() throws {
        let directory = NSTemporaryDirectory() + "collect-disk-file-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        #expect(mkfifo(directory + "/fifo", 0o600) == 0)
        try FileManager.default.createSymbolicLink(atPath: directory + "/dangling", withDestinationPath: directory + "/nothing")
        for (name, words) in [("gone", "gone"), ("dangling", "gone"), ("fifo", "a FIFO"), ("", "a directory")] {
            let failure = Self.failure(directory + "/" + name)
            #expect(failure?.status == .failedPrecondition && failure?.detail.code == "PAYMENT_FILE_UNREADABLE", "\(name): \(String(describing: failure))")
            #expect(failure?.detail.message.contains(words) == true, "\(name): \(String(describing: failure))")
        }
    }

    @Test func aReadErrorIsReportedAsOneThatMayPass() {
        // /proc/self/mem opens as a regular file; reading it at offset 0 fails with EIO.
        let failure = Self.failure("/proc/self/mem", read: true)
        #expect(failure?.status == .unavailable && failure?.detail.code == "PAYMENT_FILE_READ_FAILED", "\(String(describing: failure))")
    }

    @Test func aRegularFileIsReadWholeInChunks() throws {
        let path = NSTemporaryDirectory() + "collect-disk-file-\(UUID().uuidString)"
        let bytes = (0..<(PaymentFileImporter.chunkBytes * 2 + 17)).map { UInt8(truncatingIfNeeded: $0) }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        var chunks = try DiskPaymentFile(path: path).open()
        var read: [UInt8] = []
        var sizes: [Int] = []
        while let chunk = try chunks.next() {
            read += chunk
            sizes.append(chunk.count)
        }
        #expect(read == bytes)
        #expect(sizes == [PaymentFileImporter.chunkBytes, PaymentFileImporter.chunkBytes, 17])
    }
}
