/// The request-read deadline: every stream must finish sending its request, and every frame
/// must arrive whole, within ``TransportLimits/requestReadTimeout``, whatever the client sends
/// (its `grpc-timeout` bounds only the call). One sweep timer per connection checks, every
/// quarter of the timeout, instead of a timer per stream.
extension ServerConnection {
    /// Arms the sweep unless it is armed.
    func armSweep() {
        guard sweepTimer == nil else { return }
        let interval = limits.requestReadTimeout / 4
        sweepTimer = loop.schedule(at: .now().advanced(by: interval)) { [self] in
            sweepTimer = nil
            sweep()
        }
    }

    /// Records whether the bytes received so far stop inside a frame, and since when.
    func noteFramePosition() {
        guard frames.isMidFrame else {
            midFrameSince = nil
            return
        }
        if midFrameSince == nil || midFrameOrdinal != frames.completed {
            midFrameSince = .now()
            midFrameOrdinal = frames.completed
            armSweep()
        }
    }

    /// Ends what has waited too long; re-arms while anything is still waiting.
    private func sweep() {
        guard phase == .active || phase == .draining else { return }
        let timeout = limits.requestReadTimeout
        if let since = midFrameSince, since.advanced(by: timeout).hasPassed {
            stuck(reason: "a frame unfinished after the request-read timeout")
            return
        }
        var waiting = midFrameSince != nil
        for stream in streams.values where !stream.requestEnded {
            guard stream.openedAt.advanced(by: timeout).hasPassed else {
                waiting = true
                continue
            }
            guard stream.headersDone else {
                // Inside a header block nothing else may be sent on the connection: it is stuck.
                stuck(reason: "a header block unfinished after the request-read timeout")
                return
            }
            stream.requestEnded = true
            stream.call?.finish()
            stream.responder?.markCancelled()
            let milliseconds = timeout.components.seconds * 1_000 + timeout.components.attoseconds / 1_000_000_000_000_000
            respondTrailersOnly(stream, code: .deadlineExceeded,
                                message: "the request was not received within \(milliseconds) ms", detailCode: "REQUEST_READ_TIMEOUT")
        }
        if !inSession { process() }
        if waiting, phase == .active || phase == .draining { armSweep() }
    }

    /// GOAWAY(NO_ERROR) naming the last stream processed, then close.
    private func stuck(reason: String) {
        session?.goAway(code: HTTP2ErrorCode.noError)
        phase = .draining
        flush()
        close(reason: reason)
    }
}
