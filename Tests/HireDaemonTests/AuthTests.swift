import Foundation
import HireClient
import HireCore
import HireCrypto
import HireDaemon
import HireRPC
import HireTestSupport
import Testing

/// A user's credentials as a test knows them.
struct TestUser {
    var username: String
    var password: String
    var recoveryKey: String
    var role: Role
}

@discardableResult
func register(_ client: RPCClient, _ username: String, role: Role = .recruiter, password: String = "a long test passphrase")
    async throws -> TestUser
{
    let result = try await client.call(
        Auth.Register.self,
        .init(username: username, email: "\(username)@example.com", password: password, role: role, displayName: "Name \(username)"))
    return TestUser(username: username, password: password, recoveryKey: result.recoveryKey, role: role)
}

func login(_ client: RPCClient, _ user: TestUser, ttl: Int? = nil) async throws -> String {
    try await client.call(Auth.Login.self, .init(login: user.username, password: user.password, ttlSeconds: ttl)).token
}


@Suite struct AuthTests {
    @Test func registerLoginWhoamiLogout() async throws {
        try await withTestDaemon { daemon in
            try await RPCClient.withConnection(socketPath: daemon.socketPath) { client in
                let user = try await register(client, "dana")
                #expect(user.recoveryKey.split(separator: "-").count == 8)
                #expect(await errorCode { _ = try await client.call(Auth.Whoami.self, Empty()) } == .notAuthenticated)
                _ = try await login(client, user)
                let me = try await client.call(Auth.Whoami.self, Empty())
                #expect(me.username == "dana")
                #expect(me.role == .recruiter)
                #expect(me.displayName == "Name dana")
                let status = try await client.call(Daemon.Status.self, Empty())
                #expect(status.sessions == 1)
                _ = try await client.call(Auth.Logout.self, .init())
                #expect(await errorCode { _ = try await client.call(Auth.Whoami.self, Empty()) } == .notAuthenticated)
            }
        }
    }

    @Test func everySessionMethodNeedsALogin() async throws {
        try await withTestDaemon { daemon in
            try await RPCClient.withConnection(socketPath: daemon.socketPath) { client in
                for method in Catalogue.methods where method.descriptor.access != .public {
                    let code = await errorCode { _ = try await client.call(method.name, params: method.example) }
                    #expect(code == .notAuthenticated, "\(method.name)")
                }
            }
        }
    }

    @Test func wrongCredentialsNeverSayWhichPart() async throws {
        try await withTestDaemon { daemon in
            try await RPCClient.withConnection(socketPath: daemon.socketPath) { client in
                try await register(client, "erin")
                var messages: Set<String> = []
                for (login, password) in [("erin", "not the password"), ("nobody", "a long test passphrase")] {
                    do {
                        _ = try await client.call(Auth.Login.self, .init(login: login, password: password))
                        Issue.record("login should fail")
                    } catch let error as RPCError {
                        #expect(error.code == .wrongCredentials)
                        messages.insert(error.message)
                    }
                }
                #expect(messages.count == 1)
            }
        }
    }

    @Test(arguments: [
        ("short", "fewer than 10"), ("qwertyuiop", "commonly used"), ("1234567890", "commonly used"),
        ("frank-user", "same as the username"), ("aaaaaaaaaaaa", "distinct"),
    ])
    func weakPasswordsAreRefusedWithTheReason(password: String, reason: String) async throws {
        try await withTestDaemon { daemon in
            try await RPCClient.withConnection(socketPath: daemon.socketPath) { client in
                do {
                    _ = try await client.call(
                        Auth.Register.self, .init(username: "frank-user", email: "f@example.com", password: password, role: .candidate))
                    Issue.record("weak password accepted")
                } catch let error as RPCError {
                    #expect(error.code == .weakPassword)
                    #expect(error.data?["reason"]?.stringValue?.contains(reason) == true, "\(error)")
                }
            }
        }
    }

    @Test func registrationChecksNamesAndUniqueness() async throws {
        try await withTestDaemon { daemon in
            try await RPCClient.withConnection(socketPath: daemon.socketPath) { client in
                try await register(client, "gail")
                let good = "a long test passphrase"
                let cases: [(Auth.Register.Params, RPCErrorCode)] = [
                    (.init(username: "GAIL", email: "other@example.com", password: good, role: .candidate), .usernameTaken),
                    (.init(username: "gail2", email: "Gail@Example.com", password: good, role: .candidate), .emailTaken),
                    (.init(username: "gail3", email: "not-an-email", password: good, role: .candidate), .invalidEmail),
                    (.init(username: "g a", email: "g3@example.com", password: good, role: .candidate), .invalidUsername),
                ]
                for (params, code) in cases {
                    #expect(await errorCode { _ = try await client.call(Auth.Register.self, params) } == code, "\(params.username)")
                }
            }
        }
    }

