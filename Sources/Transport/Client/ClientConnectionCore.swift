import CLinuxEvents
import Glibc
import Protocol

/// The client connection's driver: connect, TLS, then bytes between socket and nghttp2.
/// Confined to its loop.
final class ClientConnectionCore: EventLoopHandler, @unchecked Sendable {
    // @unchecked: confined to `loop`; the public facade reaches it only through `loop.execute`.
    enum Phase { case idle, connecting, handshaking, ready, closing, closed }

    let configuration: ClientConfiguration
    let loop: EventLoop
    private let tls: TLSContext?
    private let serverName: String?
    private(set) var phase = Phase.idle
    private var stream: ByteStream?
    var session: HTTP2Session?
    private var waiting: [ClientStream] = []
    var streams: [Int32: ClientStream] = [:]
    private var output = OutputBuffer()
    private var interest: UInt32 = 0
    var inSession = false
    private var ioWantsWrite = false
    /// A pass over input read ahead inside OpenSSL is scheduled (see `process`).
    private var resumeScheduled = false
    private var connectTimer: TimerID?
    /// Why the connection closed, told to calls that come after (a failed connect happens
    /// before any call; "closed" alone would hide the cause).
    private var closeReason = "connection is closed"
    /// The server sent GOAWAY: it takes no new streams here, so new calls fail at once as never
    /// sent (and are retried on a new connection by `ReconnectingConnection`).
    var goAwayReceived = false
    private let readBuffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 32 * 1024, alignment: 16)

    init(configuration: ClientConfiguration, loop: EventLoop, tls: TLSContext?, serverName: String?) {
        self.configuration = configuration
        self.loop = loop
        self.tls = tls
        self.serverName = serverName
    }

    deinit { readBuffer.deallocate() }

    func start() {
        guard phase == .idle else { return }
        phase = .connecting
        // Strong captures: close() and each call's end cancel these timers (a weak reference would put
        // every retain and release of the connection on the runtime's slow path).
        connectTimer = loop.schedule(at: .now().advanced(by: configuration.connectTimeout)) { [self] in
            close(status: .unavailable, reason: "connect timeout")
        }
        do {
            let (fd, _) = try Socket.connect(host: configuration.host, port: configuration.port)
            Socket.setNoDelay(fd)
            stream = try tls.map { try TLSStream(fd: fd, context: $0, serverName: serverName) } ?? PlainStream(fd: fd)
            try loop.register(fd, events: clinux_epollout(), handler: self)
            interest = clinux_epollout()
        } catch {
            close(status: .unavailable, reason: "connect failed: \(error)")
        }
    }

    func handleEvent(_ events: UInt32) {
        switch phase {
        case .connecting:
            guard let stream else { return }
            let error = Socket.pendingError(stream.fd)
            if error != 0 {
                close(status: .unavailable, reason: "connect failed: \(SystemError(call: "connect", errno: error))")
                return
            }
            phase = .handshaking
            handshake()
        case .handshaking: handshake()
        case .ready, .closing: process()
        case .idle, .closed: return
        }
    }

    private func handshake() {
        guard let stream else { return }
        let result: StreamIOResult
        do {
            result = try stream.handshake()
        } catch {
            close(status: .unavailable, reason: "TLS handshake failed: \(error)")
            return
        }
        switch result {
        case .bytes:
            guard stream.negotiatedProtocol == "h2" else {
                close(status: .unavailable, reason: "server did not select ALPN h2")
                return
            }
            loop.cancel(connectTimer)
            do {
                session = try HTTP2Session(server: false, settings: configuration.http2, delegate: self)
            } catch {
                close(status: .unavailable, reason: "\(error)")
                return
            }
            phase = .ready
            let queued = waiting
            waiting = []
            for call in queued { start(call) }
            process()
        case .wantRead: setInterest(clinux_epollin())
        case .wantWrite: setInterest(clinux_epollout())
        case .closed: close(status: .unavailable, reason: "connection closed during TLS handshake")
        }
    }

    /// Opens a stream for `call`, or queues it until the connection is ready.
    func start(_ call: ClientStream) {
        switch phase {
        case .idle, .connecting, .handshaking:
            waiting.append(call)
            return
        case .closing, .closed:
            call.finish(GRPCCallResult(status: .unavailable, message: closeReason, neverSent: true))
            return
        case .ready: break
        }
        if goAwayReceived {
            call.finish(GRPCCallResult(status: .unavailable, message: "the server sent GOAWAY", neverSent: true))
            return
        }
        var headers = [
            HeaderField(":method", "POST"), HeaderField(":scheme", tls == nil ? "http" : "https"),
            HeaderField(":path", call.path), HeaderField(":authority", "\(serverName ?? configuration.host):\(configuration.port)"),
            HeaderField("content-type", "application/grpc"), HeaderField("te", "trailers"),
        ]
        if let timeout = call.timeout { headers.append(HeaderField("grpc-timeout", GRPCTimeout.format(nanoseconds: timeout.nanosecondsClamped))) }
        headers.append(contentsOf: call.metadata)
        guard let id = session?.submitRequest(headers: headers, hasBody: true), id > 0 else {
            call.finish(GRPCCallResult(status: .unavailable, message: "cannot open a stream", neverSent: true))
            return
        }
        call.id = id
        streams[id] = call
        if let timeout = call.timeout {
            call.deadlineTimer = loop.schedule(at: .now().advanced(by: timeout)) { [self, call] in
                call.finish(GRPCCallResult(status: .deadlineExceeded, message: "deadline exceeded"))
                session?.resetStream(call.id, code: HTTP2ErrorCode.cancel)
                if !inSession { process() }
            }
        }
        // Only send: a response cannot be there yet, and epoll reports it when it is (reading
        // first cost a read(2) that found nothing, per call).
        if !inSession { flush() }
    }

    /// Reads what the socket has (while output has room), feeds nghttp2, writes what it produced.
    func process() {
        guard let stream else { return }
        var rounds = 0
        var stop = ReadStop.drained
        while rounds < 16, phase == .ready || phase == .closing {
            rounds += 1
            stop = readInput(from: stream)
            guard phase == .ready || phase == .closing else { return }
            flush()
            // Reading stopped early (budget, or output full and now drained below its bound)
            // while input may still wait, also inside OpenSSL where epoll cannot see it: read
            // again, else wait for the next event.
            if stop == .drained || output.count >= configuration.maxOutputBufferBytes { break }
        }
        // Reading stopped early with input already read ahead inside OpenSSL, which epoll will
        // not report: come back after the loop's other work.
        if stop != .drained, phase == .ready || phase == .closing, output.count < configuration.maxOutputBufferBytes,
           stream.hasBufferedInput, !resumeScheduled {
            resumeScheduled = true
            _ = loop.schedule(at: .now()) { [self] in
                resumeScheduled = false
                process()
            }
        }
    }

    /// Reads up to eight times; says why it stopped.
    private func readInput(from stream: ByteStream) -> ReadStop {
        guard let session else { return .drained }
        for _ in 0..<8 {
            if output.count >= configuration.maxOutputBufferBytes { return .outputFull }
            let result: StreamIOResult
            do { result = try stream.read(into: readBuffer) } catch {
                close(status: .unavailable, reason: "read failed: \(error)")
                return .drained
            }
            switch result {
            case .bytes(let count):
                inSession = true
                do { try session.receive(UnsafeRawBufferPointer(rebasing: readBuffer[0..<count])) } catch {
                    inSession = false
                    close(status: .internal, reason: "\(error)")
                    return .drained
                }
                inSession = false
            case .wantRead: return .drained
            case .wantWrite: ioWantsWrite = true; return .drained
            case .closed:
                close(status: .unavailable, reason: "connection closed by the server")
                return .drained
            }
        }
        return .budget
    }

    private func flush() {
        guard let session, let stream, phase == .ready || phase == .closing else { return }
        while true {
            do { try session.produce(into: &output, limit: configuration.maxOutputBufferBytes) } catch {
                close(status: .internal, reason: "\(error)")
                return
            }
            if output.isEmpty { break }
            var blocked = false
            var failed = false
            output.withUnwritten { bytes in
                switch (try? stream.write(bytes)) ?? .closed {
                case .bytes(let count): return count
                case .wantRead, .wantWrite: blocked = true; return 0
                case .closed: failed = true; return 0
                }
            }
            if failed { close(status: .unavailable, reason: "write failed"); return }
            if blocked { break }
        }
        if output.isEmpty, !session.isAlive {
            close(status: .unavailable, reason: "connection finished")
            return
        }
        var wanted = clinux_epollin()
        if !output.isEmpty || ioWantsWrite { wanted |= clinux_epollout() }
        ioWantsWrite = false
        setInterest(wanted)
    }

    private func setInterest(_ wanted: UInt32) {
        guard let stream, wanted != interest else { return }
        interest = wanted
        loop.modify(stream.fd, events: wanted)
    }

    func closeGracefully() {
        switch phase {
        case .ready:
            phase = .closing
            session?.goAway(code: HTTP2ErrorCode.noError, lastStreamID: 0)
            if streams.isEmpty { flush(); close(status: .unavailable, reason: "closed") } else { flush() }
        case .idle, .connecting, .handshaking: close(status: .unavailable, reason: "closed before connecting")
        case .closing, .closed: return
        }
    }

    /// Closes the socket; every unfinished call ends with `status`.
    func close(status: GRPCStatusCode, reason: String) {
        guard phase != .closed else { return }
        phase = .closed
        closeReason = reason
        loop.cancel(connectTimer)
        if let stream {
            if interest != 0 { loop.deregister(stream.fd) }
            stream.close()
        }
        let queued = waiting
        let open = Array(streams.values)
        waiting = []
        streams = [:]
        for call in queued { call.finish(GRPCCallResult(status: status, message: reason, neverSent: true)) }
        for call in open {
            loop.cancel(call.deadlineTimer)
            call.finish(GRPCCallResult(status: status, message: reason))
        }
    }
}
