import CLinuxEvents
import Glibc
import Synchronization

/// A tiny HTTP/1.1 server for one read-only document (Prometheus' scrape of `/metrics`): plain
/// TCP, `GET` (or `HEAD`) of its one path answered 200 with a fresh body, any other path 404,
/// any other method 405, then the connection closes.
///
/// It runs on its own thread, one connection at a time, so it never competes with the gRPC
/// loops; every input is bounded: a request head larger than ``maxRequestBytes`` gets 431, a
/// client that has not sent its head within ``requestTimeout`` (slowloris) is closed with 408, and
/// the answer must be taken within the same time. A slow client thus holds a scrape back by
/// ``requestTimeout`` at most, and nothing it sends is kept past its connection.
public final class PlainHTTPResponder: @unchecked Sendable {
    // @unchecked: `fd` is used only on the responder's thread after init, `thread` only by init
    // and `stop()`; `stopping` is atomic.
    /// Largest request head read, in bytes (request line and headers; a GET has no body).
    public static let maxRequestBytes = 8 * 1_024
    /// Time a client has to send its request head and take the answer.
    public static let requestTimeout: Duration = .seconds(2)

    /// The bound port (useful when port 0 was asked for).
    public let port: Int
    private let fd: Int32
    private let path: String
    private let contentType: String
    private let body: @Sendable () -> String
    private let stopping = Atomic<Bool>(false)
    private var thread: pthread_t?

    /// Binds `host:port` (no SO_REUSEPORT: a second process on the port fails here) and starts
    /// answering `GET path` with `body()` as `contentType`.
    public init(host: String, port: Int, path: String, contentType: String, body: @escaping @Sendable () -> String) throws {
        fd = try Socket.listen(host: host, port: port, reusePort: false, backlog: 16)
        do {
            self.port = try Socket.localPort(fd)
        } catch {
            Glibc.close(fd)
            throw error
        }
        self.path = path
        self.contentType = contentType
        self.body = body
        let box = Unmanaged.passRetained(self).toOpaque()
        var handle = pthread_t()
        let status = pthread_create(&handle, nil, { argument in
            // The retained responder is handed to the thread, which releases it when it ends.
            let responder = Unmanaged<PlainHTTPResponder>.fromOpaque(argument!).takeRetainedValue()
            _ = clinux_set_thread_name("collect-metrics")
            responder.run()
            return nil
        }, box)
        precondition(status == 0, "pthread_create failed: \(status)")
        thread = handle
    }

    /// Stops accepting, closes the socket and waits for the thread (within a connection's timeout).
    public func stop() {
        guard !stopping.exchange(true, ordering: .acquiringAndReleasing) else { return }
        if let thread { pthread_join(thread, nil) }
    }

    private func run() {
        while !stopping.load(ordering: .acquiring) {
            guard Self.wait(fd, for: Int16(POLLIN), milliseconds: 200) else { continue }
            guard let accepted = try? Socket.accept(fd) else { continue }
            serve(accepted.fd)
            Glibc.close(accepted.fd)
        }
        Glibc.close(fd)
    }

    private func serve(_ client: Int32) {
        let deadline = MonotonicInstant.now().advanced(by: Self.requestTimeout)
        var request: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 2_048)
        while Self.headEnd(request) == nil {
            guard request.count < Self.maxRequestBytes else {
                return respond(client, status: "431 Request Header Fields Too Large", body: "request head too large\n", deadline: deadline)
            }
            guard let remaining = Self.milliseconds(until: deadline), Self.wait(client, for: Int16(POLLIN), milliseconds: remaining) else {
                // The request's time is up: the refusal gets a moment of its own to be written.
                return respond(client, status: "408 Request Timeout", body: "request not received in time\n",
                               deadline: MonotonicInstant.now().advanced(by: .milliseconds(250)))
            }
            let wanted = min(chunk.count, Self.maxRequestBytes - request.count)
            let result = chunk.withUnsafeMutableBytes { try? Socket.read(client, UnsafeMutableRawBufferPointer(rebasing: $0[0..<wanted])) }
            switch result {
            case .processed(let count) where count > 0: request += chunk[0..<count]
            case .wouldBlock: continue
            default: return  // closed or failed: nobody to answer
            }
        }
        let line = request.prefix { $0 != UInt8(ascii: "\r") && $0 != UInt8(ascii: "\n") }.split(separator: UInt8(ascii: " "))
        guard line.count == 3, line[2].starts(with: Array("HTTP/1.".utf8)) else {
            return respond(client, status: "400 Bad Request", body: "not an HTTP/1.1 request\n", deadline: deadline)
        }
        let method = String(decoding: line[0], as: UTF8.self)
        let target = String(decoding: line[1].prefix { $0 != UInt8(ascii: "?") }, as: UTF8.self)
        guard method == "GET" || method == "HEAD" else {
            return respond(client, status: "405 Method Not Allowed", body: "only GET\n", deadline: deadline, extra: "Allow: GET, HEAD\r\n")
        }
        guard target == path else { return respond(client, status: "404 Not Found", body: "not found\n", deadline: deadline) }
        respond(client, status: "200 OK", body: body(), deadline: deadline, contentType: contentType, headOnly: method == "HEAD")
    }

    private func respond(_ client: Int32, status: String, body: String, deadline: MonotonicInstant,
                         contentType: String = "text/plain; charset=utf-8", extra: String = "", headOnly: Bool = false) {
        let bodyBytes = Array(body.utf8)
        var bytes = Array(("HTTP/1.1 \(status)\r\nContent-Type: \(contentType)\r\nContent-Length: \(bodyBytes.count)\r\n"
                           + "Connection: close\r\n\(extra)\r\n").utf8)
        if !headOnly { bytes += bodyBytes }
        var offset = 0
        while offset < bytes.count {
            guard let remaining = Self.milliseconds(until: deadline), Self.wait(client, for: Int16(POLLOUT), milliseconds: remaining) else { return }
            let result = bytes.withUnsafeBytes { try? Socket.write(client, UnsafeRawBufferPointer(rebasing: $0[offset...])) }
            switch result {
            case .processed(let count): offset += count
            case .wouldBlock: continue
            case nil: return
            }
        }
        // Lets the client read the answer before the close (a close with unread input resets).
        shutdown(client, Int32(SHUT_WR))
    }

    /// Where the blank line ending the request head is, if it has arrived.
    static func headEnd(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= 4 else { return nil }
        for index in 3..<bytes.count where bytes[index] == 10 && bytes[index - 1] == 13 && bytes[index - 2] == 10 && bytes[index - 3] == 13 {
            return index
        }
        return nil
    }

    private static func milliseconds(until deadline: MonotonicInstant) -> Int32? {
        let now = MonotonicInstant.now().nanoseconds
        guard deadline.nanoseconds > now else { return nil }
        return Int32(min(60_000, (deadline.nanoseconds - now) / 1_000_000 + 1))
    }

    /// True when `fd` is ready for `events` within `milliseconds`.
    private static func wait(_ fd: Int32, for events: Int16, milliseconds: Int32) -> Bool {
        var entry = pollfd(fd: fd, events: events, revents: 0)
        return poll(&entry, 1, milliseconds) > 0 && entry.revents & (events | Int16(POLLERR) | Int16(POLLHUP)) != 0
    }
}
