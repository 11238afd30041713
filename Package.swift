// swift-tools-version:6.1
import PackageDescription

// MARK: - Dependencies (only versions mirrored on the build machines)

let swiftNIO = Package.Dependency.package(url: "https://github.com/apple/swift-nio.git", from: "2.101.3")
let swiftLog = Package.Dependency.package(url: "https://github.com/apple/swift-log.git", from: "1.16.2")
let argumentParser = Package.Dependency.package(
    url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2")
let serviceLifecycle = Package.Dependency.package(
    url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0")
let grdbPackage = Package.Dependency.package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0")
let zipPackage = Package.Dependency.package(url: "https://github.com/weichsel/ZIPFoundation.git", from: "0.9.20")
// Only `hire-web` (HireWeb) uses Hummingbird: `hired` and `hire` never build it.
let hummingbirdPackage = Package.Dependency.package(
    url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1")
let nioSSLPackage = Package.Dependency.package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6")
let httpClientPackage = Package.Dependency.package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0")
// Only `hired` (HireExchange) uses postgres-nio: `hire`, `hire-web` and HireDaemon never build it.
let postgresPackage = Package.Dependency.package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2")

let nioCore = Target.Dependency.product(name: "NIOCore", package: "swift-nio")
let nioPosix = Target.Dependency.product(name: "NIOPosix", package: "swift-nio")
let nioEmbedded = Target.Dependency.product(name: "NIOEmbedded", package: "swift-nio")
let logging = Target.Dependency.product(name: "Logging", package: "swift-log")
let parser = Target.Dependency.product(name: "ArgumentParser", package: "swift-argument-parser")
let lifecycle = Target.Dependency.product(name: "ServiceLifecycle", package: "swift-service-lifecycle")
let unixSignals = Target.Dependency.product(name: "UnixSignals", package: "swift-service-lifecycle")
let grdb = Target.Dependency.product(name: "GRDB", package: "GRDB.swift")
let grdbSQLite = Target.Dependency.product(name: "GRDBSQLite", package: "GRDB.swift")
let zip = Target.Dependency.product(name: "ZIPFoundation", package: "ZIPFoundation")
let hummingbird = Target.Dependency.product(name: "Hummingbird", package: "hummingbird")
let hummingbirdCore = Target.Dependency.product(name: "HummingbirdCore", package: "hummingbird")
let hummingbirdTLS = Target.Dependency.product(name: "HummingbirdTLS", package: "hummingbird")
let nioSSL = Target.Dependency.product(name: "NIOSSL", package: "swift-nio-ssl")
let httpClient = Target.Dependency.product(name: "AsyncHTTPClient", package: "async-http-client")
let nioHTTP1 = Target.Dependency.product(name: "NIOHTTP1", package: "swift-nio")
let postgresNIO = Target.Dependency.product(name: "PostgresNIO", package: "postgres-nio")

// MARK: - Settings shared by every target

// `make build` and CI set HIRED_WERROR=1: warnings fail our own modules, not dependencies.
let warningsAsErrors: [SwiftSetting] =
    Context.environment["HIRED_WERROR"] == "1" ? [.unsafeFlags(["-warnings-as-errors"])] : []

let swiftSettings: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
] + warningsAsErrors

// MARK: - Package

let package = Package(
    name: "hired",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "hired", targets: ["hired"]),
        .executable(name: "hire", targets: ["hire"]),
        .executable(name: "hire-web", targets: ["hire-web"]),
    ],
    dependencies: [
        swiftNIO, swiftLog, argumentParser, serviceLifecycle, grdbPackage, zipPackage, hummingbirdPackage, nioSSLPackage, httpClientPackage,
        postgresPackage,
    ],
    targets: [
        // Domain types and ports; Foundation only.
        .target(name: "HireCore", swiftSettings: swiftSettings),
        // CSV and documents (DOCX natively, PDF through poppler's pdftotext) to rows and text.
        .target(name: "HireIngest", dependencies: ["HireCore", zip], swiftSettings: swiftSettings),
        // The builtin engines: skill taxonomy, resume and job profiles, BM25, scoring, explanations.
        .target(name: "HireMatching", dependencies: ["HireCore", "HireIngest"], swiftSettings: swiftSettings),
        // libsodium, from the system (libsodium-dev).
        .systemLibrary(name: "CSodium", pkgConfig: "libsodium", providers: [.apt(["libsodium-dev"])]),
        // Keys in guarded memory, AEAD, Argon2id, BLAKE2b, KDF, secretstream.
        .target(name: "HireCrypto", dependencies: ["CSodium"], swiftSettings: swiftSettings),
        // The page-encrypting SQLite VFS (CRYPTO.md §1): the project's only C, reviewed as unsafe code.
        .target(
            name: "CHireVFS",
            cSettings: [.unsafeFlags(["-O2"])],
            linkerSettings: [.linkedLibrary("sqlite3"), .linkedLibrary("sodium")]),
        // Encrypted stores on GRDB: system.db, per-user vaults, blobs.
        .target(
            name: "HireStorage", dependencies: ["HireCore", "HireCrypto", "CHireVFS", grdb, grdbSQLite], swiftSettings: swiftSettings),
        // The wire contract: JSON-RPC envelope, errors, the method catalogue, OpenRPC. It shows
        // domain values (HireCore) as they are, and maps domain errors to their codes.
        .target(name: "HireRPC", dependencies: ["HireCore"], swiftSettings: swiftSettings),
        // The daemon: NIO server, framing, dispatch, handlers, `buildDaemon`.
        .target(
            name: "HireDaemon",
            dependencies: [
                "HireCore", "HireRPC", "HireCrypto", "HireStorage", "HireIngest", "HireMatching", nioCore, nioPosix, logging, lifecycle, unixSignals,
            ],
            swiftSettings: swiftSettings),
        // LLM providers over HTTP (async-http-client, a heavy dependency kept out of HireDaemon):
        // the OpenAI-compatible and Anthropic wire shapes, retries, limits, proxies.
        .target(name: "HireProviders", dependencies: ["HireCore", httpClient, nioCore, nioHTTP1], swiftSettings: swiftSettings),
        // The exchange on PostgreSQL (postgres-nio, kept out of HireDaemon like HireProviders): postings,
        // the sealed inbox, the member directory and org logs for daemons on many machines.
        .target(
            name: "HireExchange", dependencies: ["HireCore", postgresNIO, nioCore, nioPosix, nioSSL, logging],
            swiftSettings: swiftSettings),
        // Async client over the socket, used by the CLI and the tests.
        .target(name: "HireClient", dependencies: ["HireRPC", nioCore, nioPosix], swiftSettings: swiftSettings),
        // Charts of stats.get's figures, drawn as SVG by the web desk and as Unicode bars by `hire stats --chart`.
        .target(name: "HireCharts", dependencies: ["HireRPC"], swiftSettings: swiftSettings),
        // The `hire` command line, as a library so tests can drive it.
        .target(name: "HireCLI", dependencies: ["HireCore", "HireRPC", "HireClient", "HireCharts", parser], swiftSettings: swiftSettings),
        // The web desk: pages over the daemon's socket (HireClient), never the database or a key.
        .target(
            name: "HireWeb", dependencies: ["HireRPC", "HireClient", "HireCharts", hummingbird, hummingbirdCore, hummingbirdTLS, nioSSL, nioCore, logging],
            swiftSettings: swiftSettings),
        .executableTarget(name: "hire-web", dependencies: ["HireWeb", "HireRPC", parser], swiftSettings: swiftSettings),
        .executableTarget(
            name: "hired", dependencies: ["HireDaemon", "HireProviders", "HireExchange", "HireCore", "HireRPC", "HireCrypto", parser, logging], swiftSettings: swiftSettings),
        .executableTarget(name: "hire", dependencies: ["HireCLI"], swiftSettings: swiftSettings),

        // MARK: Tests
        // A real daemon on a temp socket, raw socket clients and child processes, shared by the test targets.
        .target(
            name: "HireTestSupport",
            dependencies: ["HireDaemon", "HireRPC", "HireCore", "HireCrypto", "HireStorage", nioCore, nioPosix, logging, lifecycle],
            path: "Tests/Support", swiftSettings: swiftSettings),
        .testTarget(name: "HireCoreTests", dependencies: ["HireCore"], swiftSettings: swiftSettings),
        .testTarget(
            name: "HireIngestTests", dependencies: ["HireIngest", "HireCore", "HireTestSupport"], exclude: ["Fixtures"], swiftSettings: swiftSettings),
        .testTarget(name: "HireMatchingTests", dependencies: ["HireMatching", "HireCore", "HireTestSupport"], swiftSettings: swiftSettings),
        .testTarget(name: "HireRPCTests", dependencies: ["HireRPC"], swiftSettings: swiftSettings),
        .testTarget(name: "HireCryptoTests", dependencies: ["HireCrypto"], swiftSettings: swiftSettings),
        .testTarget(
            name: "HireStorageTests", dependencies: ["HireStorage", "HireCore", "HireCrypto", "HireTestSupport", grdb], swiftSettings: swiftSettings),
        .testTarget(
            name: "HireDaemonTests",
            dependencies: ["HireDaemon", "HireIngest", "HireClient", "HireRPC", "HireCore", "HireStorage", "HireMatching", "HireTestSupport", nioCore, nioEmbedded, logging],
            swiftSettings: swiftSettings),
        // Providers against a real llama.cpp server and a local server for the failure modes.
        .testTarget(
            name: "HireProvidersTests",
            dependencies: ["HireProviders", "HireDaemon", "HireClient", "HireRPC", "HireCore", "HireTestSupport", logging],
            exclude: ["Fixtures"], swiftSettings: swiftSettings),
        // The exchange on a throwaway PostgreSQL cluster (Tests/Support's PostgresCluster), and daemons sharing it.
        .testTarget(
            name: "HireExchangeTests",
            dependencies: ["HireExchange", "HireDaemon", "HireClient", "HireRPC", "HireCore", "HireTestSupport"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "HireClientTests", dependencies: ["HireClient", "HireRPC", "HireTestSupport"], swiftSettings: swiftSettings),
        .testTarget(name: "HireWebTests", dependencies: ["HireWeb", "HireCharts"], swiftSettings: swiftSettings),
        .testTarget(
            name: "HireCLITests", dependencies: ["HireCLI", "HireCore", "HireRPC", "HireTestSupport"], exclude: ["Snapshots"],
            swiftSettings: swiftSettings),
    ]
)
