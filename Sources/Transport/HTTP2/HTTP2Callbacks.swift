import CNghttp2

/// nghttp2's C callbacks. The session's user data is the unretained delegate itself (the
/// ServerConnection or ClientConnectionCore that owns the session), so each callback reaches
/// it as a concrete class at +0, without a retain and release per call.
///
/// A C callback cannot capture a generic parameter, so each side installs its own closures; each
/// is one line calling the shared generic handler below with the concrete type written out.
enum HTTP2Callbacks {
    /// Runs `body` with the delegate in `userData`: unretained, because it owns the session,
    /// which is inside one of its nghttp2 calls for as long as the callback runs.
    @inline(__always)
    static func with<D: HTTP2SessionDelegate, R>(_ type: D.Type, _ userData: UnsafeMutableRawPointer?, _ body: (D) -> R) -> R {
        Unmanaged<D>.fromOpaque(userData!)._withUnsafeGuaranteedRef(body)
    }

    static func installServer(_ callbacks: OpaquePointer) {
        nghttp2_session_callbacks_set_on_begin_headers_callback(callbacks) { HTTP2Callbacks.beginHeaders(ServerConnection.self, $1, $2) }
        nghttp2_session_callbacks_set_on_header_callback(callbacks) { HTTP2Callbacks.header(ServerConnection.self, $1, $2, $3, $4, $5, $7) }
        nghttp2_session_callbacks_set_on_invalid_header_callback(callbacks) {
            HTTP2Callbacks.invalidHeader(ServerConnection.self, $1, $2, $3, $4, $5, $7)
        }
        nghttp2_session_callbacks_set_on_frame_recv_callback(callbacks) { HTTP2Callbacks.frameReceived(ServerConnection.self, $1, $2) }
        nghttp2_session_callbacks_set_on_data_chunk_recv_callback(callbacks) { HTTP2Callbacks.dataChunk(ServerConnection.self, $2, $3, $4, $5) }
        nghttp2_session_callbacks_set_on_stream_close_callback(callbacks) { HTTP2Callbacks.streamClosed(ServerConnection.self, $1, $2, $3) }
        nghttp2_session_callbacks_set_on_frame_send_callback(callbacks) { HTTP2Callbacks.frameSent(ServerConnection.self, $1, $2) }
    }

    static func installClient(_ callbacks: OpaquePointer) {
        nghttp2_session_callbacks_set_on_begin_headers_callback(callbacks) { HTTP2Callbacks.beginHeaders(ClientConnectionCore.self, $1, $2) }
        nghttp2_session_callbacks_set_on_header_callback(callbacks) { HTTP2Callbacks.header(ClientConnectionCore.self, $1, $2, $3, $4, $5, $7) }
        nghttp2_session_callbacks_set_on_frame_recv_callback(callbacks) { HTTP2Callbacks.frameReceived(ClientConnectionCore.self, $1, $2) }
        nghttp2_session_callbacks_set_on_data_chunk_recv_callback(callbacks) { HTTP2Callbacks.dataChunk(ClientConnectionCore.self, $2, $3, $4, $5) }
        nghttp2_session_callbacks_set_on_stream_close_callback(callbacks) { HTTP2Callbacks.streamClosed(ClientConnectionCore.self, $1, $2, $3) }
        nghttp2_session_callbacks_set_on_frame_send_callback(callbacks) { HTTP2Callbacks.frameSent(ClientConnectionCore.self, $1, $2) }
    }

    /// A data provider whose reads go to the delegate's `http2ReadBody`.
    static func bodyProvider(server: Bool) -> nghttp2_data_provider {
        var provider = nghttp2_data_provider()
        if server {
            provider.read_callback = { HTTP2Callbacks.readBody(ServerConnection.self, $1, $2, $3, $4, $6) }
        } else {
            provider.read_callback = { HTTP2Callbacks.readBody(ClientConnectionCore.self, $1, $2, $3, $4, $6) }
        }
        return provider
    }

    // MARK: The handlers, shared by both sides

    @inline(__always)
    static func beginHeaders<D: HTTP2SessionDelegate>(_ type: D.Type, _ frame: UnsafePointer<nghttp2_frame>?,
                                                       _ userData: UnsafeMutableRawPointer?) -> Int32 {
        guard let frame else { return 0 }
        with(type, userData) { $0.http2BeginHeaders(stream: frame.pointee.hd.stream_id) }
        return 0
    }

    @inline(__always)
    static func header<D: HTTP2SessionDelegate>(_ type: D.Type, _ frame: UnsafePointer<nghttp2_frame>?,
                                                 _ name: UnsafePointer<UInt8>?, _ nameLength: Int,
                                                 _ value: UnsafePointer<UInt8>?, _ valueLength: Int,
                                                 _ userData: UnsafeMutableRawPointer?) -> Int32 {
        guard let frame else { return 0 }
        let accepted = with(type, userData) {
            $0.http2Header(stream: frame.pointee.hd.stream_id,
                           name: UnsafeRawBufferPointer(start: name, count: nameLength),
                           value: UnsafeRawBufferPointer(start: value, count: valueLength))
        }
        return accepted ? 0 : NGHTTP2_ERR_TEMPORAL_CALLBACK_FAILURE.rawValue
    }

