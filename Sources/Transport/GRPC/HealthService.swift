import Protocol
import Synchronization

/// The standard `grpc.health.v1.Health/Check` service. The server (`""`) is SERVING until
/// ``markNotServing()`` (e.g. at the start of shutdown); other services can be added by name.
public final class HealthService: Sendable {
    /// The method's path.
    public static let checkPath = "/grpc.health.v1.Health/Check"

    private let statuses = Mutex<[String: HealthMessages.ServingStatus]>(["": .serving])

    /// A health service reporting the server as SERVING.
    public init() {}

    /// Sets the status reported for `service` ("" is the whole server).
    public func setStatus(_ status: HealthMessages.ServingStatus, service: String = "") {
        statuses.withLock { $0[service] = status }
    }

    /// Reports every service, the server included, as NOT_SERVING.
    public func markNotServing() {
        statuses.withLock { table in
            for key in table.keys { table[key] = .notServing }
        }
    }

    /// The status of `service`, nil when it is not known.
    public func status(of service: String) -> HealthMessages.ServingStatus? {
        statuses.withLock { $0[service] }
    }

    /// The handler to register at ``checkPath``; answers at once on the loop thread.
    public var handler: GRPCHandler {
        { [self] request, responder in
            guard let service = HealthMessages.decodeRequest(request.message) else {
                responder.fail(.invalidArgument, message: "malformed HealthCheckRequest")
                return
            }
            guard let status = status(of: service) else {
                responder.fail(.notFound, message: "unknown service")
                return
            }
            responder.succeed(HealthMessages.encodeResponse(status))
        }
    }
}
