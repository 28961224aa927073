import Protocol

/// gRPC's rules for a request's HEADERS frame, as a pure function (no I/O, clock injected).
enum RequestHeadValidator {
    /// Checks the method, content-type, path and timeout of a request.
    ///
    /// - Parameters:
    ///   - headers: every field received, pseudo-headers included, in order.
    ///   - now: the current instant, for turning `grpc-timeout` into a deadline.
    ///   - isKnownPath: whether a handler is registered for a `:path`.
    static func validate(_ headers: [HeaderField], now: MonotonicInstant,
                         isKnownPath: (String) -> Bool) -> Result<CallHead, EarlyResponse> {
        var method: String? = nil
        var path: String? = nil
        var metadata: [HeaderField] = []
        metadata.reserveCapacity(headers.count)
        for field in headers {
            if field.name.utf8.first == UInt8(ascii: ":") {
                switch field.name {
                case ":method": method = field.value
                case ":path": path = field.value
                default: break
                }
                continue
            }
            metadata.append(field)
        }
        return validate(method: method, path: path, metadata: metadata, now: now, isKnownPath: isKnownPath)
    }

    /// The same checks with the pseudo-headers already taken apart: `metadata` holds the
    /// other fields, in order (the server collects a request's head this way).
    static func validate(method: String?, path: String?, metadata: [HeaderField], now: MonotonicInstant,
                         isKnownPath: (String) -> Bool) -> Result<CallHead, EarlyResponse> {
        var contentType: String? = nil
        var timeout: String? = nil
        for field in metadata {
            switch field.name {
            case "content-type": contentType = field.value
            case "grpc-timeout": timeout = field.value
            default: break
            }
        }
        guard method == "POST" else { return .failure(.http(status: 405)) }
        guard let contentType, isGRPCContentType(contentType) else { return .failure(.http(status: 415)) }
        guard let path, isKnownPath(path) else {
            return .failure(.grpc(.unimplemented, "unknown method \(path ?? "(none)")", detailCode: "UNKNOWN_METHOD"))
        }
        var deadline: MonotonicInstant? = nil
        if let timeout {
            guard let nanoseconds = GRPCTimeout.parseNanoseconds(timeout) else {
                return .failure(.grpc(.internal, "malformed grpc-timeout", detailCode: "MALFORMED_TIMEOUT"))
            }
            deadline = now.advanced(byNanoseconds: nanoseconds)
        }
        return .success(CallHead(path: path, contentType: contentType, metadata: metadata, deadline: deadline))
    }

    /// `application/grpc` or `application/grpc+collect`, optionally followed by `;parameters`.
    /// Other subtypes (`+proto`, `+json`) name encodings the body is not in, so they are refused
    /// rather than echoed (issue 13).
    static func isGRPCContentType(_ value: String) -> Bool {
        let prefix = "application/grpc"
        guard value.hasPrefix(prefix) else { return false }
        var rest = value.dropFirst(prefix.count)
        if rest.hasPrefix("+collect") { rest = rest.dropFirst("+collect".count) }
        return rest.isEmpty || rest.first == ";"
    }
}
