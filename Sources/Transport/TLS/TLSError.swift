import COpenSSL

/// A TLS failure: what was being done, and OpenSSL's error queue as text (its codes kept raw).
public struct TLSError: Error, Sendable, CustomStringConvertible {
    /// What failed, e.g. `load certificate chain`.
    public let operation: String
    /// OpenSSL's packed error codes, oldest first.
    public let codes: [UInt]
    /// OpenSSL's text for each code.
    public let reasons: [String]

    /// Creates an error for `operation`, draining OpenSSL's thread-local error queue.
    init(_ operation: String) {
        self.operation = operation
        var codes: [UInt] = []
        var reasons: [String] = []
        while true {
            let code = ERR_get_error()
            if code == 0 { break }
            codes.append(code)
            var text = [CChar](repeating: 0, count: 256)
            ERR_error_string_n(code, &text, text.count)
            reasons.append(String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        self.codes = codes
        self.reasons = reasons
    }

    public var description: String {
        reasons.isEmpty ? "TLS: \(operation) failed" : "TLS: \(operation) failed: \(reasons.joined(separator: "; "))"
    }
}
