import Foundation
import NIOCore

/// Where `hire-web` listens and which daemon it talks to.
public struct WebConfiguration: Sendable {
    /// The address to listen on (default 127.0.0.1).
    public var host: String
    /// The TCP port (0: any free port, printed once listening).
    public var port: Int
    /// The daemon's Unix socket.
    public var socket: String
    /// The TLS certificate chain and private key (PEM), both or neither.
    public var tls: (certificate: String, key: String)?

    /// Why a configuration is refused.
    public enum Problem: Error, Equatable, CustomStringConvertible {
        case notLoopback(String)
        case remoteNeedsTLS
        case badAddress(String)
        case badPort(Int)
        case halfTLS

        public var description: String {
            switch self {
            case .notLoopback(let host):
                "\(host) is not a loopback address: the web desk listens on 127.0.0.1 or ::1 unless --allow-remote is given with --tls-cert and --tls-key"
            case .remoteNeedsTLS: "--allow-remote needs --tls-cert and --tls-key: sessions never cross a network in clear text"
            case .badAddress(let host): "\(host) is not an IP address (give 127.0.0.1, ::1 or, with --allow-remote, an address of this machine)"
            case .badPort(let port): "port \(port) is out of range (0-65535)"
            case .halfTLS: "--tls-cert and --tls-key go together"
            }
        }
    }

    /// Checks the address: loopback only, unless `allowRemote` and TLS are both given.
    public init(host: String, port: Int, socket: String, allowRemote: Bool, tlsCertificate: String?, tlsKey: String?) throws(Problem) {
        guard (0...65535).contains(port) else { throw .badPort(port) }
        let address: SocketAddress
        do { address = try SocketAddress(ipAddress: host, port: port) } catch { throw .badAddress(host) }
        switch (tlsCertificate, tlsKey) {
        case (let certificate?, let key?): tls = (certificate, key)
        case (nil, nil): tls = nil
        default: throw .halfTLS
        }
        if !Self.isLoopback(address) {
            guard allowRemote else { throw .notLoopback(host) }
            guard tls != nil else { throw .remoteNeedsTLS }
        }
        self.host = host
        self.port = port
        self.socket = socket
    }

    static func isLoopback(_ address: SocketAddress) -> Bool {
        switch address {
        case .v4(let v4): UInt32(bigEndian: v4.address.sin_addr.s_addr) >> 24 == 127
        case .v6(let v6): withUnsafeBytes(of: v6.address.sin6_addr) { Array($0) } == Array(repeating: 0, count: 15) + [1]
        default: false
        }
    }

    /// The address a browser opens.
    public func url(port: Int? = nil) -> String {
        let shown = host.contains(":") ? "[\(host)]" : host
        return "\(tls == nil ? "http" : "https")://\(shown):\(port ?? self.port)/"
    }
}
