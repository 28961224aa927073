import Foundation

/// Development TLS material made with the `openssl` CLI in a temporary directory: a CA, a server
/// certificate for localhost/127.0.0.1, and a client certificate, all signed by the CA.
struct TLSFixture: Sendable {
    let directory: String
    var caPath: String { directory + "/ca.pem" }
    var serverCertPath: String { directory + "/server.pem" }
    var serverKeyPath: String { directory + "/server.key" }
    var clientCertPath: String { directory + "/client.pem" }
    var clientKeyPath: String { directory + "/client.key" }

    /// Generated once per test process.
    static let shared: TLSFixture = {
        do { return try TLSFixture.generate() } catch { fatalError("cannot generate TLS material: \(error)") }
    }()

    static func generate() throws -> TLSFixture {
        let directory = NSTemporaryDirectory() + "collect-tls-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"]
        try Tool.require("openssl", ["req", "-x509"] + ec + ["-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=Collect Test CA"], in: directory)
        try "subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n"
            .write(toFile: directory + "/server.ext", atomically: true, encoding: .utf8)
        try "basicConstraints=CA:FALSE\nextendedKeyUsage=clientAuth\n".write(toFile: directory + "/client.ext", atomically: true, encoding: .utf8)
        for (name, subject) in [("server", "/CN=localhost"), ("client", "/CN=collect-test-client")] {
            try Tool.require("openssl", ["req"] + ec + ["-keyout", "\(name).key", "-out", "\(name).csr", "-subj", subject], in: directory)
            try Tool.require("openssl", ["x509", "-req", "-in", "\(name).csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                                         "-out", "\(name).pem", "-days", "2", "-extfile", "\(name).ext"], in: directory)
        }
        return TLSFixture(directory: directory)
    }
}
