import ArgumentParser
import enum Protocol.ErrorCatalogue

/// `collect-server errors`: the catalogue of detail codes, as a table for a terminal or as the
/// Markdown of `docs/ERRORS.md`.
struct ErrorsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "errors", abstract: "List every error detail code with its gRPC status and meaning (docs/ERRORS.md).")

    @Flag(help: "Print docs/ERRORS.md (Markdown) instead of one line per code.") var markdown = false

    func run() {
        if markdown {
            print(ErrorCatalogue.markdown, terminator: "")
            return
        }
        let width = ErrorCatalogue.all.map(\.code.count).max() ?? 0
        for entry in ErrorCatalogue.all {
            let code = entry.code + String(repeating: " ", count: width - entry.code.count)
            let status = entry.status.name + String(repeating: " ", count: max(0, 19 - entry.status.name.count))
            print("\(code)  \(status)  \(entry.meaning)")
        }
    }
}
