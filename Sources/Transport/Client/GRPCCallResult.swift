import Protocol

/// How a call ended, as the client observed it.
public struct GRPCCallResult: Sendable, CustomStringConvertible {
    /// The gRPC status: from `grpc-status`, or mapped from the HTTP status or the RST_STREAM code
    /// when the server sent none.
    public var status: GRPCStatusCode
    /// The decoded `grpc-message` (or a description of a local failure).
    public var message: String
    /// The response message, when the call succeeded with one.
    public var response: [UInt8]?
    /// The decoded `collect-error-bin` trailer, when the server sent one.
    public var errorDetail: [UInt8]?
    /// Response header fields (pseudo-headers included).
    public var headers: [HeaderField]
    /// Trailer fields (in a trailers-only response these are in ``headers``).
    public var trailers: [HeaderField]
    /// True when the request never reached the server's handler: the connection was never made
    /// or was already closing, or the server refused the stream unprocessed (GOAWAY naming an
    /// earlier stream, REFUSED_STREAM). Such a call is safe to try again, mutation or not.
    public var neverSent: Bool

    /// Creates a result.
    public init(status: GRPCStatusCode, message: String, response: [UInt8]? = nil, errorDetail: [UInt8]? = nil,
                headers: [HeaderField] = [], trailers: [HeaderField] = [], neverSent: Bool = false) {
        self.neverSent = neverSent
        self.status = status
        self.message = message
        self.response = response
        self.errorDetail = errorDetail
        self.headers = headers
        self.trailers = trailers
    }

    /// The HTTP `:status`, if response headers arrived.
    public var httpStatus: Int? { headers.first(named: ":status").flatMap { Int($0) } }

    public var description: String { "\(status.name)\(message.isEmpty ? "" : ": \(message)")" }

    /// Builds the result of a stream that closed, following gRPC's rules: `grpc-status` from the
    /// trailers (or a trailers-only response); else the HTTP status mapping; else the
    /// RST_STREAM code mapping.
    static func fromClosedStream(headers: [HeaderField], trailers: [HeaderField], response: [UInt8]?,
                                 resetCode: UInt32) -> GRPCCallResult {
        let statusSource = trailers.first(named: "grpc-status") != nil ? trailers : headers
        if let raw = statusSource.first(named: "grpc-status"), let number = Int(raw) {
            let message = statusSource.first(named: "grpc-message").map(GRPCMessageEncoding.percentDecode) ?? ""
            let detail = statusSource.first(named: "collect-error-bin").flatMap(GRPCBinaryHeader.decode)
            let code = GRPCStatusCode(rawValue: number)
            return GRPCCallResult(status: code, message: message, response: code == .ok ? (response ?? []) : nil,
                                  errorDetail: detail, headers: headers, trailers: trailers)
        }
        if let http = headers.first(named: ":status").flatMap({ Int($0) }), http != 200 {
            return GRPCCallResult(status: GRPCStatusCode(httpStatus: http), message: "HTTP status \(http) without grpc-status",
                                  headers: headers, trailers: trailers)
        }
        if resetCode != 0 {
            // RFC 9113 §8.7: REFUSED_STREAM (also how nghttp2 ends streams past a GOAWAY's last
            // stream id) means no processing happened.
            return GRPCCallResult(status: GRPCStatusCode(http2ErrorCode: resetCode),
                                  message: "stream reset by the server (HTTP/2 error \(resetCode))",
                                  headers: headers, trailers: trailers, neverSent: resetCode == HTTP2ErrorCode.refusedStream && headers.isEmpty)
        }
        if headers.isEmpty {
            return GRPCCallResult(status: .internal, message: "stream closed without a response")
        }
        let http = headers.first(named: ":status").flatMap { Int($0) } ?? 200
        return GRPCCallResult(status: GRPCStatusCode(httpStatus: http), message: "response without grpc-status",
                              headers: headers, trailers: trailers)
    }
}
