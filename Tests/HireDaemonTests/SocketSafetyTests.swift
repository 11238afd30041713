import Foundation
import Glibc
import HireRPC
import HireDaemon
import HireTestSupport
import Logging
import Testing

@Suite struct SocketSafetyTests {
    @Test func userModeSocketIsPrivate() async throws {
        try await withTestDaemon { daemon in
            let socket = try FileManager.default.attributesOfItem(atPath: daemon.socketPath)
            let socketMode = socket[.posixPermissions] as? Int
            #expect(socketMode == 0o600, "socket mode \(String(socketMode ?? -1, radix: 8))")
            let directory = try FileManager.default.attributesOfItem(atPath: daemon.directory)
            let directoryMode = directory[.posixPermissions] as? Int
            #expect(directoryMode == 0o700, "directory mode \(String(directoryMode ?? -1, radix: 8))")
        }
    }

    @Test func socketDirectoryIsCreatedPrivateBeforeBind() async throws {
        let root = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let configuration = DaemonConfiguration(socketPath: root + "/run/hired/s", dataDir: root + "/data")
        let daemon = try buildDaemon(configuration: configuration, logger: .silent)
        try await withRunning(daemon) {
            let attributes = try FileManager.default.attributesOfItem(atPath: root + "/run/hired")
            #expect((attributes[.posixPermissions] as? Int) == 0o700)
        }
    }

    @Test func tooLongSocketPathIsAClearError() async throws {
        let root = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let long = root + "/" + String(repeating: "x", count: 120)
        let daemon = try buildDaemon(
            configuration: DaemonConfiguration(socketPath: long, dataDir: root + "/data"), logger: .silent)
        await #expect(throws: StartupError.self) { try await daemon.server.run() }
    }

    @Test func secondDaemonOnTheSameDataDirIsRefusedNamingTheFirst() throws {
        let root = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let first = try buildDaemon(
            configuration: DaemonConfiguration(socketPath: root + "/a", dataDir: root + "/data"), logger: .silent)
        #expect {
            _ = try buildDaemon(
                configuration: DaemonConfiguration(socketPath: root + "/b", dataDir: root + "/data"), logger: .silent)
        } throws: { error in
            "\(error)".contains("already running") && "\(error)".contains("pid \(getpid())")
        }
        withExtendedLifetime(first) {}
    }
}

@Suite struct SocketDirectoryTests {
    @Test func anExistingDirectoryIsNeverChanged() async throws {
        let root = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root + "/shared", withIntermediateDirectories: false)
        chmod(root + "/shared", 0o1777)  // sticky and open, like /tmp
        let daemon = try buildDaemon(
            configuration: DaemonConfiguration(socketPath: root + "/shared/s", dataDir: root + "/data"), logger: .silent)
        try await withRunning(daemon) {
            let attributes = try FileManager.default.attributesOfItem(atPath: root + "/shared")
            #expect((attributes[.posixPermissions] as? Int) == 0o1777)
            let socket = try FileManager.default.attributesOfItem(atPath: root + "/shared/s")
            #expect((socket[.posixPermissions] as? Int) == 0o600)
        }
    }

    @Test func aDirectoryOthersMayWriteIsRefused() async throws {
        let root = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root + "/open", withIntermediateDirectories: false)
        chmod(root + "/open", 0o777)
        let daemon = try buildDaemon(
            configuration: DaemonConfiguration(socketPath: root + "/open/s", dataDir: root + "/data"), logger: .silent)
        await #expect {
            try await daemon.server.run()
        } throws: { error in
            "\(error)".contains("writable by other users")
        }
        let attributes = try FileManager.default.attributesOfItem(atPath: root + "/open")
        #expect((attributes[.posixPermissions] as? Int) == 0o777)
    }
}

@Suite struct CatalogueWiringTests {
    @Test func everyCatalogueMethodHasAHandlerAndNoOtherIsServed() async throws {
        let root = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let daemon = try buildDaemon(
            configuration: DaemonConfiguration(socketPath: root + "/s", dataDir: root + "/data"), logger: .silent)
        #expect(daemon.server.router.methods.map(\.name) == Catalogue.methods.map(\.name).sorted())
    }
}
