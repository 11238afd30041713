/// Methods about the daemon itself.
public enum Daemon {
    /// `daemon.ping`: the cheapest round trip.
    public enum Ping: RPCMethod {
        public static let descriptor = MethodDescriptor(
            name: "daemon.ping", summary: "Check that the daemon answers.", access: .public, readOnly: true)
        public typealias Params = Empty
        public typealias Result = Empty
        public static let example = Empty()
    }

    /// `daemon.status`: what is running, where, and how busy it is.
    public enum Status: RPCMethod {
        public static let descriptor = MethodDescriptor(
            name: "daemon.status", summary: "Show the daemon's version, mode, socket, data directory and load.",
            access: .public, readOnly: true)
        public typealias Params = Empty
        public static let example = Empty()

        public struct Result: Codable, Sendable, Equatable, SchemaDocumented {
            public var version: String
            public var pid: Int32
            public var mode: DaemonMode
            public var uptimeSeconds: Double
            public var socket: String
            public var dataDir: String
            public var connections: Int
            public var sessions: Int

            public init(
                version: String, pid: Int32, mode: DaemonMode, uptimeSeconds: Double, socket: String,
                dataDir: String, connections: Int, sessions: Int
            ) {
                self.version = version
                self.pid = pid
                self.mode = mode
                self.uptimeSeconds = uptimeSeconds
                self.socket = socket
                self.dataDir = dataDir
                self.connections = connections
                self.sessions = sessions
            }

            public static let fieldDocs = [
                "version": "The daemon's version.",
                "pid": "The daemon's process id.",
                "mode": "\"user\" (one user, same uid only) or \"system\" (every local user, login required).",
                "uptimeSeconds": "Seconds since the daemon started.",
                "socket": "The socket path it listens on.",
                "dataDir": "Where it keeps its data.",
                "connections": "Connections open now.",
                "sessions": "Logged-in sessions bound to open connections.",
            ]
        }
    }
}

/// How the daemon runs: for one user, or for the whole machine.
public enum DaemonMode: String, Sendable, Codable, SchemaStringEnum {
    case user, system
}

/// Methods reserved by JSON-RPC (`rpc.` prefix).
public enum RPC {
    /// `rpc.discover`: the OpenRPC document of every method.
    public enum Discover: RPCMethod {
        public static let descriptor = MethodDescriptor(
            name: "rpc.discover", summary: "Describe every method as an OpenRPC 1.3 document.",
            access: .public, readOnly: true)
        public typealias Params = Empty
        public typealias Result = JSONValue
        public static let example = Empty()
    }
}