    @Test func repeatedFailuresAreRateLimited() async throws {
        // A first wait long enough that a slow machine cannot outlast it between two calls.
        var accounts = AccountSettings.forTests
        accounts.firstBackoffSeconds = 120
        try await withTestDaemon(accounts: accounts) { daemon in
            try await RPCClient.withConnection(socketPath: daemon.socketPath) { client in
                let user = try await register(client, "hank")
                for _ in 0..<5 {
                    #expect(await errorCode { _ = try await client.call(Auth.Login.self, .init(login: "hank", password: "wrong password!")) }
                        == .wrongCredentials)
                }
                do {
                    _ = try await client.call(Auth.Login.self, .init(login: "hank", password: user.password))
                    Issue.record("the sixth attempt should wait")
                } catch let error as RPCError {
                    #expect(error.code == .rateLimited)
                    #expect((error.data?["retryAfterSeconds"]?.intValue ?? 0) >= 1)
                }
            }
        }
    }

    @Test func theBackoffFollowsTheAccountWhateverLoginNamesIt() async throws {
        // A first wait long enough that a slow machine cannot outlast it between two calls.
        var accounts = AccountSettings.forTests
        accounts.firstBackoffSeconds = 120
        try await withTestDaemon(accounts: accounts) { daemon in
            try await RPCClient.withConnection(socketPath: daemon.socketPath) { client in
                let user = try await register(client, "vera")
                for _ in 0..<5 {
                    #expect(await errorCode { _ = try await client.call(Auth.Login.self, .init(login: "vera", password: "wrong password!")) }
                        == .wrongCredentials)
                }
                // The email (in another case) names the same account: no fresh free attempts.
                for login in ["vera@example.com", "VERA@example.com", "Vera"] {
                    #expect(await errorCode { _ = try await client.call(Auth.Login.self, .init(login: login, password: user.password)) }
                        == .rateLimited, "\(login)")
                }
            }
        }
    }

    @Test func failuresElsewhereDoNotLockOutAccountsThatHaveNotFailed() async throws {
        var accounts = AccountSettings.forTests
        accounts.globalFailuresPerMinute = 10
        try await withTestDaemon(accounts: accounts) { daemon in
            try await RPCClient.withConnection(socketPath: daemon.socketPath) { client in
                let victim = try await register(client, "wanda")
                let other = try await register(client, "xena")
                // Over the machine-wide cap with guesses at names that match nobody …
                for index in 0..<12 {
                    let code = await errorCode {
                        _ = try await client.call(Auth.Login.self, .init(login: "nobody\(index)", password: "wrong password!"))
                    }
                    #expect(code == .wrongCredentials || code == .rateLimited)
                }
                // … one of them again: it failed lately, so it waits while the machine is busy.
                #expect(await errorCode { _ = try await client.call(Auth.Login.self, .init(login: "nobody0", password: "x")) }
                    == .rateLimited)
                // An account that has not failed logs in as usual, by name or by email.
                _ = try await client.call(Auth.Login.self, .init(login: victim.username, password: victim.password))
                _ = try await client.call(Auth.Login.self, .init(login: "xena@example.com", password: other.password))
                // One that failed lately is held back while the machine is busy.
                #expect(await errorCode { _ = try await client.call(Auth.Login.self, .init(login: "wanda", password: "wrong password!")) }
                    == .wrongCredentials)
                #expect(await errorCode { _ = try await client.call(Auth.Login.self, .init(login: "wanda", password: victim.password)) }
                    == .rateLimited)
            }
        }
    }

    @Test func aTokenReopensTheVaultAfterARestart() async throws {
        let directory = try makeTemporaryDirectory("hr")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let token = try await withTestDaemon(directory: directory) { daemon in
            try await RPCClient.withConnection(socketPath: daemon.socketPath) { client in
                let user = try await register(client, "ivy")
                return try await login(client, user)
            }
        }
        try await withTestDaemon(directory: directory) { daemon in
            try await RPCClient.withConnection(socketPath: daemon.socketPath) { client in
                _ = try await client.call(Auth.Attach.self, .init(token: token))
                #expect(try await client.call(Auth.Whoami.self, Empty()).username == "ivy")
                #expect(try await client.call("test.vault", params: nil as JSONValue?) == 0)
            }
        }
    }

    @Test func expiredAndRevokedTokensFail() async throws {
        let clock = TestClock()
        try await withTestDaemon(clock: clock) { daemon in
            try await RPCClient.withConnection(socketPath: daemon.socketPath) { client in
                let user = try await register(client, "jack")
                let short = try await login(client, user, ttl: 1)
                let kept = try await login(client, user)
                let sessions = try await client.call(Auth.Sessions.self, Empty()).sessions
                #expect(sessions.count == 2)
                let current = try #require(sessions.first { $0.current })
                let other = try #require(sessions.first { !$0.current })
                // The one-second session's life runs out.
                clock.advance(by: .milliseconds(1500))
                try await RPCClient.withConnection(socketPath: daemon.socketPath) { second in
                    let code = await errorCode { _ = try await second.call(Auth.Attach.self, .init(token: short)) }
                    #expect(code == .sessionExpired || code == .invalidToken)
                }
                _ = try await client.call(Auth.Revoke.self, .init(sessionId: current.id))
                #expect(await errorCode { _ = try await client.call(Auth.Whoami.self, Empty()) } == .sessionExpired)
                try await RPCClient.withConnection(socketPath: daemon.socketPath) { second in
                    #expect(await errorCode { _ = try await second.call(Auth.Attach.self, .init(token: kept)) } == .invalidToken)
                }
                _ = other
            }
        }
    }

    @Test func passwordChangeRewrapsOnlyAndEndsOtherSessions() async throws {
        try await withTestDaemon { daemon in
            let vaultDirectory = daemon.dataDir + "/vault"
            try await RPCClient.withConnection(socketPath: daemon.socketPath) { client in
                var user = try await register(client, "kate")
                try await RPCClient.withConnection(socketPath: daemon.socketPath) { other in
                    _ = try await login(other, user)
                    _ = try await login(client, user)
                    let vault = try #require(try FileManager.default.contentsOfDirectory(atPath: vaultDirectory).first { $0.hasSuffix(".db") })
                    let before = digest(vaultDirectory + "/" + vault)
                    _ = try await client.call(
                        Auth.ChangePassword.self, .init(currentPassword: user.password, newPassword: "a brand new passphrase"))
                    #expect(digest(vaultDirectory + "/" + vault) == before, "no data is re-encrypted")
                    #expect(await errorCode { _ = try await other.call(Auth.Whoami.self, Empty()) } == .sessionExpired)
                    #expect(try await client.call(Auth.Whoami.self, Empty()).username == "kate")
                }
                #expect(await errorCode { _ = try await login(client, user) } == .wrongCredentials)
                user.password = "a brand new passphrase"
                _ = try await login(client, user)
            }
        }
    }

    @Test func recoveryWorksOnceAndIssuesANewKey() async throws {
        try await withTestDaemon { daemon in
            try await RPCClient.withConnection(socketPath: daemon.socketPath) { client in
                var user = try await register(client, "liam")
                let renewed = try await client.call(
                    Auth.Recover.self, .init(login: "liam", recoveryKey: user.recoveryKey.uppercased(), newPassword: "recovered passphrase"))
                #expect(renewed.recoveryKey != user.recoveryKey)
                let used = await rpcError {
                    _ = try await client.call(
                        Auth.Recover.self, .init(login: "liam", recoveryKey: user.recoveryKey, newPassword: "another passphrase!"))
                }
                #expect(used?.code == .wrongCredentials)
                // It names what was given: a recovery key, not a password.
                #expect(used?.message == "Wrong login or recovery key")
                user.password = "recovered passphrase"
                _ = try await login(client, user)
                _ = try await client.call(
                    Auth.Recover.self, .init(login: "liam", recoveryKey: renewed.recoveryKey, newPassword: "third passphrase!!"))
            }
        }
    }

    @Test func deletingAnAccountShredsItsKeysAndFiles() async throws {
        try await withTestDaemon { daemon in
            let marker = "SHRED\(UInt32.random(in: 0...UInt32.max))"
            try await RPCClient.withConnection(socketPath: daemon.socketPath) { client in
                let user = try await register(client, marker.lowercased())
                _ = try await login(client, user)
                let me = try await client.call(Auth.Whoami.self, Empty())
                #expect(FileManager.default.fileExists(atPath: daemon.dataDir + "/vault/\(me.id).db"))
                #expect(await errorCode { _ = try await client.call(Auth.DeleteAccount.self, .init(password: "wrong password!")) }
                    == .wrongCredentials)
                _ = try await client.call(Auth.DeleteAccount.self, .init(password: user.password))
                #expect(!FileManager.default.fileExists(atPath: daemon.dataDir + "/vault/\(me.id).db"))
                #expect(!FileManager.default.fileExists(atPath: daemon.dataDir + "/blobs/\(me.id)"))
                #expect(await errorCode { _ = try await client.call(Auth.Whoami.self, Empty()) } == .notAuthenticated)
                #expect(await errorCode { _ = try await login(client, user) } == .wrongCredentials)
                #expect(await errorCode {
                    _ = try await client.call(Auth.Recover.self, .init(login: user.username, recoveryKey: user.recoveryKey, newPassword: "x long password"))
                } == .wrongCredentials)
            }
            #expect(try filesContaining([marker, marker.lowercased()], under: daemon.directory).isEmpty)
        }
    }

    @Test func rolesAreEnforcedBeforeTheHandler() async throws {
        try await withTestDaemon { daemon in
            try await RPCClient.withConnection(socketPath: daemon.socketPath) { client in
                let candidate = try await register(client, "mona", role: .candidate)
                _ = try await login(client, candidate)
                #expect(await errorCode { _ = try await client.call("test.recruiter", params: nil as JSONValue?) } == .forbidden)
                let recruiter = try await register(client, "nick", role: .recruiter)
                _ = try await login(client, recruiter)
                #expect(try await client.call("test.recruiter", params: nil as JSONValue?) == .object([:]))
            }
        }
    }

    @Test func anIdleVaultIsLockedAndReopenedByTheToken() async throws {
        let clock = TestClock()
        // The lock time as shipped (30 minutes): the sweep, every minute of real time, does not
        // run during the test, so the vault is refused the moment it is idle, sweep or not.
        try await withTestDaemon(clock: clock) { daemon in
            try await RPCClient.withConnection(socketPath: daemon.socketPath) { client in
                let user = try await register(client, "olga")
                let token = try await login(client, user)
                #expect(try await client.call("test.vault", params: nil as JSONValue?) == 0)
                clock.advance(by: .seconds(29 * 60))
                #expect(try await client.call("test.vault", params: nil as JSONValue?) == 0, "a call keeps the vault open")
                // No call for the lock time.
                clock.advance(by: .seconds(30 * 60))
                let locked = await errorCode { _ = try await client.call("test.vault", params: nil as JSONValue?) } == .vaultLocked
                #expect(locked)
                _ = try await client.call(Auth.Attach.self, .init(token: token))
                #expect(try await client.call("test.vault", params: nil as JSONValue?) == 0)
            }
        }
    }

    /// A call that runs longer than the idle lock keeps its vault: the sweep never closes a
    /// store under a running call (that crashed the daemon in a 30-minute jobs.process through
    /// a slow LLM), and the call's end counts as a use.
    @Test func aCallLongerThanTheIdleLockKeepsItsVault() async throws {
        let clock = TestClock()
        try await withTestDaemon(clock: clock, configure: { $0.maintenanceInterval = .milliseconds(50) }) { daemon in
            try await RPCClient.withConnection(socketPath: daemon.socketPath) { client in
                _ = try await login(client, try await register(client, "long"))
                // The clock moves once the call is running (its first progress report), not before.
                let (running, started) = AsyncStream.makeStream(of: Void.self)
                let call = Task {
                    try await client.call(TestMethods.Run.self, .init(milliseconds: 3000, background: false)) { _ in started.yield() }
                }
                for await _ in running { break }
                clock.advance(by: .seconds(31 * 60))
                // Several sweeps run while the call sleeps.
                let result = try await call.value
                #expect(result.blobs == 0)
                #expect(try await client.call("test.vault", params: nil as JSONValue?) == 0, "the call's end was a use")
            }
        }
    }

    @Test func aBoundSessionEndsAfterItsIdleTime() async throws {
        let clock = TestClock()
        try await withTestDaemon(clock: clock) { daemon in
            try await RPCClient.withConnection(socketPath: daemon.socketPath) { client in
                let user = try await register(client, "petra")
                _ = try await login(client, user, ttl: 60)
                // Each call slides the idle expiry: two minutes in all, never a minute idle.
                for _ in 0..<4 {
                    clock.advance(by: .seconds(30))
                    #expect(try await client.call(Auth.Whoami.self, Empty()).username == "petra")
                }
                clock.advance(by: .seconds(61))
                #expect(await errorCode { _ = try await client.call(Auth.Whoami.self, Empty()) } == .sessionExpired)
            }
        }
    }

    @Test func theBackoffEndsWhenItsTimeHasPassed() async throws {
        let clock = TestClock()
        var accounts = AccountSettings.forTests
        accounts.firstBackoffSeconds = 120
        try await withTestDaemon(accounts: accounts, clock: clock) { daemon in
            try await RPCClient.withConnection(socketPath: daemon.socketPath) { client in
                let user = try await register(client, "quin")
                for _ in 0..<5 {
                    #expect(await errorCode { _ = try await client.call(Auth.Login.self, .init(login: "quin", password: "wrong password!")) }
                        == .wrongCredentials)
                }
                clock.advance(by: .seconds(119))
                do {
                    _ = try await login(client, user)
                    Issue.record("the sixth attempt should wait")
                } catch let error as RPCError {
                    #expect(error.code == .rateLimited)
                    #expect(error.data?["retryAfterSeconds"]?.intValue == 1)
                }
                clock.advance(by: .seconds(2))
                _ = try await login(client, user)
            }
        }
    }

    @Test func accountDataIsNotOnDiskInPlaintext() async throws {
        try await withTestDaemon { daemon in
            let marker = "PLAIN\(UInt32.random(in: 0...UInt32.max))"
            try await RPCClient.withConnection(socketPath: daemon.socketPath) { client in
                let user = try await client.call(
                    Auth.Register.self,
                    .init(
                        username: marker.lowercased(), email: "\(marker)@example.com", password: "pw-\(marker)-long",
                        role: .recruiter, displayName: "Display \(marker)"))
                _ = try await client.call(Auth.Login.self, .init(login: marker.lowercased(), password: "pw-\(marker)-long"))
                _ = user
                #expect(try filesContaining([marker, marker.lowercased()], under: daemon.directory).isEmpty)
            }
        }
    }
}

