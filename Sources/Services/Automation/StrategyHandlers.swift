import Automation
import Crypto
import Domain
import Protocol
import Store

/// `collect.v1.Strategies`: a coordinator's strategy files, checked by the Automation target,
/// stored as versions that are never edited, and put in force from a day (docs/STRATEGIES.md).
extension CollectService {
    /// The file name places in issues are given under when the request names none.
    static let strategyFileNameDefault = "strategy.yaml"

    /// The strategy in `text`, or every issue of it; refused outright when the request itself is
    /// out of bounds (file name, size).
    func loadStrategy(fileName: String, text: String) throws -> Result<Strategy, StrategyRefusal> {
        try requireText(fileName, field: "file_name", code: "STRATEGY_FILE_NAME", max: 200, required: false)
        guard text.utf8.count <= StrategyLimits.fileBytesMax else {
            throw ServiceFailure.invalid("STRATEGY_TOO_LARGE", "a strategy file is at most \(StrategyLimits.fileBytesMax) bytes", field: "text")
        }
        let file = fileName.isEmpty ? Self.strategyFileNameDefault : fileName
        do {
            return .success(try StrategyFile.load(text, file: file, rules: ruleBook, asOf: DomainBridge.day(today("SE"))))
        } catch {
            return .failure(error)
        }
    }

    /// INVALID_ARGUMENT `STRATEGY_INVALID`: every issue as a fact, the first in the message
    /// (`collectctl` prints them all).
    static func strategyInvalid(_ refusal: StrategyRefusal) -> ServiceFailure {
        ServiceFailure(.invalidArgument, "STRATEGY_INVALID",
                       "the strategy file has \(refusal.issues.count) issue(s); the first: \(refusal.issues.first?.description ?? "")",
                       field: "text", facts: refusal.issues.map { ErrorFact(key: "issue", value: $0.description) })
    }

    func validateStrategy(_ request: ValidateStrategyRequest, _ call: Call) throws -> ValidateStrategyResponse {
        try require(.runAutomation, call.principal)
        switch try loadStrategy(fileName: request.fileName, text: request.text) {
        case .success(let strategy):
            return ValidateStrategyResponse(issues: [], name: strategy.name, version: strategy.version, segments: UInt32(strategy.segments.count))
        case .failure(let refusal):
            return ValidateStrategyResponse(issues: refusal.issues.map {
                Protocol.StrategyIssue(code: $0.code, file: $0.file, line: UInt32(clamping: $0.line), column: UInt32(clamping: $0.column),
                                       fieldPath: $0.fieldPath, message: $0.message)
            })
        }
    }

    func applyStrategy(_ request: ApplyStrategyRequest, _ principal: Principal, _ context: any WriteTransaction) throws -> ApplyStrategyResponse {
        try require(.runAutomation, principal)
        let strategy: Strategy
        switch try loadStrategy(fileName: request.fileName, text: request.text) {
        case .success(let loaded): strategy = loaded
        case .failure(let refusal): throw Self.strategyInvalid(refusal)
        }
        let digest = Digest.sha256(Array(request.text.utf8))
        if let stored = try context.strategyRecord(sha256: digest) {
            return ApplyStrategyResponse(version: Self.strategyVersion(stored), stored: false)
        }
        let number = try context.insertStrategy(name: strategy.name, version: strategy.version, sha256: digest, text: request.text,
                                                segments: strategy.segments.count, atMs: context.nowMs, by: principal.name)
        try context.audit(action: "strategy.apply", entity: "strategy", entityID: String(number), versionBefore: nil, versionAfter: 1,
                          detail: "\(strategy.name) \(strategy.version) sha256 \(Digest.hex(digest).prefix(16))")
        guard let stored = try context.strategyRecord(number: number) else { throw StoreError.notFound(entity: "strategy", id: String(number)) }
        return ApplyStrategyResponse(version: Self.strategyVersion(stored), stored: true)
    }

    func listStrategies(_ request: ListStrategiesRequest, _ call: Call) throws -> ListStrategiesResponse {
        try require(.runAutomation, call.principal)
        return ListStrategiesResponse(versions: try call.reader.read { try $0.strategyRecords() }.map(Self.strategyVersion))
    }

    func getStrategy(_ request: GetStrategyRequest, _ call: Call) throws -> GetStrategyResponse {
        try require(.runAutomation, call.principal)
        guard let record = try call.reader.read({ try $0.strategyRecord(number: Int64(clamping: request.number)) }) else {
            throw ServiceFailure.notFound("STRATEGY_NOT_FOUND", "no strategy version \(request.number) (see `collectctl strategy list`)", field: "number")
        }
        return GetStrategyResponse(version: Self.strategyVersion(record), text: record.text)
    }

    func activateStrategy(_ request: ActivateStrategyRequest, _ principal: Principal, _ context: any WriteTransaction) throws -> ActivateStrategyResponse {
        try require(.runAutomation, principal)
        guard request.activeFrom != .epoch else {
            throw ServiceFailure.invalid("STRATEGY_ACTIVE_FROM_REQUIRED", "active_from is required", field: "active_from")
        }
        // Never back in time: what the cycle did on a day that has passed stays explained by the
        // version that was in force then.
        guard request.activeFrom.daysSinceEpoch >= today("SE") else {
            throw ServiceFailure.invalid("STRATEGY_ACTIVE_FROM_PAST", "active_from must be today or later; a day that has passed keeps its strategy",
                                         field: "active_from")
        }
        guard request.activeFrom.daysSinceEpoch <= today("SE") + 366 else {
            throw ServiceFailure.invalid("STRATEGY_ACTIVE_FROM_TOO_FAR", "active_from must be within a year from today", field: "active_from")
        }
        let number = Int64(clamping: request.number)
        guard let record = try context.strategyRecord(number: number) else {
            throw ServiceFailure.notFound("STRATEGY_NOT_FOUND", "no strategy version \(request.number) (see `collectctl strategy list`)", field: "number")
        }
        try context.activateStrategy(number: number, from: request.activeFrom.daysSinceEpoch, atMs: context.nowMs, by: principal.name)
        try context.audit(action: "strategy.activate", entity: "strategy", entityID: String(number), versionBefore: 1, versionAfter: 1,
                          detail: "\(record.name) \(record.version) from \(request.activeFrom)")
        guard let activated = try context.strategyRecord(number: number) else { throw StoreError.notFound(entity: "strategy", id: String(number)) }
        return ActivateStrategyResponse(version: Self.strategyVersion(activated))
    }

    static func strategyVersion(_ record: StrategyRecord) -> StrategyVersion {
        StrategyVersion(number: UInt64(record.number), name: record.name, version: record.version, sha256: Digest.hex(record.sha256),
                        appliedAtMs: record.appliedAtMs, appliedBy: record.appliedBy, activeFrom: record.activeFrom.map(RecordMapping.date),
                        segments: UInt32(record.segments))
    }
}
