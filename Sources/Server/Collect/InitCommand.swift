import ArgumentParser
import Store

/// `collect-server init`: a new, empty book (database and master key) in a folder that holds no
/// part of one. The one explicit way to start a book for real customers (seed makes demo data).
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init", abstract: "Create a new, empty book (database and master key) in an empty data folder.")

    @Option(help: "Data directory to create the book in.") var data = "collect-data"

    func run() throws {
        let directory = DataDirectory(data)
        guard directory.bookState == .none else {
            throw DataDirectoryError("\(data) already holds a book (or part of one); init never replaces one")
        }
        try directory.prepareBook()
        let lock = try directory.lockExclusively()
        defer { withExtendedLifetime(lock) {} }
        try directory.writer().stop()
        print("created an empty book in \(data): collect.sqlite and master.key (back them up separately: docs/OPERATIONS.md)")
    }
}
