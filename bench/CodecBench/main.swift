import Protocol
import ProtocolFixtures

#if canImport(Glibc)
import Glibc
#endif

// Codec benchmark: encode and decode of a realistic case view (a customer, 3 accounts, 2 plans of
// 12 installments, 20 contacts, 5 notes). Reports the median of several rounds, in ns per
// message, beside a reference measured in the same run: copying the encoded bytes into a fresh
// array (the floor any decoder that produces owned values must pay).
//
//   swift run -c release CodecBench [--rounds N] [--iterations N] [--json]

func nowNanoseconds() -> UInt64 {
    var spec = timespec()
    clock_gettime(CLOCK_MONOTONIC, &spec)
    return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
}

var rounds = 9
var iterations = 20_000
var json = false
var arguments = CommandLine.arguments.dropFirst()
while let argument = arguments.popFirst() {
    switch argument {
    case "--rounds": rounds = Int(arguments.popFirst() ?? "") ?? rounds
    case "--iterations": iterations = Int(arguments.popFirst() ?? "") ?? iterations
    case "--json": json = true
    default:
        print("usage: CodecBench [--rounds N] [--iterations N] [--json]")
        exit(2)
    }
}

let view = CaseViewFixture.caseView()
let bytes = view.encoded()
precondition((try? CaseView(decoding: bytes)) == view, "fixture does not round-trip")

/// Runs `body` `iterations` times per round; returns the median ns per iteration.
@MainActor func measure(_ body: () -> Int) -> Double {
    var checksum = 0
    for _ in 0..<(iterations / 10) { checksum &+= body() }  // warm-up
    var perRound: [Double] = []
    for _ in 0..<rounds {
        let start = nowNanoseconds()
        for _ in 0..<iterations { checksum &+= body() }
        perRound.append(Double(nowNanoseconds() - start) / Double(iterations))
    }
    if checksum == 42 { print("") }  // keeps the work observable
    perRound.sort()
    return perRound[perRound.count / 2]
}

let encodeNs = measure { view.encoded().count }
let decodeNs = measure {
    guard let decoded = try? CaseView(decoding: bytes) else { preconditionFailure("decode failed") }
    return decoded.contacts.count
}
let copyNs = measure {
    // A real copy (Array(bytes) would only share the buffer).
    let copy = bytes.withUnsafeBufferPointer { Array($0) }
    return Int(copy[copy.count / 2])
}

func format(_ value: Double) -> String {
    let tenths = Int((value * 10).rounded())
    return "\(tenths / 10).\(tenths % 10)"
}

if json {
    print("{\"bytes_per_message\":\(bytes.count),\"encode_ns\":\(format(encodeNs)),\"decode_ns\":\(format(decodeNs)),\"copy_ns\":\(format(copyNs)),\"rounds\":\(rounds),\"iterations\":\(iterations)}")
} else {
    print("case view: \(bytes.count) bytes per message (1 customer, 3 accounts, 2 plans × 12 installments, 20 contacts, 5 notes)")
    print("encode:    \(format(encodeNs)) ns/message  (\(format(Double(bytes.count) / encodeNs * 1000)) MB/s)")
    print("decode:    \(format(decodeNs)) ns/message  (\(format(Double(bytes.count) / decodeNs * 1000)) MB/s)")
    print("reference: \(format(copyNs)) ns to copy the bytes; decode = \(format(decodeNs / copyNs))× copy, encode = \(format(encodeNs / copyNs))× copy")
    print("median of \(rounds) rounds × \(iterations) iterations")
}
