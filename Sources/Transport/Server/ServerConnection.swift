import CLinuxEvents
import Glibc

/// Drives one accepted connection: TLS handshake, then bytes between the socket and the
/// nghttp2 session, with the connection's timers and bounds. Confined to its loop.
final class ServerConnection: EventLoopHandler, ResponseSink, @unchecked Sendable {
    // @unchecked: confined to `loop`; foreign threads only reach it through `loop.execute`.
    enum Phase { case handshaking, active, draining, closed }

    /// unowned(unsafe): the ServerLoop holds every open connection and lives as long as its
    /// server; a closed connection no longer reaches it.
    unowned(unsafe) let owner: ServerLoop
    let loop: EventLoop
    let stream: ByteStream
    let peer: String
    var peerInfo = PeerInfo(address: "", certificateSubject: nil)
    var phase = Phase.handshaking
    var session: HTTP2Session?
    var streams: [Int32: ServerStream] = [:]
    /// The stream most recently looked up: nghttp2 reports a stream's events one after another,
    /// so most look-ups are answered here without hashing.
    private var recentStream: ServerStream?
    /// The previous accepted request's header fields, reused when a request repeats them; see
    /// `field(_:_:position:)`.
    var previousFields: [HeaderField] = []
    var previousPath: String?
    /// Closed streams kept for reuse (one allocation less per request).
    var spareStreams: [ServerStream] = []
    static let spareStreamLimit = 32
    var output = OutputBuffer()
    let limits: TransportLimits
    let http2: HTTP2Settings
    let router: GRPCRouter
    private var interest: UInt32 = 0
    private var registered = false
    /// Set while inside nghttp2 (receive/produce): frames submitted then are flushed afterwards.
    var inSession = false
    private var ioWantsWrite = false
    /// A pass over input read ahead inside OpenSSL is scheduled (see `process`).
    private var resumeScheduled = false
    private var handshakeTimer: TimerID?
    var settingsTimer: TimerID?
    private var idleTimer: TimerID?
    /// The request-read sweep (see `ServerConnection+Deadlines.swift`); nil while nothing waits.
    var sweepTimer: TimerID?
    /// Where the received bytes stand relative to frame boundaries.
    var frames = InboundFrameTracker()
    /// Since when the connection has been inside one frame, and that frame's ordinal.
    var midFrameSince: MonotonicInstant?
    var midFrameOrdinal = 0
    var idleSince = MonotonicInstant.now()
    var resets: RateWindow
    var pings: RateWindow
    var settingsFrames: RateWindow

    init(owner: ServerLoop, stream: ByteStream, peer: String) {
        self.owner = owner
        self.loop = owner.loop
        self.stream = stream
        self.peer = peer
        let limits = owner.shared.configuration.limits
        self.limits = limits
        self.http2 = owner.shared.configuration.http2
        self.router = owner.shared.router
        resets = RateWindow(maxEvents: limits.maxStreamResetsPerWindow, window: limits.floodWindow)
        pings = RateWindow(maxEvents: limits.maxPingsPerWindow, window: limits.floodWindow)
        settingsFrames = RateWindow(maxEvents: limits.maxSettingsPerWindow, window: limits.floodWindow)
    }

    func start() {
        do {
            try loop.register(stream.fd, events: clinux_epollin(), handler: self)
            registered = true
            interest = clinux_epollin()
        } catch {
            close(reason: "register failed")
            return
        }
        // Timers hold the connection strongly (a weak reference would give every connection a
        // side table and put each retain and release on the slow path); close() cancels them all.
        handshakeTimer = loop.schedule(at: .now().advanced(by: limits.tlsHandshakeTimeout)) { [self] in
            close(reason: "TLS handshake timeout")
        }
        continueHandshake()
    }

    func handleEvent(_ events: UInt32) {
        switch phase {
        case .closed: return
        case .handshaking: continueHandshake()
        case .active, .draining:
            if events & (clinux_epollerr() | clinux_epollhup()) != 0, events & clinux_epollin() == 0 {
                close(reason: "socket error")
                return
            }
            process()
        }
    }

