import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import NIOCore
import NIOSSL

/// Builds the web desk's application: the routes behind the security middleware, served over
/// HTTP on loopback or over TLS. `onListening` gets the URL once the port is bound.
public func buildWebApplication(
    configuration: WebConfiguration, logger: Logger, onListening: @escaping @Sendable (String) -> Void
) throws -> some ApplicationProtocol {
    let router = Router(context: WebContext.self)
    router.add(middleware: SecurityMiddleware(secure: configuration.tls != nil))
    let desk = Desk(link: DaemonLink(socket: configuration.socket), logger: logger)
    desk.addRoutes(to: router)
    let server: HTTPServerBuilder
    if let tls = configuration.tls {
        let chain = try NIOSSLCertificate.fromPEMFile(tls.certificate).map { NIOSSLCertificateSource.certificate($0) }
        let key = try NIOSSLPrivateKey(file: tls.key, format: .pem)
        server = try .tls(.http1(), tlsConfiguration: .makeServerConfiguration(certificateChain: chain, privateKey: .privateKey(key)))
    } else {
        server = .http1()
    }
    return Application(
        router: router, server: server,
        configuration: ApplicationConfiguration(address: .hostname(configuration.host, port: configuration.port), serverName: nil),
        onServerRunning: { channel in onListening(configuration.url(port: channel.localAddress?.port)) },
        logger: logger)
}

/// Serves the web desk until SIGTERM or SIGINT.
public func serveWebDesk(configuration: WebConfiguration, logger: Logger, onListening: @escaping @Sendable (String) -> Void) async throws {
    try await buildWebApplication(configuration: configuration, logger: logger, onListening: onListening).runService()
}

extension Desk {
    func addRoutes(to router: Router<WebContext>) {
        Assets.addRoutes(to: router)
        addAuthRoutes(to: router)
        addBoardRoutes(to: router)
        addWorkRoutes(to: router)
        addRunRoutes(to: router)
        addDashboardRoutes(to: router)
        addHiringRoutes(to: router)
    }
}
