import Foundation
import Glibc
import Protocol
import Testing
@testable import Transport

/// Issue 13, item 4: what an independent implementation found. Every refusal by the transport
/// itself carries a `collect-error-bin` detail (WIRE.md §8), a gRPC reply echoes the request's
/// content-type, subtypes that are not Collect's are refused, and fatal session errors end with
/// GOAWAY.
@Suite(.serialized) struct ConformanceTests {
    static func server() throws -> TestServer {
        try TestServer(tls: false) {
            $0.limits.maxRequestMessageBytes = 100
            $0.refusalDetail = { code, _ in Array(code.utf8) }
        }
    }

    static func request(path: String = TestRoutes.echo, contentType: String = "application/grpc", extra: [(String, String)] = [],
                        body: [UInt8]?) -> [UInt8] {
        let fields = [(":method", "POST"), (":scheme", "http"), (":path", path), (":authority", "localhost"),
                      ("content-type", contentType), ("te", "trailers")] + extra
        guard let body else { return RawHTTP2.headers(stream: 1, fields, endStream: true) }
        return RawHTTP2.headers(stream: 1, fields) + RawHTTP2.data(stream: 1, body, endStream: true)
    }

    /// The fields of the server's last header block on stream 1 (its answer), on a new connection.
    static func answer(port: Int, _ request: [UInt8]) throws -> [HeaderField] {
        let peer = try RawHTTP2(port: port)
        peer.handshake()
        peer.send(request)
        let decoder = HPACKDecoder()
        while let frame = peer.readFrame() {
            guard frame.type == 1 else { continue }
            let fields = try decoder.decode(frame.payload)
            if frame.stream == 1, frame.flags & 1 != 0 { return fields }
        }
        return []
    }

    @Test func everyTransportRefusalCarriesADetailCode() throws {
        let server = try Self.server()
        defer { server.shutdown() }
        let cases: [(String, [UInt8], status: String, code: String)] = [
            ("too large", Self.request(body: RawHTTP2.messagePrefix(length: 101)), "8", "WIRE_MESSAGE_TOO_LARGE"),
            ("unknown method", Self.request(path: "/no.Such/Method", body: GRPCFrame.framed([1])), "12", "UNKNOWN_METHOD"),
            ("no message", Self.request(body: []), "12", "NO_REQUEST_MESSAGE"),
            ("no body at all", Self.request(body: nil), "12", "NO_REQUEST_MESSAGE"),
            ("two messages", Self.request(body: GRPCFrame.framed([1]) + GRPCFrame.framed([2])), "12", "MORE_THAN_ONE_MESSAGE"),
            ("compressed", Self.request(body: [1, 0, 0, 0, 1, 9]), "13", "COMPRESSION_UNSUPPORTED"),
            ("bad flag", Self.request(body: [7, 0, 0, 0, 1, 9]), "13", "INVALID_MESSAGE_FLAG"),
            ("truncated", Self.request(body: [0, 0, 0, 0, 5, 1, 2]), "13", "MESSAGE_TRUNCATED"),
            ("malformed timeout", Self.request(extra: [("grpc-timeout", "soon")], body: GRPCFrame.framed([1])), "13", "MALFORMED_TIMEOUT"),
            ("deadline", Self.request(path: TestRoutes.slow, extra: [("grpc-timeout", "50m")], body: GRPCFrame.framed([30])), "4", "DEADLINE_EXCEEDED"),
        ]
        for (name, request, status, code) in cases {
            let fields = try Self.answer(port: server.port, request)
            #expect(fields.first(named: "grpc-status") == status, "\(name): \(fields)")
            #expect(fields.first(named: "collect-error-bin").flatMap(GRPCBinaryHeader.decode) == Array(code.utf8), "\(name): \(fields)")
        }
    }

    @Test func repliesEchoTheRequestContentTypeAndForeignSubtypesAreRefused() throws {
        let server = try Self.server()
        defer { server.shutdown() }
        for type in ["application/grpc+collect", "application/grpc"] {
            for request in [Self.request(path: "/no.Such/Method", contentType: type, body: GRPCFrame.framed([1])),
                            Self.request(contentType: type, extra: [("grpc-timeout", "1X")], body: GRPCFrame.framed([1])),
                            Self.request(contentType: type, body: GRPCFrame.framed([UInt8](repeating: 1, count: 101)))] {
                let fields = try Self.answer(port: server.port, request)
                #expect(fields.first(named: "grpc-status") != nil)
                #expect(fields.first(named: "content-type") == type, "\(fields)")
            }
        }
        for type in ["application/grpc+proto", "application/grpc+json"] {
            let fields = try Self.answer(port: server.port, Self.request(contentType: type, body: nil))
            #expect(fields.first(named: ":status") == "415", "\(type): \(fields)")
            #expect(fields.first(named: "grpc-status") == nil)
        }
    }

    @Test func fatalSessionErrorsEndWithGoAway() throws {
        let server = try Self.server()
        defer { server.shutdown() }
        // A burst of PINGs read in one go: nghttp2's queue of acks overflows (a flood).
        let pinger = try RawHTTP2(port: server.port)
        pinger.handshake()
        pinger.send(Array((0..<300).map { _ in RawHTTP2.ping() }.joined()))
        #expect(pinger.readUntil { $0.type == 7 }?.goAwayCode == HTTP2ErrorCode.enhanceYourCalm)
        // A header block continued past the CONTINUATION limit.
        let continuer = try RawHTTP2(port: server.port)
        continuer.handshake()
        var headers = RawHTTP2.grpcHeaders(stream: 1, path: TestRoutes.echo)
        headers[4] = 0  // no END_HEADERS
        var frames = headers
        for index in 0..<20 {
            frames += RawHTTP2.frame(type: 9, flags: 0, stream: 1, payload: [0, 1, UInt8(ascii: "x"), 1, UInt8(48 + index % 10)])
        }
        continuer.send(frames)
        let goAway = continuer.readUntil { $0.type == 7 }
        #expect(goAway != nil)
        #expect(goAway?.goAwayCode == HTTP2ErrorCode.enhanceYourCalm)
    }
}