/// For every method that needs a session: a second user's session can neither see nor
/// change the first user's data. Grows with every method that holds user data.
@Suite struct AccessMatrixTests {
    @Test func anotherUserCanNeitherSeeNorChangeYourAccount() async throws {
        try await withTestDaemon { daemon in
            try await RPCClient.withConnection(socketPath: daemon.socketPath) { alice in
                try await RPCClient.withConnection(socketPath: daemon.socketPath) { bob in
                    let a = try await register(alice, "alice", password: "alice's own passphrase")
                    let b = try await register(bob, "bobby", password: "bobby's own passphrase")
                    let aliceToken = try await login(alice, a)
                    _ = try await login(bob, b)
                    let aliceSession = try #require(try await alice.call(Auth.Sessions.self, Empty()).sessions.first).id
                    var covered: Set<String> = []
                    // auth.whoami, auth.sessions: only your own.
                    #expect(try await bob.call(Auth.Whoami.self, Empty()).username == "bobby")
                    covered.insert("auth.whoami")
                    #expect(try await bob.call(Auth.Sessions.self, Empty()).sessions.allSatisfy { $0.id != aliceSession })
                    covered.insert("auth.sessions")
                    // auth.revoke of someone else's session: not found, and it still works.
                    #expect(await errorCode { _ = try await bob.call(Auth.Revoke.self, .init(sessionId: aliceSession)) } == .sessionNotFound)
                    covered.insert("auth.revoke")
                    // Alice's password opens nothing from Bob's session.
                    #expect(await errorCode {
                        _ = try await bob.call(Auth.ChangePassword.self, .init(currentPassword: a.password, newPassword: "taken over passphrase"))
                    } == .wrongCredentials)
                    covered.insert("auth.changePassword")
                    let deleteCode = await errorCode { _ = try await bob.call(Auth.DeleteAccount.self, .init(password: a.password)) }
                    #expect(deleteCode == .wrongCredentials, "\(String(describing: deleteCode))")
                    covered.insert("auth.deleteAccount")
                    // Bob's vault is his own.
                    #expect(try await bob.call("test.vault", params: nil as JSONValue?) == 0)
                    covered.insert("test.vault")
                    covered.formUnion(try await boardIsolation(alice: alice, bob: bob))
                    covered.formUnion(try await matchingIsolation(alice: alice, bob: bob))
                    covered.formUnion(try await runAndEventIsolation(alice: alice, bob: bob))
                    covered.formUnion(try await hiringIsolation(alice: alice, bob: bob, socketPath: daemon.socketPath))
                    covered.formUnion(try await orgIsolation(alice: alice, bob: bob))
                    // LLM providers and their keys are each user's own.
                    _ = try await alice.call(
                        Providers.Set.self, .init(name: "p", kind: .openai, baseURL: "http://127.0.0.1:9/v1", model: "m", apiKey: "alice-key"))
                    #expect(try await bob.call(Providers.List.self, Empty()).providers.isEmpty)
                    #expect(await errorCode { _ = try await bob.call(Providers.Test.self, .init(name: "p")) } == .unknownProvider)
                    #expect(await errorCode { _ = try await bob.call(Providers.Delete.self, .init(name: "p")) } == .unknownProvider)
                    _ = try await bob.call(Providers.Set.self, .init(name: "p", kind: .anthropic, baseURL: "https://example.com/v1", model: "b"))
                    let alices = try await alice.call(Providers.List.self, Empty()).providers
                    #expect(alices.map(\.model) == ["m"] && alices.first?.hasApiKey == true)
                    covered.formUnion(["providers.set", "providers.list", "providers.test", "providers.delete"])
                    // Bob logging out everywhere ends none of Alice's sessions.
                    _ = try await bob.call(Auth.Logout.self, .init(all: true))
                    covered.insert("auth.logout")
                    #expect(try await alice.call(Auth.Whoami.self, Empty()).username == "alice")
                    try await RPCClient.withConnection(socketPath: daemon.socketPath) { third in
                        _ = try await third.call(Auth.Attach.self, .init(token: aliceToken))
                    }
                    let sessionMethods = Set(Catalogue.methods.filter { $0.descriptor.access != .public }.map(\.name))
                    #expect(sessionMethods.subtracting(covered).isEmpty, "not covered: \(sessionMethods.subtracting(covered))")
                }
            }
        }
    }
}

