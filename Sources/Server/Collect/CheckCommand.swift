import ArgumentParser
import Store

/// `collect-server check`: the full integrity check of a book's database, safe while it serves.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check", abstract: "Run SQLite's full integrity_check on the book's database (safe while serving); exit 1 on damage.")

    @Option(help: "Data directory of the book.") var data = "collect-data"

    func run() throws {
        let directory = DataDirectory(data)
        try directory.requireBook()
        let problems: [String]
        do {
            problems = try IntegrityCheck.run(databaseAt: directory.databasePath)
        } catch {
            // Damage so deep that the check itself cannot read the file.
            problems = [error.description]
        }
        guard problems.isEmpty else {
            for problem in problems { print("damaged: \(problem)") }
            print("\(directory.databasePath) is damaged: stop the server and restore from a backup (docs/OPERATIONS.md)")
            throw ExitCode(1)
        }
        print("\(directory.databasePath): integrity_check ok")
    }
}
