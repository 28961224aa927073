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
            for name in pending() where !isStopping { importOne(name) }
            condition.lock()
            if !stopping { _ = condition.wait(until: Date(timeIntervalSinceNow: Self.pollIntervalSeconds)) }
            condition.unlock()
        }
        condition.lock()
        stopped = true
        condition.broadcast()
        condition.unlock()
    }

    /// Regular files in the folder, by name, without the hidden ones.
    private func pending() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { name in
            var isDirectory: ObjCBool = false
            return !name.hasPrefix(".") && FileManager.default.fileExists(atPath: directory + "/" + name, isDirectory: &isDirectory) && !isDirectory.boolValue
        }.sorted()
    }

    private func importOne(_ name: String) {
        let path = directory + "/" + name
        do throws(ServiceFailure) {
            let response = try importer.run(DiskPaymentFile(path: path), as: Self.principal, shouldStop: { [self] in isStopping })
            move(name, to: "done", note: JSONWriter.json(response) + "\n", suffix: ".report")
            logger.info("payment file imported", metadata: ["file": "\(name)", "import": "\(response.importId)", "matched": "\(response.matched)",
                                                           "unmatched": "\(response.unmatched)", "skipped": "\(response.skipped)"])
        } catch {
            switch error.status {
            case .invalidArgument, .permissionDenied:
                move(name, to: "failed", note: "\(error.detail.code) at \(error.detail.fieldPath): \(error.detail.message)\n", suffix: ".error")
                logger.warning("payment file refused", metadata: ["file": "\(name)", "code": "\(error.detail.code)", "at": "\(error.detail.fieldPath)"])
            default:
                // Busy, stopping, storage trouble: left in place for the next look.
                logger.warning("payment file not finished; will retry", metadata: ["file": "\(name)", "code": "\(error.detail.code)"])
            }
        }
    }

    private func move(_ name: String, to folder: String, note: String, suffix: String) {
        var target = directory + "/" + folder + "/" + name
        if FileManager.default.fileExists(atPath: target) { target += ".\(Int(Date().timeIntervalSince1970 * 1000))" }
        do {
            try FileManager.default.moveItem(atPath: directory + "/" + name, toPath: target)
            try Data(note.utf8).write(to: URL(fileURLWithPath: target + suffix))
        } catch {
            logger.error("payment file could not be moved out of the inbox", metadata: ["file": "\(name)", "reason": "\(error)"])
        }
    }
}
