import Logging
import Protocol
import Services
import Store
import Transport

/// Wires the collect.v1 services into the transport's router: authentication from the
/// `authorization` header, the thread's reader, the single writer, and the gRPC status with the
/// encoded `ErrorDetail` on failure. Logs carry the method, the caller's token name and the
/// status code, never request contents or personal data.
enum CollectRoutes {
    static func register(into router: inout GRPCRouter, service: CollectService, readers: ReaderPool, logger: Logger) {
        let tokens = TokenCache()
        for path in CollectService.paths {
            router.register(path) { request, responder in
                if path != SystemService.getServerInfo.path, let fault = service.storageFault {
                    responder.fail(fault.status, message: fault.detail.message, detail: fault.detail.encoded())
                    return
                }
                let reader: StoreReader
                do {
                    reader = try readers.reader()
                } catch {
                    logger.error("cannot open a read connection", metadata: ["error": "\(error)"])
                    responder.fail(.unavailable, message: "the database cannot be read", detail: detail("DATABASE_UNAVAILABLE", "the database cannot be read"))
                    return
                }
                let principal: Principal
                do {
                    principal = try tokens.authenticate(request.metadata.first(named: "authorization"), connection: reader.connection,
                                                        nowMs: StoreWriter.wallClockMs())
                } catch let failure as ServiceFailure {
                    logger.info("refused", metadata: ["method": "\(path)", "code": "\(failure.detail.code)"])
                    responder.fail(failure.status, message: failure.detail.message, detail: failure.detail.encoded())
                    return
                } catch {
                    responder.fail(.internal, message: "authentication failed", detail: detail("INTERNAL", "authentication failed"))
                    return
                }
                let deadline = request.deadline
                let environment = CallEnvironment(
                    principal: principal, idempotencyKey: request.metadata.first(named: "idempotency-key"),
                    isWanted: { !responder.isCancelled && !(deadline?.hasPassed ?? false) })
                service.handle(path: path, request: request.message, environment: environment, reader: reader) { result in
                    switch result {
                    case .success(let response):
                        responder.succeed(response)
                    case .failure(let failure):
                        logger.debug("failed", metadata: ["method": "\(path)", "caller": "\(principal.name)", "code": "\(failure.detail.code)"])
                        responder.fail(failure.status, message: failure.detail.message, detail: failure.detail.encoded())
                    }
                }
            }
        }
    }

    static func detail(_ code: String, _ message: String) -> [UInt8] {
        ErrorDetail(code: code, message: message).encoded()
    }
}
