import CNghttp2

/// nghttp2's C callbacks, forwarding to the ``HTTP2Session`` found in the session's user data.
enum HTTP2Callbacks {
    @inline(__always)
    static func session(_ userData: UnsafeMutableRawPointer?) -> HTTP2Session {
        // The user data is the unretained HTTP2Session that owns the nghttp2 session.
        Unmanaged<HTTP2Session>.fromOpaque(userData!).takeUnretainedValue()
    }

    /// Runs `body` with the session's delegate without retaining either: the delegate owns the
    /// session, which is inside one of its nghttp2 calls for as long as this callback runs.
    @inline(__always)
    static func withDelegate<R>(_ userData: UnsafeMutableRawPointer?, _ body: (HTTP2SessionDelegate) -> R) -> R {
        Unmanaged<HTTP2Session>.fromOpaque(userData!)._withUnsafeGuaranteedRef { body($0.delegate) }
    }

    static func install(_ callbacks: OpaquePointer) {
        nghttp2_session_callbacks_set_on_begin_headers_callback(callbacks) { _, frame, userData in
            guard let frame else { return 0 }
            HTTP2Callbacks.withDelegate(userData) { $0.http2BeginHeaders(stream: frame.pointee.hd.stream_id) }
            return 0
        }
        nghttp2_session_callbacks_set_on_header_callback(callbacks) { _, frame, name, nameLength, value, valueLength, _, userData in
            guard let frame else { return 0 }
            let accepted = HTTP2Callbacks.withDelegate(userData) {
                $0.http2Header(stream: frame.pointee.hd.stream_id,
                               name: UnsafeRawBufferPointer(start: name, count: nameLength),
                               value: UnsafeRawBufferPointer(start: value, count: valueLength))
            }
            return accepted ? 0 : NGHTTP2_ERR_TEMPORAL_CALLBACK_FAILURE.rawValue
        }
        nghttp2_session_callbacks_set_on_frame_recv_callback(callbacks) { _, frame, userData in
            guard let frame else { return 0 }
            let header = frame.pointee.hd
            let endStream = header.flags & UInt8(NGHTTP2_FLAG_END_STREAM.rawValue) != 0
            HTTP2Callbacks.withDelegate(userData) { delegate in
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
        nghttp2_session_callbacks_set_on_data_chunk_recv_callback(callbacks) { _, _, stream, data, length, userData in
            HTTP2Callbacks.withDelegate(userData) { $0.http2Data(stream: stream, bytes: UnsafeRawBufferPointer(start: data, count: length)) }
            return 0
        }
        nghttp2_session_callbacks_set_on_stream_close_callback(callbacks) { _, stream, errorCode, userData in
            HTTP2Callbacks.withDelegate(userData) { $0.http2StreamClosed(stream: stream, errorCode: errorCode) }
            return 0
        }
        nghttp2_session_callbacks_set_on_frame_send_callback(callbacks) { _, frame, userData in
            guard let frame else { return 0 }
            let header = frame.pointee.hd
            HTTP2Callbacks.withDelegate(userData) {
                $0.http2FrameSent(stream: header.stream_id, type: header.type,
                                  endStream: header.flags & UInt8(NGHTTP2_FLAG_END_STREAM.rawValue) != 0)
            }
            return 0
        }
    }

    /// A data provider whose reads go to the delegate's `http2ReadBody`.
    static func bodyProvider() -> nghttp2_data_provider {
        var provider = nghttp2_data_provider()
        provider.read_callback = { _, stream, buffer, length, dataFlags, _, userData in
            let owner = HTTP2Callbacks.session(userData)
            let result = owner.delegate.http2ReadBody(stream: stream, into: UnsafeMutableRawBufferPointer(start: buffer, count: length))
            guard result.complete else {
                return result.count > 0 ? result.count : Int(NGHTTP2_ERR_DEFERRED.rawValue)
            }
            var flags = dataFlags!.pointee | NGHTTP2_DATA_FLAG_EOF.rawValue
            if let trailers = result.trailers {
                flags |= NGHTTP2_DATA_FLAG_NO_END_STREAM.rawValue
                if owner.submitTrailer(stream: stream, trailers: trailers) != 0 {
                    return Int(NGHTTP2_ERR_TEMPORAL_CALLBACK_FAILURE.rawValue)
                }
            }
            dataFlags!.pointee = flags
            return result.count
        }
        return provider
    }
}
