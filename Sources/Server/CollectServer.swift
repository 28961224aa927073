import ArgumentParser
import Domain
import Glibc
import Logging
import Metrics
import Services
import Store
import Transport

/// `collect-server`: the server and its operator commands.
@main
struct CollectServer: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "collect-server",
        abstract: "Collect's TLS HTTP/2 gRPC server and its operator commands.",
        subcommands: [ServeCommand.self, InitCommand.self, SeedCommand.self, TokenCommand.self, AuditCommand.self,
                      BackupCommand.self, RestoreCommand.self, CheckCommand.self, ErrorsCommand.self, RunDailyCommand.self, RepageCommand.self],
        defaultSubcommand: ServeCommand.self
    )

    /// The server's release.
    static let version = "0.1.0"
}

/// `collect-server serve` (the default): collect.v1 and the health service over TLS HTTP/2.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve collect.v1 and grpc.health.v1 over TLS HTTP/2."
    )

    @Option(help: "Data directory: collect.sqlite and master.key (created when missing).")
    var data = "collect-data"

    @Option(name: .customLong("writer-queue"), help: "Mutations waiting for the writer at most; over it calls get RESOURCE_EXHAUSTED.")
    var writerQueue = 4_096

    @Option(help: "Address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "Port to listen on (0 picks a free port and prints it).")
    var port = 7443

    @Option(help: "Loop threads (default: one per core).")
    var threads: Int?

    @Option(help: "PEM certificate chain (leaf first). Without --cert and --key: the embedded default (development TLS material and, in an empty data folder, a demo book).")
    var cert: String?

    @Option(help: "PEM private key.")
    var key: String?

    @Option(name: .customLong("demo-customers"),
            help: "Customers in the demo book the embedded default makes in an empty data folder (1 to 1000000).")
    var demoCustomers = 10_000

    @Option(name: .customLong("client-ca"), help: "PEM CA bundle; when given, clients must present a certificate it issued.")
    var clientCA: String?

    @Flag(help: "Serve plain HTTP/2 without TLS. For local load tests only.")
    var plaintext = false

    @OptionGroup var limits: LimitOptions

    @Option(name: .customLong("answer-cache"),
            help: "Encoded GetCase answers each loop thread keeps for reuse (0: none; memory grows by about 3 KiB per entry).")
    var answerCache = 4_096

    @Option(help: "Log level (trace, debug, info, notice, warning, error, critical).")
    var logLevel: Logger.Level = .info

    @Option(help: ArgumentHelp("Serve as if today were YYYY-MM-DD (the clock moves by whole days from there). For tests and training only: logged as a warning at start.",
                               valueName: "YYYY-MM-DD"))
    var today: String?

    @Option(name: .customLong("startup-check-budget-ms"),
            help: "Longest the start-up quick_check may hold up serving (0 to 600000); a larger book is checked to its end in the background, and damage found then stops writes and turns health NOT_SERVING.")
    var startupCheckBudgetMs = Int(StoreWriter.startupCheckBudgetMs)

    @Option(name: .customLong("stop-timeout-ms"),
            help: "Longest a graceful stop (SIGTERM, SIGINT) may take, calls in flight and the last commit included; past it the server logs what was not flushed and exits 75.")
    var stopTimeoutMs = GracefulStop.timeoutMsDefault

    @Option(name: .customLong("daily-cycle"), help: "on: run the daily cycle for each country at --daily-at local time and catch up missed days; off: never (tests, read replicas).")
    var dailyCycle: Switch = .on

    @Option(name: .customLong("daily-at"), help: ArgumentHelp("Local time each country's daily cycle runs after.", valueName: "HH:MM"))
    var dailyAt = "02:00"
    @Option(name: .customLong("daily-cycle-yield"),
            help: ArgumentHelp("While handlers' calls come in, the daily cycle rests after each page for this percent of the page's time (0: never; at most 1000).",
                               valueName: "PERCENT"))
    var dailyCycleYield = 100

    @Option(name: .customLong("log-format"), help: "text (one readable line per event) or json (one JSON object per line).")
    var logFormat: LogFormat = .text

    @Option(name: .customLong("metrics-port"),
            help: "Serve the metrics to Prometheus as plain HTTP GET /metrics on this port (0 picks a free port and prints it). Default: not served over HTTP.")
    var metricsPort: Int?

    @Option(name: .customLong("payment-inbox"),
            help: "Folder the server watches for bank payment files; imported files move to DIR/done, refused ones to DIR/failed (docs/PAYMENT-FILES.md).")
    var paymentInbox: String?

    @Option(name: .customLong("metrics-host"), help: "Address for --metrics-port. The metrics are not secret but unauthenticated: keep them on a trusted network.")
    var metricsHost = "127.0.0.1"

    func validate() throws {
        if let metricsPort, !(0...65_535).contains(metricsPort) {
            throw ValidationError("--metrics-port is 0 to 65535")
        }
        if let today, ServerClock(today: today) == nil {
            throw ValidationError("--today \"\(today)\": expected a day that exists, as YYYY-MM-DD, e.g. 2026-12-12")
        }
        guard (0...600_000).contains(startupCheckBudgetMs) else { throw ValidationError("--startup-check-budget-ms is 0 to 600000") }
        guard GracefulStop.timeoutMsRange.contains(stopTimeoutMs) else {
            throw ValidationError("--stop-timeout-ms is \(GracefulStop.timeoutMsRange.lowerBound) to \(GracefulStop.timeoutMsRange.upperBound)")
        }
        guard (0...1_000_000).contains(answerCache) else {
            throw ValidationError("--answer-cache is 0 to 1000000 answers per loop thread")
        }
        if plaintext {
            guard cert == nil, key == nil, clientCA == nil else {
                throw ValidationError("--plaintext cannot be combined with --cert, --key or --client-ca")
            }
        } else {
            guard (cert == nil) == (key == nil) else {
                throw ValidationError("--cert and --key go together (without both, the embedded default makes development TLS material)")
            }
        }
        guard (1...1_000_000).contains(demoCustomers) else { throw ValidationError("--demo-customers is 1 to 1000000") }
        guard Self.minutes(dailyAt) != nil else { throw ValidationError("--daily-at \"\(dailyAt)\": expected a time of day as HH:MM, 00:00 to 23:59") }
        guard (0...CycleYield.percentMax).contains(dailyCycleYield) else {
            throw ValidationError("--daily-cycle-yield \(dailyCycleYield): expected a percent from 0 to \(CycleYield.percentMax)")
        }
    }

    func run() throws {
        // Block the shutdown signals in every thread (loop threads inherit the mask); this
        // thread then receives them synchronously with sigwait.
        var signals = sigset_t()
        sigemptyset(&signals)
        sigaddset(&signals, SIGTERM)
        sigaddset(&signals, SIGINT)
        pthread_sigmask(SIG_BLOCK, &signals, nil)
        // Every socket write is already safe (MSG_NOSIGNAL); this covers the rest, e.g. log
        // lines written to a pipe whose reader has gone.
        signal(SIGPIPE, SIG_IGN)

        logFormat.bootstrap()
        var logger = Logger(label: "collect.server")
        logger.logLevel = logLevel

        let directory = DataDirectory(data)
        // The embedded default: no certificate given, so development TLS material (and a demo
        // book when the folder holds none) are made under the data folder.
        let embedded = !plaintext && cert == nil ? EmbeddedDefault(directory: directory) : nil
        let freshBook = embedded != nil && directory.bookState == .none
        let security: TransportSecurity
        if plaintext {
            logger.warning("serving plaintext HTTP/2: for local load tests only")
            security = .plaintext
        } else if let embedded {
            logger.warning("no --cert/--key: serving with development TLS material from \(embedded.tlsDirectory), never for production")
            try embedded.prepareTLS()
            security = .tls(ServerTLSConfiguration(certificateChainPath: embedded.certificatePath, privateKeyPath: embedded.privateKeyPath,
                                                   clientCAPath: clientCA))
        } else {
            security = .tls(ServerTLSConfiguration(certificateChainPath: cert!, privateKeyPath: key!, clientCAPath: clientCA))
        }
        let cores = Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))
        var configuration = ServerConfiguration(host: host, port: port, threads: threads ?? max(1, cores),
                                                security: security, logger: logger)
        configuration.refusalDetail = { code, message in CollectRoutes.detail(code, message) }
        configuration.detailCode = { detail in CollectRoutes.detailCode(detail) }
        let metrics = ServerMetrics()
        configuration.metrics = metrics.registry
        try limits.apply(to: &configuration)
        guard (1...1_000_000).contains(writerQueue) else { throw ValidationError("--writer-queue is 1 to 1 000 000") }
        // One clock for every "today" and "now" of the service and the writer.
        let clock = today.flatMap { ServerClock(today: $0) } ?? ServerClock.wall
        if freshBook { try directory.prepareBook() } else { try directory.requireBook() }
        let lock = try directory.lockExclusively()
        defer { withExtendedLifetime(lock) {} }
        if freshBook, let embedded {
            try embedded.seedDemoBook(customers: demoCustomers, today: Day(daysSinceEpoch: Int(clock.nowMs() / 86_400_000))!, logger: logger)
        }
        if let today {
            logger.warning("the server's clock is moved to \(today) by --today (\(clock.offsetDays) days from the wall clock): for tests and training only, never in production")
        }
        let health = HealthService()
        let faultLogger = logger
        let writer: StoreWriter
        do {
            var writerLimits = StoreWriter.Limits(queueCapacity: writerQueue)
            writerLimits.metrics = metrics.writer
            writer = try directory.writer(limits: writerLimits, clockMs: clock.nowMs,
                                          startupCheckBudgetMs: Int64(startupCheckBudgetMs), onFault: { fault in
                // The storage failed under the server: stop taking traffic and say so loudly.
                health.markNotServing()
                faultLogger.error("storage fault: writes are refused and health is NOT_SERVING",
                                  metadata: ["code": "\(fault.code)", "reason": "\(fault.description)"])
            })
        } catch let error as StoreError where error.isStorageFault {
            logger.critical("the database cannot be served", metadata: ["code": "\(error.code)", "reason": "\(error.description)"])
            throw DataDirectoryError("\(directory.databasePath): \(error.description)")
        }
        // A start that fails from here on (a taken port, an unreadable inbox) closes the book
        // cleanly before the error is reported.
        var serving = false
        defer { if !serving { writer.stop() } }
        metrics.watch(writer)
        let service = CollectService(writer: writer, sealer: try directory.sealer(), version: CollectServer.version,
                                     loopThreads: configuration.threads, cycleYield: CycleYield(percent: dailyCycleYield), clockMs: clock.nowMs)
        let daily = dailyCycle == .on
            ? DailyScheduler(service: service, databasePath: directory.databasePath, atMinutes: Self.minutes(dailyAt)!, clockMs: clock.nowMs,
                             logger: logger, metrics: metrics.dailyCycle)
            : nil
        let inbox = try paymentInbox.map { try PaymentInbox(directory: $0, importer: PaymentFileImporter(service: service), logger: logger) }
        var router = GRPCRouter()
        CollectRoutes.register(into: &router, service: service,
                               readers: ReaderPool(path: directory.databasePath, answerCapacity: answerCache, answerCounters: metrics.answerCache),
                               logger: logger)
        MetricsRoute.register(into: &router, registry: metrics.registry, logger: logger)
        // Before the gRPC listener: a taken metrics port stops the server before it serves, and
        // scripts waiting for the listening line find this one already written.
        let scrape = try metricsPort.map { try startMetricsEndpoint(port: $0, registry: metrics.registry) }
        let server: GRPCServer
        do {
            server = try GRPCServer(configuration: configuration, router: router, health: health)
        } catch {
            scrape?.stop()
            throw error
        }
        serving = true
        service.dailyCycle.runner = daily
        daily?.start()
        // Written unbuffered: scripts wait for this line to learn the port.
        inbox?.start()
        let line = "collect-server listening on \(host):\(server.port)\n" + (embedded?.howToConnect(host: host, port: server.port) ?? "")
        _ = line.withCString { Glibc.write(1, $0, strlen($0)) }

        var received: Int32 = 0
        sigwait(&signals, &received)
        logger.info("shutting down", metadata: ["signal": "\(received)"])
        scrape?.stop()
        GracefulStop(timeoutMs: stopTimeoutMs, logger: logger).run(writer: writer) {
            daily?.stop()
            server.shutdown()
            inbox?.stop()
            // In-flight calls are done; commit what is queued and close the database cleanly.
            writer.stop()
        }
        // Group commit at work: mutations per batch is mutations per WAL fsync.
        let stats = writer.statistics
        logger.info("stopped", metadata: [
            "batches": "\(stats.batches)", "committed": "\(stats.committed)", "replayed": "\(stats.replayed)",
            "failed": "\(stats.failed)", "largest_batch": "\(stats.largestBatch)",
        ])
    }
}

/// An on/off option.
enum Switch: String, ExpressibleByArgument, Sendable {
    case on, off
}

extension ServeCommand {
    /// Minutes after midnight of `HH:MM`; nil for anything else.
    static func minutes(_ text: String) -> Int? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ $0.count == 2 && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
              let hour = Int(parts[0]), let minute = Int(parts[1]), (0..<24).contains(hour), (0..<60).contains(minute) else { return nil }
        return hour * 60 + minute
    }

    /// Serves `registry` to Prometheus over plain HTTP on `metricsHost:port` and prints where.
    func startMetricsEndpoint(port: Int, registry: MetricsRegistry) throws -> PlainHTTPResponder {
        let responder: PlainHTTPResponder
        do {
            responder = try PlainHTTPResponder(host: metricsHost, port: port, path: "/metrics",
                                               contentType: "text/plain; version=0.0.4; charset=utf-8") { registry.render() }
        } catch let error as SystemError where error.errno == EADDRINUSE {
            throw AddressInUseError(host: metricsHost, port: port)
        }
        let line = "collect-server metrics on http://\(metricsHost):\(responder.port)/metrics\n"
        _ = line.withCString { Glibc.write(1, $0, strlen($0)) }
        return responder
    }
}
