import ArgumentParser
import Logging

/// How `collect-server` writes its log to standard error.
enum LogFormat: String, ExpressibleByArgument, CaseIterable {
    /// swift-log's readable lines.
    case text
    /// One JSON object per line (`JSONLogHandler`), for log shippers.
    case json

    /// Makes this the process's log handler; call once, before the first logger.
    func bootstrap() {
        switch self {
        case .text: LoggingSystem.bootstrap(StreamLogHandler.standardError)
        case .json: LoggingSystem.bootstrap { label in JSONLogHandler(label: label) }
        }
    }
}
