// libFuzzer target for the Protocol decoder. Built by fuzz/run.sh together with the Protocol
// sources (outside the SwiftPM build). Input: byte 0 picks a message type, the rest is decoded.
// Invariants checked: decoding never crashes; a decoded value re-encodes to bytes that decode to
// the same value and re-encode identically (canonical form); the deframer never crashes and
// never returns more bytes than it was given.

private let types: [any WireMessage.Type] = SchemaInfo.messageTypes.keys.sorted().map { SchemaInfo.messageTypes[$0]! }
private let tightLimits = WireLimits(maxMessageBytes: 512, maxDepth: 3, maxListCount: 4, maxStringBytes: 16)

private func check<M: WireMessage>(_ type: M.Type, _ bytes: [UInt8], _ limits: WireLimits) {
    guard let value = try? M(decoding: bytes, limits: limits) else { return }
    let encoded = value.encoded()
    precondition(encoded.count <= bytes.count, "re-encoding grew past the input: \(M.schemaName)")
    guard let again = try? M(decoding: encoded) else { preconditionFailure("re-encoded \(M.schemaName) does not decode") }
    precondition(again == value, "re-encoded \(M.schemaName) decodes to another value")
    precondition(again.encoded() == encoded, "\(M.schemaName) encoding is not canonical")
}

private func open<M: WireMessage>(_ type: M.Type, _ bytes: [UInt8]) {
    check(type, bytes, .default)
    check(type, bytes, tightLimits)
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let input = Array(UnsafeBufferPointer(start: data, count: size))
    let type = types[Int(input[0]) % types.count]
    open(type, Array(input.dropFirst()))

    var deframer = GRPCDeframer(maxMessageBytes: 64)
    var returned = 0
    var index = 1
    while index < input.count {
        let chunk = Int(input[index - 1] % 7) + 1
        let end = min(input.count, index + chunk)
        guard let messages = try? deframer.append(Array(input[index..<end])) else { break }
        returned += messages.reduce(0) { $0 + $1.count }
        index = end
    }
    precondition(returned <= input.count, "deframer returned more bytes than it was given")
    return 0
}