    private func continueHandshake() {
        let result: StreamIOResult
        do {
            result = try stream.handshake()
        } catch {
            close(reason: "TLS handshake failed: \(error)")
            return
        }
        switch result {
        case .bytes:
            loop.cancel(handshakeTimer)
            handshakeTimer = nil
            guard stream.negotiatedProtocol == "h2" else {
                close(reason: "ALPN did not select h2")
                return
            }
            peerInfo = PeerInfo(address: peer, certificateSubject: stream.peerCertificateSubject)
            do {
                // Manual flow control: the connection's window is its request buffer budget,
                // reopened only as buffered bytes are released.
                session = try HTTP2Session(server: true, settings: http2, delegate: self,
                                           receiveWindow: limits.maxBufferedRequestBytesPerConnection)
            } catch {
                close(reason: "\(error)")
                return
            }
            phase = .active
            settingsTimer = loop.schedule(at: .now().advanced(by: limits.settingsAckTimeout)) { [self] in
                fail(code: HTTP2ErrorCode.settingsTimeout, reason: "SETTINGS ack timeout")
            }
            idleSince = .now()
            armIdleTimer(at: idleSince.advanced(by: limits.idleTimeout))
            if owner.isShuttingDown { beginShutdown() }
            process()
        case .wantRead: setInterest(clinux_epollin())
        case .wantWrite: setInterest(clinux_epollout())
        case .closed: close(reason: "closed during TLS handshake")
        }
    }

    /// Reads what the socket has (while output has room), feeds nghttp2, writes what it produced.
    func process() {
        var rounds = 0
        var stop = ReadStop.drained
        while phase != .closed, rounds < 16 {
            rounds += 1
            stop = readInput()
            guard phase != .closed else { return }
            flush()
            guard phase != .closed else { return }
            // Reading stopped early (budget, or output full and now drained below its bound)
            // while input may still wait, also inside OpenSSL where epoll cannot see it: read
            // again, else wait for the next event.
            if stop == .drained || output.count >= limits.maxOutputBufferBytes { break }
        }
        guard phase != .closed else { return }
        noteFramePosition()
        updateInterest()
        // Reading stopped early with input already read ahead inside OpenSSL: epoll will not
        // report it, so come back after the loop's other work. (`.drained` means OpenSSL asked
        // the socket for more: whatever it holds is an incomplete record, and the rest of it
        // will raise an event. While output stays full, its draining raises one.)
        if stop != .drained, output.count < limits.maxOutputBufferBytes, stream.hasBufferedInput, !resumeScheduled {
            resumeScheduled = true
            _ = loop.schedule(at: .now()) { [self] in
                resumeScheduled = false
                if phase == .active || phase == .draining { process() }
            }
        }
    }

    /// Reads up to eight times; says why it stopped.
    private func readInput() -> ReadStop {
        guard let session else { return .drained }
        let buffer = owner.readBuffer
        for _ in 0..<8 {
            if output.count >= limits.maxOutputBufferBytes { return .outputFull }
            let result: StreamIOResult
            do {
                result = try stream.read(into: buffer)
            } catch {
                close(reason: "read failed: \(error)")
                return .drained
            }
            switch result {
            case .bytes(let count):
                inSession = true
                let received = UnsafeRawBufferPointer(rebasing: buffer[0..<count])
                frames.advance(received)
                do {
                    try session.receive(received)
                } catch {
                    // Fatal to the session (a flood, too many CONTINUATIONs, a bad preface):
                    // GOAWAY with the reason, written best effort, then close.
                    inSession = false
                    fail(code: error.goAwayCode, reason: "\(error)")
                    return .drained
                }
                inSession = false
            case .wantRead: return .drained
            case .wantWrite:
                ioWantsWrite = true
                return .drained
            case .closed:
                close(reason: "peer closed")
                return .drained
            }
        }
        return .budget
    }

    /// Moves frames from nghttp2 to the socket until either blocks.
    func flush() {
        guard let session, !inSession, phase != .closed else { return }
        while true {
            do {
                try session.produce(into: &output, limit: limits.maxOutputBufferBytes)
            } catch {
                close(reason: "\(error)")
                return
            }
            if output.isEmpty { break }
            owner.shared.notePeakOutput(output.count)
            var blocked = false
            var failure: String? = nil
            output.withUnwritten { bytes in
                do {
                    switch try stream.write(bytes) {
                    case .bytes(let count): return count
                    case .wantWrite, .wantRead:
                        blocked = true
                        return 0
                    case .closed:
                        failure = "peer closed"
                        return 0
                    }
                } catch {
                    failure = "write failed: \(error)"
                    return 0
                }
            }
            if let failure { close(reason: failure); return }
            if blocked { break }
        }
        if output.isEmpty, !session.isAlive { close(reason: "session finished") }
    }

