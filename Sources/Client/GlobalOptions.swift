/// The connection and output options every command takes (`ConnectionOptions`), accepted before
/// the command too: `collectctl --server h:p -o json case show C-1` is read as
/// `collectctl case show C-1 --server h:p -o json`.
enum GlobalOptions {
    /// Options that take a value, and flags.
    static let withValue: Set<String> = ["--server", "--token", "--ca", "--profile", "-o", "--output", "--timeout", "--idempotency-key"]
    static let flags: Set<String> = ["--plaintext"]

    /// `arguments` (without the program name) with the global options found before the first
    /// command word moved after the command. Anything else before the command is left where it
    /// is, for the parser to refuse.
    static func reordered(_ arguments: [String]) -> [String] {
        var leading: [String] = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            let name = argument.split(separator: "=", maxSplits: 1).first.map(String.init) ?? argument
            if flags.contains(argument) || (withValue.contains(name) && argument.contains("=")) {
                leading.append(argument)
                index += 1
            } else if withValue.contains(argument), index + 1 < arguments.count {
                leading += [argument, arguments[index + 1]]
                index += 2
            } else {
                break
            }
        }
        guard !leading.isEmpty, index < arguments.count else { return arguments }
        return Array(arguments[index...]) + leading
    }
}
