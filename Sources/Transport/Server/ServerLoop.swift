import CLinuxEvents
import Glibc

/// A server's presence on one loop: its listener, its connections and a read buffer they share.
/// Confined to that loop.
final class ServerLoop: @unchecked Sendable {
    // @unchecked: every member is used on `loop` only; the class is passed to it once.
    let loop: EventLoop
    let shared: ServerShared
    /// Scratch space for socket reads, shared by the loop's connections (used one at a time).
    let readBuffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 32 * 1024, alignment: 16)
    private(set) var connections: [ObjectIdentifier: ServerConnection] = [:]
    private var listener: Listener?
    private(set) var isShuttingDown = false
    private var onFinished: (@Sendable () -> Void)?
    /// Ids for the calls of this loop's connections.
    var requestIDs = RequestIDGenerator()

    init(loop: EventLoop, shared: ServerShared) {
        self.loop = loop
        self.shared = shared
    }

    deinit { readBuffer.deallocate() }

    func startListening(fd: Int32) throws(SystemError) {
        let listener = Listener(fd: fd, owner: self)
        try loop.register(fd, events: clinux_epollin(), handler: listener)
        self.listener = listener
    }

    /// A new connection from the listener (the slot is already reserved).
    func adopt(fd: Int32, peer: String) {
        Socket.setNoDelay(fd)
        let stream: ByteStream
        if let tls = shared.tls {
            do {
                stream = try TLSStream(fd: fd, context: tls, serverName: nil)
            } catch {
                shared.logger.debug("TLS setup failed", metadata: ["error": "\(error)"])
                Glibc.close(fd)
                shared.releaseConnection()
                return
            }
        } else {
            stream = PlainStream(fd: fd)
        }
        let connection = ServerConnection(owner: self, stream: stream, peer: peer)
        connections[ObjectIdentifier(connection)] = connection
        connection.start()
        if isShuttingDown { connection.beginShutdown() }
    }

    func connectionClosed(_ connection: ServerConnection) {
        guard connections.removeValue(forKey: ObjectIdentifier(connection)) != nil else { return }
        shared.releaseConnection()
        finishIfDrained()
    }

    /// Stops accepting, sends GOAWAY on every connection, and force-closes what remains at
    /// `deadline`. `finished` runs on the loop when no connection is left.
    func beginShutdown(deadline: MonotonicInstant, finished: @escaping @Sendable () -> Void) {
        precondition(loop.inEventLoop)
        guard !isShuttingDown else { return }
        isShuttingDown = true
        onFinished = finished
        if let listener {
            loop.deregister(listener.fd)
            Glibc.close(listener.fd)
            self.listener = nil
        }
        for connection in connections.values { connection.beginShutdown() }
        _ = loop.schedule(at: deadline) { [self] in
            for connection in connections.values { connection.close(reason: "shutdown grace period over") }
        }
        finishIfDrained()
    }

    private func finishIfDrained() {
        guard isShuttingDown, connections.isEmpty, let done = onFinished else { return }
        onFinished = nil
        done()
    }
}
