import Glibc

/// Accepts connections on one loop's listening socket (SO_REUSEPORT: one per loop).
final class Listener: EventLoopHandler {
    let fd: Int32
    unowned let owner: ServerLoop
    /// Connections accepted per readiness event, so one busy listener cannot starve the loop.
    static let acceptsPerEvent = 64

    init(fd: Int32, owner: ServerLoop) {
        self.fd = fd
        self.owner = owner
    }

    func handleEvent(_ events: UInt32) {
        for _ in 0..<Listener.acceptsPerEvent {
            let accepted: (fd: Int32, peer: String)?
            do {
                accepted = try Socket.accept(fd)
            } catch {
                // EMFILE, ECONNABORTED and the like: log and try again on the next event.
                owner.shared.logger.debug("accept failed", metadata: ["error": "\(error)"])
                return
            }
            guard let accepted else { return }
            guard owner.shared.reserveConnection() else {
                // Over the connection limit: close at once, before any TLS work.
                Glibc.close(accepted.fd)
                owner.shared.logger.debug("connection refused: limit reached", metadata: ["peer": "\(accepted.peer)"])
                continue
            }
            owner.adopt(fd: accepted.fd, peer: accepted.peer)
        }
    }
}