/// Alice's board is invisible and untouchable from Bob's session, method by method.
func boardIsolation(alice: RPCClient, bob: RPCClient) async throws -> Set<String> {
    let csv = "JobID,Company,State,CAT,Notes\nA-1,Acme,TX,A,alice only\nA-2,Acme,CA,B,alice only\n"
    let imported = try #require(try await alice.call(MTB.Import.self, .init(csv: csv)).runId)
    let filterRun = try await alice.call(MTB.Filter.self, .init(filters: ["state": FilterValues(["TX"])])).runId
    var covered: Set<String> = []
    #expect(try await bob.call(MTB.Columns.self, Empty()).columns.count == 20)
    covered.insert("mtb.columns")
    #expect(try await bob.call(MTB.Values.self, .init(column: "state")).values.isEmpty)
    covered.insert("mtb.values")
    #expect(try await bob.call(MTB.Filter.self, .init(filters: ["state": FilterValues(["TX"])], save: false)).total == 0)
    covered.insert("mtb.filter")
    #expect(try await bob.call(Jobs.List.self, .init()).total == 0)
    covered.insert("jobs.list")
    #expect(await errorCode { _ = try await bob.call(Jobs.Get.self, .init(jobId: "A-1")) } == .jobNotFound)
    covered.insert("jobs.get")
    #expect(await errorCode { _ = try await bob.call(Jobs.Update.self, JobFields(jobId: "A-1")) } == .jobNotFound)
    covered.insert("jobs.update")
    #expect(await errorCode { _ = try await bob.call(Jobs.ConfirmDescription.self, .init(jobId: "A-1")) } == .jobNotFound)
    covered.insert("jobs.confirmDescription")
    #expect(try await bob.call(Jobs.Delete.self, .init(jobIds: ["A-1", "A-2"])).deleted == 0)
    covered.insert("jobs.delete")
    #expect(try await bob.call(Jobs.Search.self, .init(query: "alice")).hits.isEmpty)
    covered.insert("jobs.search")
    #expect(try await bob.call(Jobs.Export.self, .init()).rows == 0)
    covered.insert("jobs.export")
    // Bob creating and importing the same ids changes only his own board.
    _ = try await bob.call(Jobs.Create.self, JobFields(jobId: "A-1"))
    covered.insert("jobs.create")
    _ = try await bob.call(Jobs.Import.self, .init(csv: "JobID,Company\nA-2,Bobco\n", mode: .replace, confirm: true))
    covered.insert("jobs.import")
    // Bob's undo puts back his own board, nobody else's.
    #expect(try await bob.call(MTB.Undo.self, Empty()).restored == 1)
    covered.insert("mtb.undo")
    _ = try await bob.call(MTB.Import.self, .init(csv: "JobID,Company\nA-3,Bobco\n"))
    covered.insert("mtb.import")
    #expect(try await bob.call(History.List.self, .init()).runs.allSatisfy { $0.id != imported && $0.id != filterRun })
    covered.insert("history.list")
    #expect(await errorCode { _ = try await bob.call(History.Get.self, .init(runId: imported)) } == .runNotFound)
    covered.insert("history.get")
    #expect(try await bob.call(History.Delete.self, .init(runIds: [imported])).deleted == 0)
    covered.insert("history.delete")
    #expect(await errorCode { _ = try await bob.call(History.Export.self, .init(runIds: [imported], dir: "/tmp")) } == .runNotFound)
    covered.insert("history.export")
    #expect(await errorCode { _ = try await bob.call(History.Original.self, .init(runId: imported)) } == .runNotFound)
    covered.insert("history.original")
    // Bob's verify checks his own vault (which is whole), never Alice's.
    let verified = try await bob.call(Vault.Verify.self, Empty())
    #expect(verified.ok && verified.damaged.isEmpty)
    covered.insert("vault.verify")
    #expect(try await bob.call(Stats.Get.self, Empty()).jobs == 2)
    covered.insert("stats.get")
    // Alice's board is as she left it.
    #expect(try await alice.call(Jobs.Get.self, .init(jobId: "A-1")).company == "Acme")
    #expect(try await alice.call(Jobs.List.self, .init()).total == 2)
    #expect(try await alice.call(History.Get.self, .init(runId: imported)).kind == "mtb.import")
    return covered
}

