import Logging
import Metrics
import Protocol
import Services
import Transport

/// `System.GetMetrics`: the server's metrics in Prometheus' text format, for `collectctl metrics`.
/// Served here rather than by `CollectService`: it reads the server's registry, not the store.
enum MetricsRoute {
    /// Who may read the metrics: the roles that watch the system. Metrics hold counts by method,
    /// status and detail code only, never personal data; handlers and automation have no use
    /// for them (docs/ACCESS.md).
    static let roles: Set<Role> = [.admin, .auditor, .coordinator]

    /// Registers the method (one of `CollectService.servedByTheServer`).
    static func register(into router: inout GRPCRouter, registry: MetricsRegistry, logger: Logger) {
        router.register(SystemService.getMetrics.path) { request, responder in
            guard let principal = request.context as? Principal else {
                responder.fail(.internal, message: "authentication failed", detail: CollectRoutes.detail("INTERNAL", "authentication failed"))
                return
            }
            guard roles.contains(principal.role) else {
                let message = "the metrics are for admins, auditors and coordinators; this token is a \(principal.role.rawValue)"
                logger.debug("failed", metadata: ["method": "\(request.path)", "caller": "\(principal.name)", "code": "PERMISSION_DENIED",
                                                  "request_id": "\(request.requestID)"])
                responder.fail(.permissionDenied, message: message, detail: CollectRoutes.detail("PERMISSION_DENIED", message))
                return
            }
            do throws(WireError) {
                _ = try GetMetricsRequest(decoding: request.message)
            } catch {
                let message = "the request message is malformed: \(error)"
                responder.fail(.invalidArgument, message: message, detail: CollectRoutes.detail(error.code, message))
                return
            }
            responder.succeed(MetricsText(text: registry.render()).encoded())
        }
    }
}
