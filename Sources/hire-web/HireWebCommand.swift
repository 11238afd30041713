import ArgumentParser
import Foundation
import HireRPC
import HireWeb
import Logging

/// `hire-web`: the recruiter's desk in a browser, one more client of hired's socket.
@main
struct HireWebCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hire-web",
        abstract: "Serve the hired web desk on 127.0.0.1 (a client of the daemon's socket; it never opens the database).")

    @Option(help: "The address to listen on; only loopback unless --allow-remote.")
    var host = "127.0.0.1"
    @Option(help: "The TCP port (0: any free port).")
    var port = 8080
    @Option(help: ArgumentHelp("The daemon's socket (default: $HIRED_SOCKET, then the user socket).", valueName: "path"))
    var socket: String?
    @Flag(help: "Listen on a non-loopback address too (needs --tls-cert and --tls-key).")
    var allowRemote = false
    @Option(help: ArgumentHelp("TLS certificate chain (PEM).", valueName: "path"))
    var tlsCert: String?
    @Option(help: ArgumentHelp("TLS private key (PEM).", valueName: "path"))
    var tlsKey: String?
    @Flag(help: "Print the URL the desk would serve and exit without serving.")
    var printURL = false

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let configuration: WebConfiguration
        do {
            configuration = try WebConfiguration(
                host: host, port: port, socket: socket ?? Locations.clientSocket(environment: environment), allowRemote: allowRemote,
                tlsCertificate: tlsCert, tlsKey: tlsKey)
        } catch {
            throw ValidationError(error.description)
        }
        if printURL {
            print(configuration.url())
            return
        }
        var logger = Logger(label: "hire-web")
        logger.logLevel = .info
        try await serveWebDesk(configuration: configuration, logger: logger) { url in
            // A line a script can wait for (the port may have been chosen by the system).
            FileHandle.standardOutput.write(Data("hire-web: serving \(url) (hired at \(configuration.socket))\n".utf8))
        }
    }
}