/// Alice's resumes, descriptions, profiles and matches are invisible and untouchable from Bob's session.
func matchingIsolation(alice: RPCClient, bob: RPCClient) async throws -> Set<String> {
    let resume = try #require(
        try await alice.call(Resumes.Add.self, .init(text: "Ana Ruiz\nSenior Swift engineer, 8 years. Skills: Swift, iOS, SQLite.", filename: "ana.txt"))
            .resumes.first)
    let folder = try makeTemporaryDirectory("jd")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    try "Swift engineer. Requirements: Swift, SQLite.".write(toFile: folder + "/a1.txt", atomically: false, encoding: .utf8)
    _ = try await alice.call(Jobs.AttachDescription.self, .init(jobId: "A-1", path: folder + "/a1.txt"))
    let run = try await alice.call(Match.Run.self, .init(resumeIds: [resume.id], topK: 2))
    var covered: Set<String> = []
    #expect(try await bob.call(Resumes.List.self, .init()).resumes.isEmpty)
    covered.insert("resumes.list")
    #expect(await errorCode { _ = try await bob.call(Resumes.Get.self, .init(resumeId: resume.id)) } == .resumeNotFound)
    covered.insert("resumes.get")
    let notBobs = try await bob.call(Resumes.Delete.self, .init(resumeIds: [resume.id]))
    #expect(notBobs.deleted == 0 && notBobs.notFound == [resume.id])
    covered.insert("resumes.delete")
    #expect(await errorCode { _ = try await bob.call(Resumes.Original.self, .init(resumeId: resume.id)) } == .resumeNotFound)
    covered.insert("resumes.original")
    // Bob's A-1 is his own, without a description file; Alice's has one.
    #expect(try await alice.call(Jobs.DescriptionOriginal.self, .init(jobId: "A-1")).filename == "a1.txt")
    #expect(await errorCode { _ = try await bob.call(Jobs.DescriptionOriginal.self, .init(jobId: "A-1")) } == .noOriginal)
    covered.insert("jobs.descriptionOriginal")
    #expect(await errorCode { _ = try await bob.call(Match.Get.self, .init(runId: run.runId)) } == .runNotFound)
    covered.insert("match.get")
    #expect(await errorCode { _ = try await bob.call(Match.Export.self, .init(runId: run.runId)) } == .runNotFound)
    covered.insert("match.export")
    // Alice's labels and model are hers: Bob cannot label her run, and his model knows nothing of her labels.
    let pair = try #require(run.matches.first)
    _ = try await alice.call(Match.Feedback.self, .init(runId: run.runId, resumeId: pair.resumeId, jobId: pair.jobId, label: .good))
    #expect(
        await errorCode {
            _ = try await bob.call(Match.Feedback.self, .init(runId: run.runId, resumeId: pair.resumeId, jobId: pair.jobId, label: .bad))
        } == .runNotFound)
    covered.insert("match.feedback")
    #expect(try await bob.call(Match.Model.self, .init(forgetLabels: true)).forgotLabels == 0)
    covered.insert("match.model")
    #expect(try await alice.call(Match.Model.self, .init()).labels == 1)
    // Bob's own calls see only his data: his board has A-1 and A-3 (after his undo), and no resumes of Alice.
    #expect(await errorCode { _ = try await bob.call(Match.Run.self, .init(resumeIds: [resume.id])) } == .resumeNotFound)
    covered.insert("match.run")
    let bobs = try await bob.call(Resumes.Add.self, .init(text: "Bo Lind\nWarehouse lead. Forklift, inventory.", filename: "bo.txt"))
    #expect(bobs.resumes.count == 1)
    covered.insert("resumes.add")
    _ = try await bob.call(Jobs.AttachDescription.self, .init(jobId: "A-3", text: "Bob's own description of his A-3"))
    covered.insert("jobs.attachDescription")
    #expect(try await bob.call(Jobs.Process.self, .init()).failed == 0)
    covered.insert("jobs.process")
    // Alice's data is as she left it.
    #expect(try await alice.call(Resumes.Get.self, .init(resumeId: resume.id)).skills.contains("Swift"))
    #expect(try await alice.call(Jobs.Get.self, .init(jobId: "A-1")).description?.contains("Swift engineer") == true)
    #expect(try await alice.call(Match.Get.self, .init(runId: run.runId)).matches == run.matches)
    return covered
}

