import Domain

/// A read-only run of a strategy over many cases as of a day: how many cases land in each
/// segment, arm and step, how many are skipped and why, what actions would be made, and a few
/// case ids for each row. What `collectctl strategy simulate` prints.
public struct StrategySimulation: Sendable, Hashable {
    /// Cases at one place of the strategy.
    public struct Row: Sendable, Hashable {
        /// The segment.
        public var segment: String
        /// The arm.
        public var arm: String
        /// The step the cases are at (`TreatmentStep.label`), `before first step`, or `skipped: REASON`
        /// / `handler: REASON` for cases a skip rule holds.
        public var step: String
        /// How many cases.
        public var cases: Int
        /// How many of them have a step due on the day.
        public var due: Int
        /// Actions made for them.
        public var actions: Int
        /// Steps due but held for them.
        public var held: Int
        /// The first few case ids, in input order.
        public var samples: [String]
    }

    /// Most sample case ids per row.
    public static let samplesPerRowMax = 5

    /// The day simulated.
    public var day: Day
    /// Rows in the order of segments, arms and steps of the strategy (skip rows after the steps).
    public var rows: [Row]
    /// Cases no segment matched.
    public var noSegment: Int
    /// Cases of countries outside the strategy.
    public var outOfScope: Int
    /// Actions by kind: a channel's raw value, `HANDLER_TASK` or `REMINDER_FEE`.
    public var actionsByKind: [String: Int]
    /// Held steps by code.
    public var heldByCode: [String: Int]

    /// Simulates `evaluator` over `cases` on `day`; `samples` case ids per row (at most `samplesPerRowMax`).
    public static func run(_ evaluator: StrategyEvaluator, cases: some Sequence<CaseFacts>, on day: Day,
                           samples: Int = 3) -> StrategySimulation {
        let sampleCount = Swift.max(0, Swift.min(samples, samplesPerRowMax))
        var rowsByKey: [RowKey: Row] = [:]
        var result = StrategySimulation(day: day, rows: [], noSegment: 0, outOfScope: 0, actionsByKind: [:], heldByCode: [:])
        for facts in cases {
            let decision = evaluator.evaluate(facts, on: day)
            guard let segment = decision.segment, let arm = decision.arm else {
                if decision.status == .outOfScope { result.outOfScope += 1 } else { result.noSegment += 1 }
                continue
            }
            let step: String
            let order: Int
            switch decision.status {
            case .skipped(let reason):
                step = "skipped: \(reason.rawValue)"
                order = 1000 + SkipReason.allCases.firstIndex(of: reason)!
            case .handedToHandler(let reason):
                step = "handler: \(reason.rawValue)"
                order = 2000 + SkipReason.allCases.firstIndex(of: reason)!
            default:
                step = decision.stepLabel ?? "before first step"
                order = decision.stepIndex ?? -1
            }
            let key = RowKey(segment: segment, arm: arm, order: order)
            var row = rowsByKey[key] ?? Row(segment: segment, arm: arm, step: step, cases: 0, due: 0, actions: 0, held: 0, samples: [])
            row.cases += 1
            if decision.status == .due { row.due += 1 }
            row.actions += decision.actions.count
            row.held += decision.held.count
            if row.samples.count < sampleCount { row.samples.append(facts.caseID) }
            rowsByKey[key] = row
            for action in decision.actions { result.actionsByKind[action.kind.name, default: 0] += 1 }
            for held in decision.held { result.heldByCode[held.code, default: 0] += 1 }
        }
        let segmentOrder = Dictionary(uniqueKeysWithValues: evaluator.strategy.segments.enumerated().map { ($1.name, $0) })
        result.rows = rowsByKey.sorted { lhs, rhs in
            let left = (segmentOrder[lhs.key.segment] ?? 0, armOrder(lhs.key, evaluator.strategy), lhs.key.order)
            let right = (segmentOrder[rhs.key.segment] ?? 0, armOrder(rhs.key, evaluator.strategy), rhs.key.order)
            return left < right
        }.map(\.value)
        return result
    }

    private static func armOrder(_ key: RowKey, _ strategy: Strategy) -> Int {
        strategy.segments.first { $0.name == key.segment }?.arms.firstIndex { $0.name == key.arm } ?? 0
    }

    private struct RowKey: Hashable {
        var segment: String
        var arm: String
        var order: Int
    }
}

extension ActionKind {
    /// `SMS`, `EMAIL`, `DIALER`, `LETTER`, `HANDLER_TASK` or `REMINDER_FEE`.
    public var name: String {
        switch self {
        case .contact(let contact): contact.channel.rawValue
        case .handlerTask: "HANDLER_TASK"
        case .reminderFee: "REMINDER_FEE"
        }
    }
}
