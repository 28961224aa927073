import Glibc

/// A failed system call: the call's name and its `errno`, kept as the raw number.
public struct SystemError: Error, Sendable, CustomStringConvertible, Equatable {
    /// Name of the call, e.g. `accept4`.
    public let call: String
    /// The raw `errno` value.
    public let errno: Int32

    /// Creates an error for `call` failing with `errno`.
    public init(call: String, errno: Int32) {
        self.call = call
        self.errno = errno
    }

    public var description: String {
        "\(call) failed: \(String(cString: strerror(errno))) (errno \(errno))"
    }
}

/// What a non-blocking call did: it processed (a value), or it would have blocked.
enum IOResult<Value> {
    case processed(Value)
    case wouldBlock
}

/// Runs a system call, retrying on `EINTR`; `EAGAIN`/`EWOULDBLOCK` become `.wouldBlock`,
/// every other failure throws a ``SystemError`` carrying errno and the call's name.
@inline(__always)
func syscall<T: FixedWidthInteger>(_ name: StaticString, _ body: () -> T) throws(SystemError) -> IOResult<T> {
    while true {
        let result = body()
        if result != -1 { return .processed(result) }
        let code = Glibc.errno
        switch code {
        case EINTR: continue
        case EAGAIN, EWOULDBLOCK: return .wouldBlock
        default: throw SystemError(call: "\(name)", errno: code)
        }
    }
}

/// Runs a system call that must not block (or where blocking is an error), retrying `EINTR`.
@inline(__always)
@discardableResult
func syscallChecked<T: FixedWidthInteger>(_ name: StaticString, _ body: () -> T) throws(SystemError) -> T {
    switch try syscall(name, body) {
    case .processed(let value): return value
    case .wouldBlock: throw SystemError(call: "\(name)", errno: EAGAIN)
    }
}
