import CNghttp2

/// An nghttp2 session (server or client side) without I/O: bytes in through ``receive(_:)``,
/// frames out through ``produce(into:limit:)``. Confined to the owning loop thread.
final class HTTP2Session {
    let session: OpaquePointer
    let isServer: Bool

    /// Creates a session announcing `settings`.
    ///
    /// - Parameter receiveWindow: when given, the connection-level receive window in bytes, and
    ///   WINDOW_UPDATE becomes manual: stream windows reopen as ``consumeStream(_:bytes:)`` says,
    ///   the connection's only as ``consumeConnection(bytes:)`` releases buffered bytes. Without
    ///   it, nghttp2 reopens both windows as bytes arrive (a connection window of four streams').
    init(server: Bool, settings: HTTP2Settings, delegate: HTTP2SessionDelegate, receiveWindow: Int? = nil) throws(HTTP2Error) {
        self.isServer = server
        var callbacks: OpaquePointer? = nil
        nghttp2_session_callbacks_new(&callbacks)
        defer { nghttp2_session_callbacks_del(callbacks) }
        if server { HTTP2Callbacks.installServer(callbacks!) } else { HTTP2Callbacks.installClient(callbacks!) }
        var option: OpaquePointer? = nil
        nghttp2_option_new(&option)
        defer { nghttp2_option_del(option) }
        nghttp2_option_set_max_continuations(option, settings.maxContinuations)
        nghttp2_option_set_max_settings(option, settings.maxSettingsEntries)
        nghttp2_option_set_max_outbound_ack(option, settings.maxOutboundAcks)
        nghttp2_option_set_no_closed_streams(option, 1)
        if receiveWindow != nil { nghttp2_option_set_no_auto_window_update(option, 1) }
        var created: OpaquePointer? = nil
        // User data: the unretained delegate, which owns this session and so outlives every
        // callback (HTTP2Callbacks reaches it as its concrete class).
        precondition(server ? delegate is ServerConnection : delegate is ClientConnectionCore,
                     "a server session's delegate is a ServerConnection, a client's a ClientConnectionCore")
        let userData = Unmanaged.passUnretained(delegate as AnyObject).toOpaque()
        let status = server
            ? nghttp2_session_server_new2(&created, callbacks, userData, option)
            : nghttp2_session_client_new2(&created, callbacks, userData, option)
        guard status == 0, let created else { throw HTTP2Error("create session", status) }
        session = created
        let entries: [nghttp2_settings_entry] = [
            nghttp2_settings_entry(settings_id: Int32(NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS.rawValue), value: UInt32(settings.maxConcurrentStreams)),
            nghttp2_settings_entry(settings_id: Int32(NGHTTP2_SETTINGS_MAX_HEADER_LIST_SIZE.rawValue), value: UInt32(settings.maxHeaderListBytes)),
            nghttp2_settings_entry(settings_id: Int32(NGHTTP2_SETTINGS_INITIAL_WINDOW_SIZE.rawValue), value: UInt32(settings.initialWindowBytes)),
            nghttp2_settings_entry(settings_id: Int32(NGHTTP2_SETTINGS_MAX_FRAME_SIZE.rawValue), value: UInt32(settings.maxFrameBytes)),
            nghttp2_settings_entry(settings_id: Int32(NGHTTP2_SETTINGS_ENABLE_PUSH.rawValue), value: 0),
        ]
        let submitted = entries.withUnsafeBufferPointer { entries in
            nghttp2_submit_settings(session, UInt8(NGHTTP2_FLAG_NONE.rawValue), entries.baseAddress, entries.count - (server ? 1 : 0))
        }
        guard submitted == 0 else { throw HTTP2Error("submit settings", submitted) }
        // Automatic windows: a connection window four streams wide, so one stream cannot stall others.
        let window = receiveWindow ?? settings.initialWindowBytes * 4
        _ = nghttp2_session_set_local_window_size(session, UInt8(NGHTTP2_FLAG_NONE.rawValue), 0, Int32(clamping: window))
    }

    /// Manual windows only: `bytes` of DATA on `stream` are taken, so its window may reopen.
    func consumeStream(_ stream: Int32, bytes: Int) {
        _ = nghttp2_session_consume_stream(session, stream, bytes)
    }

    /// Manual windows only: `bytes` of DATA were released, so the connection's window may reopen.
    func consumeConnection(bytes: Int) {
        _ = nghttp2_session_consume_connection(session, bytes)
    }

