import Logging
import Protocol
import Services
import Store
import Transport

/// Wires the collect.v1 services into the transport's router: authentication from the
/// `authorization` header (the router's authoriser, on the request head), the thread's reader,
/// the single writer, and the gRPC status with the encoded `ErrorDetail` on failure. Logs carry the request id, the method, the caller's token name and the
/// status code, never request contents or personal data.
enum CollectRoutes {
    static func register(into router: inout GRPCRouter, service: CollectService, readers: ReaderPool, logger: Logger) {
        let tokens = TokenCache()
        // Every schema method needs a token; only the health check (not in the schema) is open.
        let paths = Set(CollectService.paths).union(CollectService.servedByTheServer)
        // Authentication runs on the request head, before the transport buffers any body: a
        // caller without a valid token cannot make the server hold request memory.
        router.authorizer = { head in
            guard paths.contains(head.path) else { return .allow(context: nil) }  // health: open
            service.cycleYield.note()  // a caller is here: the daily cycle makes way
            // The server's facts and metrics stay readable after a storage fault: they are how
            // the operator sees it.
            if head.path != SystemService.getServerInfo.path, head.path != SystemService.getMetrics.path, let fault = service.storageFault {
                return .refuse(fault.status, message: fault.detail.message, detail: fault.detail.encoded())
            }
            guard let reader = reader(from: readers, logger: logger, requestID: head.requestID) else {
                return .refuse(.unavailable, message: unreadable, detail: detail("DATABASE_UNAVAILABLE", unreadable))
            }
            do throws(ServiceFailure) {
                let principal = try tokens.authenticate(head.metadata.first(named: "authorization"), reader: reader,
                                                        nowMs: StoreWriter.wallClockMs())
                return .allow(context: principal)
            } catch {
                logger.info("refused", metadata: ["method": "\(head.path)", "code": "\(error.detail.code)", "request_id": "\(head.requestID)"])
                return .refuse(error.status, message: error.detail.message, detail: error.detail.encoded())
            }
        }
        for endpoint in CollectService.endpoints {
            let path = endpoint.path
            router.register(path) { request, responder in
                if path != SystemService.getServerInfo.path, let fault = service.storageFault {
                    responder.fail(fault.status, message: fault.detail.message, detail: fault.detail.encoded())
                    return
                }
                guard let reader = reader(from: readers, logger: logger, requestID: request.requestID) else {
                    responder.fail(.unavailable, message: unreadable, detail: detail("DATABASE_UNAVAILABLE", unreadable))
                    return
                }
                guard let principal = request.context as? Principal else {
                    responder.fail(.internal, message: "authentication failed", detail: detail("INTERNAL", "authentication failed"))
                    return
                }
                let deadline = request.deadline
                let environment = CallEnvironment(
                    principal: principal, idempotencyKey: request.metadata.first(named: "idempotency-key"),
                    isWanted: { !responder.isCancelled && !(deadline?.hasPassed ?? false) })
                service.handle(endpoint, request: request.message, environment: environment, reader: reader) { result in
                    switch result {
                    case .success(let response):
                        responder.succeed(response)
                    case .failure(let failure):
                        let metadata: Logger.Metadata = ["method": "\(path)", "caller": "\(principal.name)", "code": "\(failure.detail.code)",
                                                         "request_id": "\(request.requestID)"]
                        // Storage failing is the operator's business at once; a refusal is the caller's.
                        if failure.detail.code.hasPrefix("STORAGE_") || failure.detail.code.hasPrefix("DATABASE_") {
                            logger.error("storage failed a call", metadata: metadata.merging(["reason": "\(failure.detail.message)"]) { a, _ in a })
                        } else {
                            logger.debug("failed", metadata: metadata)
                        }
                        responder.fail(failure.status, message: failure.detail.message, detail: failure.detail.encoded())
                    }
                }
            }
        }
    }

    static let unreadable = "the database cannot be read"

    /// The calling thread's reader; nil (logged) when the database cannot be opened.
    static func reader(from readers: ReaderPool, logger: Logger, requestID: String) -> StoreReader? {
        do {
            return try readers.reader()
        } catch {
            logger.error("cannot open a read connection", metadata: ["error": "\(error)", "request_id": "\(requestID)"])
            return nil
        }
    }

    static func detail(_ code: String, _ message: String) -> [UInt8] {
        ErrorDetail(code: code, message: message).encoded()
    }

    /// The stable code of an encoded detail (for the request counts by detail code).
    static func detailCode(_ detail: [UInt8]) -> String? {
        try? ErrorDetail(decoding: detail).code
    }
}
