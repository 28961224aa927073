import Crypto
import Foundation
import Protocol
import Services
import SQLiteDriver
import Store

// Case-lookup benchmark on an existing database (e.g. one made by `collect-server seed`).
// Measures, on one thread with its own read connection, in one run:
//   reference  — one primary-key row (`SELECT … FROM customer WHERE id = ?`), SQLite's floor;
//   snapshot   — StoreReader.caseSnapshot: the whole picture in one read transaction;
//   get-case   — CollectService GetCase: snapshot + mapping + encoding, as the server does it.
// Random cases, fixed seed; median and p99 of per-lookup times.
//
//   snapshot after a commit — the snapshot right after another connection commits (SQLite then
//                empties the reader's page cache), as under a mixed load.
//
//   LookupBench --data DIR [--lookups N] [--rounds N] [--reader-cache-kib N (default: the server's)]

var dataDirectory = "collect-data"
var lookups = 20_000
var rounds = 5
var readerCacheKiB: Int?
var arguments = CommandLine.arguments.dropFirst()
while let argument = arguments.popFirst() {
    switch argument {
    case "--data": dataDirectory = arguments.popFirst() ?? dataDirectory
    case "--lookups": lookups = Int(arguments.popFirst() ?? "") ?? lookups
    case "--rounds": rounds = Int(arguments.popFirst() ?? "") ?? rounds
    case "--reader-cache-kib":
        guard let kib = Int(arguments.popFirst() ?? ""), kib > 0 else {
            print("--reader-cache-kib takes a positive number of KiB")
            exit(2)
        }
        readerCacheKiB = kib
    default:
        print("usage: LookupBench --data DIR [--lookups N] [--rounds N] [--reader-cache-kib N]")
        exit(2)
    }
}

let path = dataDirectory + "/collect.sqlite"
guard let key = FileManager.default.contents(atPath: dataDirectory + "/master.key") else {
    print("no \(dataDirectory)/master.key: seed a database first (collect-server seed --data \(dataDirectory))")
    exit(1)
}
let reader = try StoreReader(path: path)
if let readerCacheKiB { try reader.connection.execute("PRAGMA cache_size=-\(readerCacheKiB)") }
let count = try reader.caseCount()
let writer = try StoreWriter(path: path, auditKey: .unkeyed)
let service = CollectService(writer: writer, sealer: Sealer(masterKey: Array(key)), version: "bench", loopThreads: 1)
let principal = Principal(name: "bench", role: .handler, countries: ["SE", "NO", "DK"])

func now() -> UInt64 {
    var spec = timespec()
    clock_gettime(CLOCK_MONOTONIC, &spec)
    return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
}

struct Stats {
    var median: Double
    var p99: Double
}

/// Times `body` for random cases; `before` runs first for each, untimed.
@MainActor func measure(before: (Int) throws -> Void = { _ in }, _ body: (Int) throws -> Void) throws -> Stats {
    var state: UInt64 = 12_345
    var samples: [UInt64] = []
    samples.reserveCapacity(lookups * rounds)
    for _ in 0..<rounds {
        for _ in 0..<lookups {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let index = Int((state >> 33) % UInt64(count)) + 1
            try before(index)
            let start = now()
            try body(index)
            samples.append(now() - start)
        }
    }
    samples.sort()
    return Stats(median: Double(samples[samples.count / 2]) / 1_000, p99: Double(samples[samples.count * 99 / 100]) / 1_000)
}

nonisolated func caseID(_ index: Int) -> String { "C-" + String(format: "%07d", index) }

// Warm the cache the same way for every measurement.
for index in stride(from: 1, through: count, by: max(1, count / 2_000)) { _ = try reader.caseSnapshot(caseID: caseID(index)) }

let reference = try measure { index in
    let statement = try reader.connection.statement("SELECT id, full_name, phone FROM customer WHERE id = ?")
    try statement.bind([.text("CU-" + String(format: "%07d", index))])
    _ = try statement.step()
    statement.reset()
}
let snapshot = try measure { index in
    guard try reader.caseSnapshot(caseID: caseID(index)) != nil else { preconditionFailure("missing case \(index)") }
}
let getCase = try measure { index in
    service.handle(path: CasesService.getCase.path, request: GetCaseRequest(caseId: caseID(index)).encoded(),
                   environment: CallEnvironment(principal: principal, idempotencyKey: nil), reader: reader) { result in
        if case .failure(let failure) = result { preconditionFailure("\(failure)") }
    }
}
// The same look-ups, each right after another connection commits (as under a mixed load, where
// the writer commits every few milliseconds): SQLite drops a reader's whole page cache when it
// finds the database changed at the start of a read transaction.
let committer = try Connection(path: path, readOnly: false)
let userVersion = try committer.scalarInt("PRAGMA user_version") ?? 0
let afterCommit = try measure(before: { _ in try committer.execute("PRAGMA user_version = \(userVersion)") }) { index in
    guard try reader.caseSnapshot(caseID: caseID(index)) != nil else { preconditionFailure("missing case \(index)") }
}
writer.stop()
let size = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.int64Value ?? 0
func f(_ value: Double) -> String { String(format: "%.1f", value) }
print("database: \(count) cases, \(size / 1_048_576) MiB; \(lookups) random lookups × \(rounds) rounds on one thread")
print("reference (1 row by key): median \(f(reference.median)) µs  p99 \(f(reference.p99)) µs")
print("case snapshot:            median \(f(snapshot.median)) µs  p99 \(f(snapshot.p99)) µs  (\(f(snapshot.median / reference.median))× reference)")
print("GetCase (service):        median \(f(getCase.median)) µs  p99 \(f(getCase.p99)) µs  (\(f(getCase.median / reference.median))× reference)")
print("snapshot after a commit:  median \(f(afterCommit.median)) µs  p99 \(f(afterCommit.p99)) µs  (another connection commits before each, untimed)")
