import Automation
import Domain
import Foundation

// Strategy evaluation benchmark: evaluates generated case facts with the golden SE/NO/DK
// strategies (segment, arm, skip rules, due steps, the contact gate, fee rules) and reports
// cases per second, median of several rounds, beside a reference measured in the same run over
// the same facts: a bare loop that computes each case's days past due and bucket (the least
// work any daily cycle does per case).
//
//   StrategyBench --strategy FILE [--strategy FILE …] [--cases N] [--rounds N]

var caseCount = 1_000_000
var rounds = 5
var strategyPaths: [String] = []
var arguments = CommandLine.arguments.dropFirst()
while let argument = arguments.popFirst() {
    switch argument {
    case "--cases": caseCount = Int(arguments.popFirst() ?? "") ?? caseCount
    case "--rounds": rounds = Int(arguments.popFirst() ?? "") ?? rounds
    case "--strategy": strategyPaths.append(arguments.popFirst() ?? "")
    default:
        print("usage: StrategyBench --strategy FILE [--strategy FILE …] [--cases N] [--rounds N]")
        exit(2)
    }
}
guard !strategyPaths.isEmpty, caseCount > 0, rounds > 0 else {
    print("usage: StrategyBench --strategy FILE [--strategy FILE …] [--cases N] [--rounds N]")
    exit(2)
}

let asOf = Day(year: 2026, month: 12, day: 7)!
var evaluators: [Country: StrategyEvaluator] = [:]
for path in strategyPaths {
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { print("cannot read \(path)"); exit(1) }
    do {
        let strategy = try StrategyFile.load(text, file: path, asOf: asOf)
        for country in strategy.countries { evaluators[country] = StrategyEvaluator(strategy: strategy) }
    } catch {
        print(error)
        exit(1)
    }
}
let countries = Country.allCases.filter { evaluators[$0] != nil }

// Facts drawn like the seed's book: DPD over the buckets, mandates, phones, a few flags and
// earlier contacts, and segment entries 0–40 days back so that steps fall due.
var random = SplitMix64(seed: 20261207)
var cases: [CaseFacts] = []
cases.reserveCapacity(caseCount)
for number in 0..<caseCount {
    let country = countries[number % countries.count]
    let dpd = [Int.random(in: 1...29, using: &random), Int.random(in: 30...89, using: &random),
               Int.random(in: 90...400, using: &random)][Int.random(in: 0..<3, using: &random)]
    let segments = evaluators[country]!.strategy.segments
    var facts = CaseFacts(
        caseID: "C-\(number)", country: country, oldestUnpaidDue: asOf.adding(days: -dpd),
        overdue: Money(minorUnits: Int64.random(in: 10_000...2_000_000, using: &random), currency: country.currency),
        balance: Money(minorUnits: Int64.random(in: 2_000_000...9_000_000, using: &random), currency: country.currency),
        hasPhone: Int.random(in: 0..<100, using: &random) < 88, hasEmail: Int.random(in: 0..<100, using: &random) < 95,
        directDebitMandate: Int.random(in: 0..<100, using: &random) < 30, language: "EN",
        brokenPromises: Int.random(in: 0...2, using: &random), planKept: Int.random(in: 0..<100, using: &random) < 15,
        segmentEntry: SegmentEntry(segment: segments[Int.random(in: 0..<segments.count, using: &random)].name,
                                   day: asOf.adding(days: -Int.random(in: 0...40, using: &random))))
    if Int.random(in: 0..<100, using: &random) < 3 { facts.flags = CaseFlags([CaseFlag(.vulnerable)]) }
    if Int.random(in: 0..<100, using: &random) < 30 {
        facts.history = ContactHistory(messages: [LocalDateTime(day: asOf.adding(days: -Int.random(in: 0...6, using: &random)), minuteOfDay: 600)])
    }
    cases.append(facts)
}

/// Median seconds of `rounds` passes of `body` over every case.
@MainActor func measure(_ body: (CaseFacts) -> Int) -> (seconds: Double, checksum: Int) {
    var checksum = 0
    var perRound: [Double] = []
    let clock = ContinuousClock()
    for _ in 0..<rounds {
        let elapsed = clock.measure {
            for facts in cases { checksum &+= body(facts) }
        }
        perRound.append(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }
    perRound.sort()
    return (perRound[perRound.count / 2], checksum)
}

let bare = measure { facts in
    let dpd = daysPastDue(oldestUnpaidDueDate: facts.oldestUnpaidDue, asOf: asOf)
    return dpd &+ BucketScheme.standard.bucket(forDaysPastDue: dpd).utf8.count
}
var actions = 0
let evaluated = measure { facts in
    let decision = evaluators[facts.country]!.evaluate(facts, on: asOf)
    return decision.actions.count &+ decision.held.count
}
actions = evaluated.checksum / rounds

func format(_ value: Double) -> String {
    let tenths = Int((value * 10).rounded())
    return "\(tenths / 10).\(tenths % 10)"
}
let casesPerSecond = Double(caseCount) / evaluated.seconds
print("cases: \(caseCount) over \(countries.map(\.rawValue).joined(separator: ", ")), as of \(asOf); \(actions) actions and held steps per pass")
print("evaluate:  \(Int(casesPerSecond)) cases/s (\(format(evaluated.seconds * 1000)) ms per pass)")
print("reference: \(Int(Double(caseCount) / bare.seconds)) cases/s for DPD and bucket alone (\(format(bare.seconds * 1000)) ms per pass)")
print("ratio:     evaluation takes \(format(evaluated.seconds / bare.seconds))× the bare loop")
print("median of \(rounds) rounds (checksum \(bare.checksum & 0xff))")
