import ArgumentParser
import Foundation

/// `collectctl`: the command line handlers and their scripts use against `collect-server`.
@main
struct CollectCtl: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "collectctl",
        abstract: "Look up cases and agree payment plans on a Collect server.",
        discussion: """
            Server, token and CA come from flags, then the environment (COLLECT_SERVER, COLLECT_TOKEN, \
            COLLECT_CA), then the profile in ~/.config/collect/config (--profile, default `default`). \
            Exit codes: 0 success; 10 + the gRPC status code when the server refuses (13 invalid \
            argument, 15 not found, 17 permission denied, 19 failed precondition, 20 version conflict, \
            14 deadline exceeded, 24 unavailable, 26 unauthenticated); 64 for a malformed command line. Connection options \
            (--server, --token, --ca, --profile, -o, --timeout) may come before or after the command. \
            Each call may take --timeout seconds (default 10), retries included: a lost connection \
            is remade and a call safe to repeat is retried with backoff until then.
            """,
        subcommands: [CaseCommand.self, PlanCommand.self, PaymentCommand.self, AuditCommand.self, HealthCommand.self, VersionCommand.self,
                      MetricsCommand.self, AutomationCommand.self, StrategyCommand.self, OutboxCommand.self, IntakeCommand.self, BenchCommand.self, CompletionCommand.self])

    /// Parses with global options allowed before the command (`GlobalOptions`), and prints the
    /// parser's messages escaped: they quote what was typed or piped in (`TerminalText`).
    static func main() {
        do {
            var command = try parseAsRoot(GlobalOptions.reordered(Array(CommandLine.arguments.dropFirst())))
            try command.run()
        } catch {
            let code = exitCode(for: error)
            let message = fullMessage(for: error)
            if !message.isEmpty {
                (code == .success ? FileHandle.standardOutput : FileHandle.standardError).write(Data((TerminalText.safe(message) + "\n").utf8))
            }
            Foundation.exit(code.rawValue)
        }
    }
}
