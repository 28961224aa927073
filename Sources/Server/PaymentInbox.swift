import Domain
import Foundation
import Logging
import Protocol
import Services

/// The payment inbox (`serve --payment-inbox DIR`): bank integrations drop payment files into
/// DIR; the server imports each, oldest name first, one at a time, and moves it to `DIR/done/`
/// with a `.report` beside it, or, when refused, to `DIR/failed/` with a `.error` saying the line,
/// field and reason. A file that could not be finished (the server stopped or died) stays in DIR
/// and is imported again at the next look, which applies only what was not applied.
///
/// Files whose names start with `.` are left alone: write a file under such a name and rename
/// it when complete, so the server never reads half a file.
final class PaymentInbox: @unchecked Sendable {
    // `stopping` is guarded by `condition`; the thread owns everything else.
    private let directory: String
    private let importer: PaymentFileImporter
    private let logger: Logger
    private let condition = NSCondition()
    private var stopping = false
    private var stopped = false

    /// Seconds between looks at the folder.
    static let pollIntervalSeconds: Double = 1
    /// The principal the inbox imports as (audit actor `payment-inbox`).
    static let principal = Principal(name: "payment-inbox", role: .automation, countries: Set(Domain.Country.allCases.map(\.rawValue)))

    init(directory: String, importer: PaymentFileImporter, logger: Logger) throws {
        self.directory = directory
        self.importer = importer
        self.logger = logger
        for folder in [directory, directory + "/done", directory + "/failed"] {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }
    }

    /// Starts watching on a thread of its own.
    func start() {
        let thread = Thread { [self] in run() }
        thread.name = "collect-payment-inbox"
        thread.start()
    }

    /// Stops after the chunk in progress; blocks until the thread has ended.
    func stop() {
        condition.lock()
        stopping = true
        condition.broadcast()
        while !stopped { condition.wait() }
        condition.unlock()
    }

    private var isStopping: Bool {
        condition.lock()
        defer { condition.unlock() }
        return stopping
    }

    private func run() {
        while !isStopping {
            let names = pending()
            // Forget the read errors of files no longer in the inbox (taken away by the operator).
            readFailures = readFailures.filter { names.contains($0.key) }
            for name in names where !isStopping { importOne(name) }
            condition.lock()
            if !stopping { _ = condition.wait(until: Date(timeIntervalSinceNow: Self.pollIntervalSeconds)) }
            condition.unlock()
        }
        condition.lock()
        stopped = true
        condition.broadcast()
        condition.unlock()
    }

    /// Everything in the folder, by name, but the hidden names and the `done` and `failed`
    /// folders: a directory, FIFO or dangling link under a file's name is refused by the import
    /// (and moved to `failed/`), not skipped at every look.
    private func pending() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { !$0.hasPrefix(".") && $0 != "done" && $0 != "failed" }.sorted()
    }

    /// Read errors (`PAYMENT_FILE_READ_FAILED`) a file may have before it is moved to `failed/`;
    /// one look apart, so an I/O error that passes is survived and one that does not is not
    /// retried for ever.
    static let readAttempts = 3
    /// Read errors so far, per file name; owned by the thread.
    private var readFailures: [String: Int] = [:]

    private func importOne(_ name: String) {
        let path = directory + "/" + name
        do throws(ServiceFailure) {
            let response = try importer.run(DiskPaymentFile(path: path), as: Self.principal, shouldStop: { [self] in isStopping })
            readFailures[name] = nil
            move(name, to: "done", note: JSONWriter.json(response) + "\n", suffix: ".report")
            logger.info("payment file imported", metadata: ["file": "\(name)", "import": "\(response.importId)", "matched": "\(response.matched)",
                                                           "unmatched": "\(response.unmatched)", "skipped": "\(response.skipped)"])
        } catch {
            switch (error.status, error.detail.code) {
            case (.invalidArgument, _), (.permissionDenied, _), (_, "PAYMENT_FILE_UNREADABLE"):
                refuse(name, error)
            case (_, "PAYMENT_FILE_READ_FAILED"):
                let failures = (readFailures[name] ?? 0) + 1
                if failures >= Self.readAttempts {
                    refuse(name, ServiceFailure(error.status, error.detail.code, error.detail.message + " (\(failures) attempts)"))
                } else {
                    readFailures[name] = failures
                    logger.warning("payment file could not be read; will retry", metadata: ["file": "\(name)", "code": "\(error.detail.code)",
                                                                                           "attempt": "\(failures)"])
                }
            default:
                // Busy, stopping, storage trouble: left in place for the next look.
                logger.warning("payment file not finished; will retry", metadata: ["file": "\(name)", "code": "\(error.detail.code)"])
            }
        }
    }

    /// Moves a refused file to `failed/` with its `.error` (code, where, why).
    private func refuse(_ name: String, _ error: ServiceFailure) {
        readFailures[name] = nil
        let at = error.detail.fieldPath.isEmpty ? "" : " at \(error.detail.fieldPath)"
        move(name, to: "failed", note: "\(error.detail.code)\(at): \(error.detail.message)\n", suffix: ".error")
        logger.warning("payment file refused", metadata: ["file": "\(name)", "code": "\(error.detail.code)", "at": "\(error.detail.fieldPath)"])
    }

    /// Moves `name` into `folder` (a second file of the same name gets a millisecond suffix) and
    /// writes `note` beside it. A file that has vanished from the inbox still gets its note.
    private func move(_ name: String, to folder: String, note: String, suffix: String) {
        var target = directory + "/" + folder + "/" + name
        if FileManager.default.fileExists(atPath: target) || (try? FileManager.default.destinationOfSymbolicLink(atPath: target)) != nil {
            target += ".\(Int(Date().timeIntervalSince1970 * 1000))"
        }
        // rename(2), not FileManager: it moves a symbolic link, FIFO or directory as it is.
        if rename(directory + "/" + name, target) != 0 {
            let number = errno
            logger.error("payment file could not be moved out of the inbox", metadata: ["file": "\(name)", "reason": "\(String(cString: strerror(number)))"])
            // Nothing to move when it is gone; otherwise it stays and is looked at again.
            guard number == ENOENT else { return }
        }
        do {
            try Data(note.utf8).write(to: URL(fileURLWithPath: target + suffix))
        } catch {
            logger.error("payment file note could not be written", metadata: ["file": "\(name)", "reason": "\(error)"])
        }
    }
}
