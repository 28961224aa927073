import ArgumentParser
import Store

/// `collect-server repage`: rewrites a stopped book's database with another page size (new books
/// are made with 2 KiB pages; one made before keeps 4 KiB until this is run). Holds the data
/// folder's lock throughout, so it refuses to run beside a server and no server starts during it.
struct RepageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "repage",
        abstract: "Rewrite a stopped book's database with another page size (default 2048 bytes, what new books get); needs room for a second copy.")

    @Option(help: "Data directory of the book (its server stopped).") var data = "collect-data"
    @Option(name: .customLong("page-size"), help: "Page size in bytes: 512, 1024, 2048, 4096, … 65536.")
    var pageSize = 2_048

    func run() throws {
        let directory = DataDirectory(data)
        try directory.requireBook()
        let lock = try directory.lockExclusively()
        defer { withExtendedLifetime(lock) {} }
        let clock = ContinuousClock()
        let started = clock.now
        let outcome: Repage.Outcome
        do {
            outcome = try Repage.convert(databaseAt: directory.databasePath, pageSize: pageSize)
        } catch let error as StoreError {
            throw DataDirectoryError("\(error.code): \(error.description)")
        }
        guard outcome.pageSizeBefore != outcome.pageSizeAfter else {
            print("\(directory.databasePath) already has pages of \(pageSize) bytes: nothing done")
            return
        }
        let seconds = (clock.now - started).components.seconds
        print("\(directory.databasePath): pages of \(outcome.pageSizeBefore) → \(outcome.pageSizeAfter) bytes, "
              + "\(outcome.bytesBefore / 1_048_576) → \(outcome.bytesAfter / 1_048_576) MiB, every row and the audit chain kept (\(seconds) s)")
    }
}