/// Alice's postings and the applications to them, and one candidate's applications, are
/// untouchable and unreadable from another recruiter's (Bob's) or another candidate's session.
func hiringIsolation(alice: RPCClient, bob: RPCClient, socketPath: String) async throws -> Set<String> {
    let cara = try await RPCClient.connect(socketPath: socketPath)
    let dave = try await RPCClient.connect(socketPath: socketPath)
    defer { Task { await cara.close(); await dave.close() } }
    _ = try await login(cara, try await register(cara, "cara", role: .candidate))
    _ = try await login(dave, try await register(dave, "dave", role: .candidate))
    var covered: Set<String> = []
    let posting = try await alice.call(Postings.Publish.self, .init(title: "Swift dev", description: "Swift and SQLite."))
    _ = try await bob.call(Postings.Publish.self, .init(title: "Bob's own", description: "Forklift."))
    covered.insert("postings.publish")
    let resume = try await addResume(cara, "Cara Diaz\nSwift engineer. Swift, SQLite.", "cara.txt")
    let sent = try await cara.call(Applications.Submit.self, .init(postingId: posting.id, resumeId: resume, coverLetter: "cara only"))
    #expect(await errorCode { _ = try await dave.call(Applications.Submit.self, .init(postingId: posting.id, resumeId: resume)) } == .resumeNotFound)
    covered.insert("applications.submit")
    // Postings are public, their counts are the owner's.
    #expect(try await bob.call(Postings.List.self, .init()).postings.allSatisfy { $0.recruiter.displayName == "Name bobby" || $0.applicationCount == nil })
    covered.insert("postings.list")
    #expect(try await bob.call(Postings.Get.self, .init(postingId: posting.id)).applicationCount == nil)
    covered.insert("postings.get")
    #expect(await errorCode { _ = try await bob.call(Postings.Update.self, .init(postingId: posting.id, title: "Taken")) } == .postingForbidden)
    covered.insert("postings.update")
    #expect(await errorCode { _ = try await bob.call(Postings.Close.self, .init(postingId: posting.id)) } == .postingForbidden)
    covered.insert("postings.close")
    #expect(await errorCode { _ = try await bob.call(Postings.Delete.self, .init(postingId: posting.id)) } == .postingForbidden)
    covered.insert("postings.delete")
    #expect(await errorCode { _ = try await dave.call(Postings.Match.self, .init(resumeId: resume)) } == .resumeNotFound)
    covered.insert("postings.match")
    // Applications: only their two parties.
    #expect(try await dave.call(Applications.Mine.self, .init()).applications.isEmpty)
    covered.insert("applications.mine")
    #expect(await errorCode { _ = try await dave.call(Applications.Withdraw.self, .init(applicationId: sent.id)) } == .applicationNotFound)
    covered.insert("applications.withdraw")
    #expect(await errorCode { _ = try await bob.call(Applications.List.self, .init(postingId: posting.id)) } == .postingForbidden)
    #expect(try await bob.call(Applications.List.self, .init()).applications.isEmpty)
    covered.insert("applications.list")
    #expect(await errorCode { _ = try await bob.call(Applications.Get.self, .init(applicationId: sent.id)) } == .applicationNotFound)
    #expect(await errorCode { _ = try await dave.call(Applications.Get.self, .init(applicationId: sent.id)) } == .applicationNotFound)
    covered.insert("applications.get")
    #expect(
        await errorCode { _ = try await bob.call(Applications.SetStatus.self, .init(applicationIds: [sent.id], status: .rejected)) }
            == .applicationNotFound)
    covered.insert("applications.setStatus")
    #expect(await errorCode { _ = try await bob.call(Applications.Export.self, .init(postingId: posting.id)) } == .postingForbidden)
    covered.insert("applications.export")
    // Interviews: only their two parties, whose ids are not found from anyone else's session.
    #expect(await errorCode { _ = try await bob.call(Interviews.Create.self, .init(applicationId: sent.id)) } == .applicationNotFound)
    let interview = try await alice.call(Interviews.Create.self, .init(applicationId: sent.id, count: 3))
    covered.insert("interviews.create")
    #expect(try await dave.call(Interviews.List.self, .init()).interviews.isEmpty)
    #expect(try await bob.call(Interviews.List.self, .init(applicationId: sent.id)).interviews.isEmpty)
    covered.insert("interviews.list")
    for intruder in [bob, dave] {
        #expect(await errorCode { _ = try await intruder.call(Interviews.Get.self, .init(interviewId: interview.id)) } == .interviewNotFound)
    }
    covered.insert("interviews.get")
    #expect(
        await errorCode {
            _ = try await dave.call(Interviews.Answer.self, .init(interviewId: interview.id, questionId: "q1", text: "dave's answer"))
        } == .interviewNotFound)
    let answered = try await cara.call(
        Interviews.Answer.self,
        .init(
            interviewId: interview.id, questionId: "q1", text: "cara's answer",
            artifactsData: [ArtifactData(filename: "cara.swift", base64: Data("print(1)".utf8).base64EncodedString())]))
    covered.insert("interviews.answer")
    let artifactId = try #require(answered.artifacts?.first?.id)
    #expect(await errorCode { _ = try await dave.call(Interviews.Submit.self, .init(interviewId: interview.id)) } == .interviewNotFound)
    covered.insert("interviews.submit")
    for intruder in [bob, dave] {
        #expect(
            await errorCode { _ = try await intruder.call(Interviews.Artifact.self, .init(interviewId: interview.id, artifactId: artifactId)) }
                == .interviewNotFound)
    }
    covered.insert("interviews.artifact")
    _ = try await cara.call(Interviews.Submit.self, .init(interviewId: interview.id))
    #expect(
        await errorCode { _ = try await bob.call(Interviews.Review.self, .init(interviewId: interview.id, decision: .reject)) }
            == .interviewNotFound)
    covered.insert("interviews.review")
    #expect(try await alice.call(Interviews.Get.self, .init(interviewId: interview.id)).status == .submitted)
    // As their parties left them (the interview put the application at interviewing).
    let received = try await alice.call(Applications.Get.self, .init(applicationId: sent.id))
    #expect(received.status == .interviewing && received.coverLetter == "cara only")
    #expect(try await cara.call(Applications.Get.self, .init(applicationId: sent.id)).status == .interviewing)
    #expect(try await alice.call(Postings.Get.self, .init(postingId: posting.id)).title == "Swift dev")
    return covered
}
