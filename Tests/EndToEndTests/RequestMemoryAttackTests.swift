import Foundation
import Testing

/// Issue 13, defect 1, against the real server over TLS: one connection opens 100 streams, each
/// announcing a 4 MiB GetCase request and sending all of it but the last byte as fast as HTTP/2
/// flow control allows. The old server went from 28 to 438 MiB resident. Now a caller without a
/// token is refused on its headers (nothing buffered), and one with a token stalls at its
/// connection's budget (16 MiB); other callers are answered meanwhile.
@Suite(.serialized) struct RequestMemoryAttackTests {
    /// The attacker, in Python (TLS with ALPN h2, HPACK literals): arguments port, CA file,
    /// token ("" for none), server pid. Prints `sent ended goaway rss_before rss_after served`.
    static let attacker = #"""
        import socket, ssl, struct, sys, time
        port, ca, token, pid = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
        def rss():
            for line in open("/proc/%s/status" % pid):
                if line.startswith("VmRSS:"): return int(line.split()[1]) * 1024
        def connect():
            context = ssl.create_default_context(cafile=ca)
            context.set_alpn_protocols(["h2"])
            tls = context.wrap_socket(socket.create_connection(("127.0.0.1", port)), server_hostname="localhost")
            tls.sendall(b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n" + frame(4, 0, 0, b"") + frame(4, 1, 0, b""))
            return tls
        def frame(kind, flags, stream, payload):
            return struct.pack(">I", len(payload))[1:] + bytes([kind, flags]) + struct.pack(">I", stream) + payload
        def literal(text):
            data = text.encode()
            assert len(data) < 127
            return bytes([len(data)]) + data
        def headers(stream, path, extra):
            fields = [(":method", "POST"), (":scheme", "https"), (":path", path), (":authority", "localhost"),
                      ("content-type", "application/grpc"), ("te", "trailers")] + extra
            block = b"".join(b"\0" + literal(n) + literal(v) for n, v in fields)
            return frame(1, 4, stream, block)
        class Reader:
            def __init__(self, tls): self.tls, self.buffer = tls, b""
            def next(self):
                while True:
                    if len(self.buffer) >= 9:
                        length = int.from_bytes(self.buffer[:3], "big")
                        if len(self.buffer) >= 9 + length:
                            head, self.buffer = self.buffer[:9 + length], self.buffer[9 + length:]
                            return head[3], head[4], int.from_bytes(head[5:9], "big") & 0x7FFFFFFF, head[9:]
                    chunk = self.tls.recv(65536)
                    if not chunk: return None
                    self.buffer += chunk
        before = rss()
        tls = connect()
        reader = Reader(tls)
        extra = [("authorization", "Bearer " + token)] if token else []
        streams = list(range(1, 201, 2))
        declared = 4 << 20
        length = declared + 5 - 1
        tls.sendall(b"".join(headers(s, "/collect.v1.Cases/GetCase", extra) for s in streams))
        connection, initial = 65535, 65535
        windows, offsets, ended = {}, {s: 0 for s in streams}, set()
        sent, goaway, quiet = 0, False, time.time()
        prefix = bytes([0]) + declared.to_bytes(4, "big")
        zeros = bytes(16384)
        tls.settimeout(0.1)
        while not goaway:
            progressed = False
            for s in streams:
                if s in ended: continue
                count = min(length - offsets[s], connection, windows.get(s, initial), 16384)
                if count <= 0: continue
                payload = (prefix[offsets[s]:] + zeros)[:count]
                tls.sendall(frame(0, 0, s, payload))
                offsets[s] += count; connection -= count; windows[s] = windows.get(s, initial) - count
                sent += count; progressed = True
            if all(s in ended or offsets[s] == length for s in streams): break
            if progressed:
                quiet = time.time(); continue
            try:
                got = reader.next()
            except (socket.timeout, ssl.SSLWantReadError):
                if time.time() - quiet > 1.5: break
                continue
            if got is None: goaway = True; break
            kind, flags, stream, payload = got
            if kind == 4 and not flags & 1:
                for i in range(0, len(payload) - 5, 6):
                    if int.from_bytes(payload[i:i + 2], "big") == 4:
                        value = int.from_bytes(payload[i + 2:i + 6], "big")
                        for s in streams: windows[s] = windows.get(s, initial) + value - initial
                        initial = value
            elif kind == 8:
                increment = int.from_bytes(payload, "big") & 0x7FFFFFFF
                if stream == 0: connection += increment
                else: windows[stream] = windows.get(stream, initial) + increment
            elif (kind == 1 and flags & 1) or kind == 3: ended.add(stream)
            elif kind == 7: goaway = True
        after = rss()
        # Another caller, on its own connection, while the attack holds its streams open.
        other = connect()
        other.sendall(headers(1, "/grpc.health.v1.Health/Check", []) + frame(0, 1, 1, bytes(5)))
        other.settimeout(10)
        answers, served = Reader(other), False
        while True:
            got = answers.next()
            if got is None: break
            if got[0] == 0 and got[2] == 1: served = True; break
        print(sent, len(ended), goaway, before, after, served)
        """#

    struct Outcome {
        var sent = 0, ended = 0, goAway = true, rssBefore = 0, rssAfter = 0, served = false
    }

    static func attack(_ server: ServerProcess, token: String) throws -> Outcome {
        let run = try ServerProcess.run("/usr/bin/python3", ["-c", attacker, String(server.port), server.directory + "/tls/ca.pem",
                                                             token, String(server.process.processIdentifier)])
        let fields = run.stdout.split(separator: " ").map { String($0).trimmingCharacters(in: .whitespacesAndNewlines) }
        #expect(run.status == 0 && fields.count == 6, "attacker failed: \(run.stdout) \(run.stderr)")
        print("attack (token: \(!token.isEmpty)): \(run.stdout)")
        guard fields.count == 6 else { return Outcome() }
        return Outcome(sent: Int(fields[0]) ?? 0, ended: Int(fields[1]) ?? 0, goAway: fields[2] == "True",
                       rssBefore: Int(fields[3]) ?? 0, rssAfter: Int(fields[4]) ?? 0, served: fields[5] == "True")
    }

    @Test func withoutATokenNothingIsBuffered() throws {
        let server = try ServerProcess(customers: 5)
        let outcome = try Self.attack(server, token: "")
        #expect(outcome.ended == 100, "every stream is refused on its headers")
        #expect(outcome.rssAfter - outcome.rssBefore < 24 << 20,
                "resident memory grew from \(outcome.rssBefore >> 20) to \(outcome.rssAfter >> 20) MiB")
        #expect(outcome.served)
        #expect(server.stop() == 0)
    }

    @Test func withATokenTheConnectionStallsAtItsBudget() throws {
        let server = try ServerProcess(customers: 5)
        let outcome = try Self.attack(server, token: server.tokens["anna.handler"] ?? "")
        #expect(!outcome.goAway)
        #expect(outcome.sent <= (16 << 20) + 65_535, "sent \(outcome.sent) bytes")
        #expect(outcome.rssAfter - outcome.rssBefore < 48 << 20,
                "resident memory grew from \(outcome.rssBefore >> 20) to \(outcome.rssAfter >> 20) MiB")
        #expect(outcome.served)
        #expect(server.stop() == 0)
    }
}
