import ArgumentParser
import Domain
import Foundation
import Seed

/// `collect-server seed`: fills the data directory with deterministic demo customers.
struct SeedCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "seed", abstract: "Generate demo and test customers (deterministic per seed).")

    @Option(help: "Data directory (database and master key).") var data = "collect-data"
    @Option(help: "Customers to add.") var customers = 10_000
    @Option(help: "Seed of the generator; the same seed gives the same customers.") var seed: UInt64 = 1
    @Option(help: "The day the data is dated from (YYYY-MM-DD); default today.") var today: String?

    func validate() throws {
        guard (0...10_000_000).contains(customers) else { throw ValidationError("--customers is 0 to 10 000 000") }
        if let today, Day(iso8601: today) == nil { throw ValidationError("--today is a date as YYYY-MM-DD") }
    }

    func run() throws {
        let directory = DataDirectory(data)
        try directory.prepareBook()
        let lock = try directory.lockExclusively()
        defer { withExtendedLifetime(lock) {} }
        let day = today.flatMap { Day(iso8601: $0) } ?? Day(daysSinceEpoch: Int(Date().timeIntervalSince1970) / 86_400)!
        let generator = SeedGenerator(sealer: try directory.sealer(), today: day)
        let step = max(1, customers / 20)
        let report = try generator.generate(path: directory.databasePath, customers: customers, seed: seed) { done in
            if done % step == 0 || done == customers {
                FileHandle.standardError.write(Data("seed: \(done)/\(customers)\n".utf8))
            }
        }
        print("seeded \(directory.databasePath): \(report)")
    }
}
