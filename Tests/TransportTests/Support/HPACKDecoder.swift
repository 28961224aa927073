import CNghttp2
@testable import Transport

/// Decodes a header block the server sent to ``RawHTTP2`` (nghttp2's inflater: the server's
/// blocks use Huffman coding and the dynamic table). One inflater per connection, because the
/// dynamic table carries over from block to block.
final class HPACKDecoder {
    struct Failure: Error { let code: Int }
    private var inflater: OpaquePointer?

    init() { nghttp2_hd_inflate_new(&inflater) }
    deinit { nghttp2_hd_inflate_del(inflater) }

    /// The fields of one complete header block.
    func decode(_ block: [UInt8]) throws -> [HeaderField] {
        var fields: [HeaderField] = []
        var offset = 0
        while true {
            var pair = nghttp2_nv()
            var flags: Int32 = 0
            let used = block.withUnsafeBufferPointer { bytes in
                nghttp2_hd_inflate_hd2(inflater, &pair, &flags, bytes.baseAddress! + offset, bytes.count - offset, 1)
            }
            guard used >= 0 else { throw Failure(code: used) }
            offset += used
            if flags & Int32(NGHTTP2_HD_INFLATE_EMIT.rawValue) != 0 {
                fields.append(HeaderField(String(decoding: UnsafeBufferPointer(start: pair.name, count: pair.namelen), as: UTF8.self),
                                          String(decoding: UnsafeBufferPointer(start: pair.value, count: pair.valuelen), as: UTF8.self)))
            }
            if flags & Int32(NGHTTP2_HD_INFLATE_FINAL.rawValue) != 0 {
                nghttp2_hd_inflate_end_headers(inflater)
                return fields
            }
            if used == 0, offset >= block.count { return fields }
        }
    }
}