    deinit { nghttp2_session_del(session) }

    /// Feeds received bytes; throws when the peer broke the protocol fatally.
    func receive(_ bytes: UnsafeRawBufferPointer) throws(HTTP2Error) {
        let result = nghttp2_session_mem_recv(session, bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), bytes.count)
        if result < 0 { throw HTTP2Error("receive", result) }
    }

    /// Moves frames ready to send into `output` until it holds `limit` bytes or nothing is left.
    func produce(into output: inout OutputBuffer, limit: Int) throws(HTTP2Error) {
        while output.count < limit {
            var data: UnsafePointer<UInt8>? = nil
            let length = nghttp2_session_mem_send(session, &data)
            if length < 0 { throw HTTP2Error("send", length) }
            if length == 0 { return }
            output.append(UnsafeRawBufferPointer(start: data, count: length))
        }
    }

    /// False once neither side needs the connection any more (after GOAWAY, no streams left).
    var isAlive: Bool { nghttp2_session_want_read(session) != 0 || nghttp2_session_want_write(session) != 0 }

    /// True when frames are waiting to be produced.
    var wantsWrite: Bool { nghttp2_session_want_write(session) != 0 }

    /// Highest peer-initiated stream id processed, for GOAWAY.
    var lastProcessedStreamID: Int32 { nghttp2_session_get_last_proc_stream_id(session) }

    /// Sends response headers; the body (if `hasBody`) comes from the delegate's `http2ReadBody`.
    func submitResponse(stream: Int32, headers: [HeaderField], hasBody: Bool) -> Int32 {
        HeaderBlock.withNV(headers) { nv in
            if hasBody {
                var provider = HTTP2Callbacks.bodyProvider(server: isServer)
                return nghttp2_submit_response(session, stream, nv.baseAddress, nv.count, &provider)
            }
            return nghttp2_submit_response(session, stream, nv.baseAddress, nv.count, nil)
        }
    }

    /// Sends a prebuilt response header block; the body comes from the delegate's `http2ReadBody`.
    func submitResponse(stream: Int32, block: StaticHeaderBlock) -> Int32 {
        block.withNV { nv in
            var provider = HTTP2Callbacks.bodyProvider(server: isServer)
            return nghttp2_submit_response(session, stream, nv.baseAddress, nv.count, &provider)
        }
    }

    /// Opens a client stream; returns its id (or a negative nghttp2 error).
    func submitRequest(headers: [HeaderField], hasBody: Bool) -> Int32 {
        HeaderBlock.withNV(headers) { nv in
            if hasBody {
                var provider = HTTP2Callbacks.bodyProvider(server: isServer)
                return nghttp2_submit_request(session, nil, nv.baseAddress, nv.count, &provider, nil)
            }
            return nghttp2_submit_request(session, nil, nv.baseAddress, nv.count, nil, nil)
        }
    }

    /// Queues trailers ending `stream` (legal inside the body callback).
    func submitTrailer(stream: Int32, trailers: [HeaderField]) -> Int32 {
        if trailers.count == 1, trailers[0] == StaticHeaderBlock.grpcOKTrailers.fields[0] {
            return StaticHeaderBlock.grpcOKTrailers.withNV { nv in nghttp2_submit_trailer(session, stream, nv.baseAddress, nv.count) }
        }
        return HeaderBlock.withNV(trailers) { nv in nghttp2_submit_trailer(session, stream, nv.baseAddress, nv.count) }
    }

    /// Resets a stream with `code`.
    func resetStream(_ stream: Int32, code: UInt32) {
        _ = nghttp2_submit_rst_stream(session, UInt8(NGHTTP2_FLAG_NONE.rawValue), stream, code)
    }

    /// Sends GOAWAY with `code`, naming the last stream that will be processed.
    func goAway(code: UInt32, lastStreamID: Int32? = nil) {
        _ = nghttp2_submit_goaway(session, UInt8(NGHTTP2_FLAG_NONE.rawValue), lastStreamID ?? lastProcessedStreamID, code, nil, 0)
    }

    /// Sends GOAWAY with `code` and stops processing all streams (abrupt).
    func terminate(code: UInt32) {
        _ = nghttp2_session_terminate_session(session, code)
    }

    /// True when the peer's side of `stream` is still open (it may send more).
    func isRemoteOpen(_ stream: Int32) -> Bool {
        nghttp2_session_get_stream_remote_close(session, stream) == 0
    }
}