    /// A field nghttp2 finds invalid (a CR, a leading or trailing space). An `authorization`
    /// value is passed on like any other, so the service refuses it as UNAUTHENTICATED
    /// `TOKEN_MALFORMED` (a user with a CR in their token file learns what is wrong); any other
    /// field resets the stream, as nghttp2 does without this callback.
    static func invalidHeader<D: HTTP2SessionDelegate>(_ type: D.Type, _ frame: UnsafePointer<nghttp2_frame>?,
                                                        _ name: UnsafePointer<UInt8>?, _ nameLength: Int,
                                                        _ value: UnsafePointer<UInt8>?, _ valueLength: Int,
                                                        _ userData: UnsafeMutableRawPointer?) -> Int32 {
        guard UnsafeBufferPointer(start: name, count: nameLength).elementsEqual("authorization".utf8) else {
            return NGHTTP2_ERR_TEMPORAL_CALLBACK_FAILURE.rawValue
        }
        return header(type, frame, name, nameLength, value, valueLength, userData)
    }

    @inline(__always)
    static func frameReceived<D: HTTP2SessionDelegate>(_ type: D.Type, _ frame: UnsafePointer<nghttp2_frame>?,
                                                        _ userData: UnsafeMutableRawPointer?) -> Int32 {
        guard let frame else { return 0 }
        let header = frame.pointee.hd
        let endStream = header.flags & UInt8(NGHTTP2_FLAG_END_STREAM.rawValue) != 0
        with(type, userData) { delegate in
            switch UInt32(header.type) {
            case NGHTTP2_HEADERS.rawValue:
                delegate.http2HeadersComplete(stream: header.stream_id, endStream: endStream)
            case NGHTTP2_DATA.rawValue:
                if endStream { delegate.http2DataEndStream(stream: header.stream_id) }
            default:
                delegate.http2ControlFrame(type: header.type, flags: header.flags, stream: header.stream_id)
            }
        }
        return 0
    }

    @inline(__always)
    static func dataChunk<D: HTTP2SessionDelegate>(_ type: D.Type, _ stream: Int32, _ data: UnsafePointer<UInt8>?, _ length: Int,
                                                    _ userData: UnsafeMutableRawPointer?) -> Int32 {
        with(type, userData) { $0.http2Data(stream: stream, bytes: UnsafeRawBufferPointer(start: data, count: length)) }
        return 0
    }

    @inline(__always)
    static func streamClosed<D: HTTP2SessionDelegate>(_ type: D.Type, _ stream: Int32, _ errorCode: UInt32,
                                                       _ userData: UnsafeMutableRawPointer?) -> Int32 {
        with(type, userData) { $0.http2StreamClosed(stream: stream, errorCode: errorCode) }
        return 0
    }

    @inline(__always)
    static func frameSent<D: HTTP2SessionDelegate>(_ type: D.Type, _ frame: UnsafePointer<nghttp2_frame>?,
                                                    _ userData: UnsafeMutableRawPointer?) -> Int32 {
        guard let frame else { return 0 }
        let header = frame.pointee.hd
        with(type, userData) {
            $0.http2FrameSent(stream: header.stream_id, type: header.type,
                              endStream: header.flags & UInt8(NGHTTP2_FLAG_END_STREAM.rawValue) != 0)
        }
        return 0
    }

    @inline(__always)
    static func readBody<D: HTTP2SessionDelegate>(_ type: D.Type, _ stream: Int32, _ buffer: UnsafeMutablePointer<UInt8>?, _ length: Int,
                                                   _ dataFlags: UnsafeMutablePointer<UInt32>?,
                                                   _ userData: UnsafeMutableRawPointer?) -> Int {
        with(type, userData) { delegate in
            let result = delegate.http2ReadBody(stream: stream, into: UnsafeMutableRawBufferPointer(start: buffer, count: length))
            guard result.complete else {
                return result.count > 0 ? result.count : Int(NGHTTP2_ERR_DEFERRED.rawValue)
            }
            var flags = dataFlags!.pointee | NGHTTP2_DATA_FLAG_EOF.rawValue
            if let trailers = result.trailers {
                flags |= NGHTTP2_DATA_FLAG_NO_END_STREAM.rawValue
                guard let session = delegate.session, session.submitTrailer(stream: stream, trailers: trailers) == 0 else {
                    return Int(NGHTTP2_ERR_TEMPORAL_CALLBACK_FAILURE.rawValue)
                }
            }
            dataFlags!.pointee = flags
            return result.count
        }
    }
}
