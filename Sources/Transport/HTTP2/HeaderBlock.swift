import CNghttp2

/// Builds nghttp2's `nghttp2_nv` array for a header list. nghttp2 copies names and values on
/// submit, so the pointers only need to live for the duration of `body`.
enum HeaderBlock {
    static func withNV<R>(_ headers: [HeaderField], _ body: (UnsafeBufferPointer<nghttp2_nv>) -> R) -> R {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(headers.reduce(0) { $0 + $1.name.utf8.count + $1.value.utf8.count })
        var spans: [(Int, Int, Int, Int)] = []
        spans.reserveCapacity(headers.count)
        for header in headers {
            let nameStart = bytes.count
            bytes.append(contentsOf: header.name.utf8)
            let valueStart = bytes.count
            bytes.append(contentsOf: header.value.utf8)
            spans.append((nameStart, valueStart - nameStart, valueStart, bytes.count - valueStart))
        }
        return bytes.withUnsafeMutableBufferPointer { raw in
            // Pointers into `bytes`, valid only inside this closure; nghttp2 copies them.
            let base = raw.baseAddress ?? UnsafeMutablePointer<UInt8>.allocate(capacity: 0)
            let nv = spans.map { span in
                nghttp2_nv(name: base + span.0, value: base + span.2, namelen: span.1, valuelen: span.3,
                           flags: cnghttp2_nv_flag_none())
            }
            return nv.withUnsafeBufferPointer(body)
        }
    }
}

/// A header block sent on every successful call, built once for the life of the process:
/// nghttp2 is told not to copy its bytes, and no array is built per response.
final class StaticHeaderBlock: @unchecked Sendable {
    // @unchecked: immutable after init; the memory is never freed or written again.
    let fields: [HeaderField]
    private let nv: UnsafeMutableBufferPointer<nghttp2_nv>

    init(_ fields: [HeaderField]) {
        self.fields = fields
        nv = .allocate(capacity: fields.count)
        for (index, field) in fields.enumerated() {
            let name = Array(field.name.utf8), value = Array(field.value.utf8)
            let bytes = UnsafeMutablePointer<UInt8>.allocate(capacity: name.count + value.count)
            bytes.initialize(from: name, count: name.count)
            (bytes + name.count).initialize(from: value, count: value.count)
            nv[index] = nghttp2_nv(name: bytes, value: bytes + name.count, namelen: name.count, valuelen: value.count,
                                   flags: cnghttp2_nv_flag_no_copy())
        }
    }

    func withNV<R>(_ body: (UnsafeBufferPointer<nghttp2_nv>) -> R) -> R { body(UnsafeBufferPointer(nv)) }

    /// `:status: 200` and `content-type: application/grpc`.
    static let grpcResponse = StaticHeaderBlock([HeaderField(":status", "200"), HeaderField("content-type", "application/grpc")])
    /// `grpc-status: 0` alone.
    static let grpcOKTrailers = StaticHeaderBlock([HeaderField("grpc-status", "0")])
}