    private func updateInterest() {
        guard phase != .closed else { return }
        var wanted: UInt32 = 0
        if output.count < limits.maxOutputBufferBytes { wanted |= clinux_epollin() }
        if !output.isEmpty || ioWantsWrite { wanted |= clinux_epollout() }
        ioWantsWrite = false
        setInterest(wanted)
    }

    private func setInterest(_ wanted: UInt32) {
        guard registered, wanted != interest else { return }
        interest = wanted
        loop.modify(stream.fd, events: wanted)
    }

    func armIdleTimer(at deadline: MonotonicInstant) {
        loop.cancel(idleTimer)
        idleTimer = loop.schedule(at: deadline) { [self] in
            guard phase == .active || phase == .draining else { return }
            let due = idleSince.advanced(by: limits.idleTimeout)
            if streams.isEmpty, due.hasPassed {
                session?.goAway(code: HTTP2ErrorCode.noError)
                phase = .draining
                flush()
                close(reason: "idle timeout")
            } else {
                armIdleTimer(at: streams.isEmpty ? due : .now().advanced(by: limits.idleTimeout))
            }
        }
    }

    /// Ends the connection with GOAWAY `code` (written best effort), then closes it.
    func fail(code: UInt32, reason: String) {
        guard phase == .active || phase == .draining else { return }
        session?.terminate(code: code)
        if !inSession { flush() }
        if inSession {
            loop.execute { [self] in close(reason: reason) }
            phase = .draining
        } else {
            close(reason: reason)
        }
    }

    /// GOAWAY(NO_ERROR): in-flight calls finish, new streams are refused; closes when done.
    func beginShutdown() {
        switch phase {
        case .handshaking: close(reason: "shutdown")
        case .active:
            phase = .draining
            session?.goAway(code: HTTP2ErrorCode.noError)
            flush()
            updateInterest()
        case .draining, .closed: return
        }
    }

    /// The open stream `id`, if any.
    @inline(__always)
    func stream(_ id: Int32) -> ServerStream? {
        if let recent = recentStream, recent.id == id { return recent }
        let found = streams[id]
        if found != nil { recentStream = found }
        return found
    }

    /// Starts stream `id`, with a pooled stream object when one is spare.
    func openStream(_ id: Int32) {
        let opened: ServerStream
        if let spare = spareStreams.popLast() {
            spare.reuse(id: id)
            opened = spare
        } else {
            opened = ServerStream(id: id)
        }
        opened.openedAt = .now()
        opened.requestID = owner.requestIDs.make()
        owner.shared.metrics?.streamsOpen.add(1)
        armSweep()
        streams[id] = opened
        recentStream = opened
    }

    /// Forgets stream `id` (it closed).
    func removeStream(_ id: Int32) -> ServerStream? {
        if recentStream?.id == id { recentStream = nil }
        let removed = streams.removeValue(forKey: id)
        if removed != nil { owner.shared.metrics?.streamsOpen.add(-1) }
        return removed
    }

    func close(reason: String) {
        guard phase != .closed else { return }
        phase = .closed
        owner.shared.logger.debug("connection closed", metadata: ["peer": "\(peer)", "reason": "\(reason)"])
        loop.cancel(handshakeTimer)
        loop.cancel(settingsTimer)
        loop.cancel(idleTimer)
        loop.cancel(sweepTimer)
        sweepTimer = nil
        for stream in streams.values {
            loop.cancel(stream.deadlineTimer)
            stream.responder?.markCancelled()
            if stream.heldBytes > 0 { owner.shared.releaseRequestBytes(stream.heldBytes) }
            stream.heldBytes = 0
        }
        owner.shared.metrics?.streamsOpen.add(-Int64(streams.count))
        streams.removeAll()
        spareStreams = []
        recentStream = nil
        previousFields = []
        if registered { loop.deregister(stream.fd) }
        registered = false
        stream.close()
        owner.connectionClosed(self)
    }
}
