import Foundation
import HireCore
import HireCrypto
import Logging
import Synchronization

/// What a sealed message is; its handler takes it into the recipient's vault. A kind is a
/// name: a new one is a `static let` here and a handler registered with ``Inbox/handle(_:with:)``.
struct InboxKind: RawRepresentable, Hashable, Sendable {
    var rawValue: String

    /// A candidate's application, to the posting's recruiter.
    static let application = InboxKind(rawValue: "application")
    /// A status change of an application: the recruiter's (without note) to the candidate,
    /// or the candidate's withdrawal to the recruiter.
    static let applicationStatus = InboxKind(rawValue: "applicationStatus")
    /// An interview's questions (without rubrics), to the candidate.
    static let interview = InboxKind(rawValue: "interview")
    /// A candidate's submitted answers and files, to the recruiter.
    static let interviewSubmission = InboxKind(rawValue: "interviewSubmission")
    /// Word that the recruiter reviewed an interview (no decision, rating or notes), to the candidate.
    static let interviewReviewed = InboxKind(rawValue: "interviewReviewed")
    /// An event for a user whose vault was locked when it happened (``InboxEventDelivery``).
    static let event = InboxKind(rawValue: "event")
}

/// The sealed inbox between users (CRYPTO.md §4), over the ``Exchange``: a sender seals a
/// message of some kind to the recipient's public key and leaves it there, whether the
/// recipient is logged in, in this process or not; the recipient's daemon opens it when
/// their vault is open, and the kind's handler moves it into the vault.
///
/// Delivery is crash-safe: a batch of messages is committed to the vault first (handlers
/// must be idempotent: a message may be handled again after a crash), then deleted from the
/// inbox. Deliveries to one user take turns.
final class Inbox: Sendable {
    /// Takes the bodies (JSON) of one kind's messages into a user's vault, in arrival order;
    /// returns the count of those that did not decode (dropped).
    private typealias Handler = @Sendable (_ bodies: [Data], _ userId: String, _ vault: any UserStore) async throws -> Int

    let exchange: any Exchange
    let clock: any Clock
    private let logger: Logger
    private let handlers = Mutex<[InboxKind: Handler]>([:])
    /// Run after every delivery, once the inbox is empty (``settle(_:)``).
    private let settlers = Mutex<[@Sendable (_ userId: String, _ vault: any UserStore) async throws -> Void]>([])
    /// Each user's delivery in progress: the next one waits for it.
    private let deliveries = Mutex<[String: Task<Void, any Error>]>([:])
    /// Messages opened per batch (and per vault transaction of a handler).
    private let batchSize = 200

    init(exchange: any Exchange, clock: any Clock, logger: Logger) {
        self.exchange = exchange
        self.clock = clock
        self.logger = logger
    }

    /// Sets the handler of a kind: it takes the kind's decoded bodies into the user's vault, in
    /// arrival order, and must be idempotent. A body that does not decode as `Body` is dropped
    /// with a warning, so one bad message never holds up the others.
    func handle<Body: Decodable & Sendable>(
        _ kind: InboxKind, as _: Body.Type,
        with handler: @escaping @Sendable (_ bodies: [Body], _ userId: String, _ vault: any UserStore) async throws -> Void
    ) {
        handlers.withLock {
            $0[kind] = { data, userId, vault in
                let decoder = JSONDecoder()
                let bodies = data.compactMap { try? decoder.decode(Body.self, from: $0) }
                try await handler(bodies, userId, vault)
                return data.count - bodies.count
            }
        }
    }

    /// Adds work that follows a delivery once the inbox is empty, when it delivered something
    /// and at every unlock of the vault (so after a crash too): what is cheaper done once than
    /// per batch, such as scoring the applications that arrived. It must find its work from
    /// the vault (and the exchange) alone.
    func settle(_ work: @escaping @Sendable (_ userId: String, _ vault: any UserStore) async throws -> Void) {
        settlers.withLock { $0.append(work) }
    }

    /// Seals `body` (JSON) as a message of `kind` to `recipientId`'s public key (or to `key`,
    /// an org's) and leaves it in the inbox; `recipientHasNoKey` when they have none yet.
    func send(_ kind: InboxKind, _ body: some Encodable, to recipientId: String, sealedTo key: Data? = nil) async throws {
        var sealKey = key
        if sealKey == nil { sealKey = try await exchange.member(id: recipientId)?.publicKey }
        guard let key = sealKey else { throw ExchangeError.recipientHasNoKey(recipientId) }
        let plaintext = Array(kind.rawValue.utf8) + [0x0A] + Array(try JSONEncoder().encode(body))
        let sealed = try SealedBox.seal(plaintext, to: Array(key))
        try await exchange.putMessage(
            InboxMessage(id: UUID().uuidString.lowercased(), recipientId: recipientId, sealed: Data(sealed), createdAt: clock.now))
    }

    /// Sends what the other party should be told but the sender can do without: one who has
    /// no key any more (their account was deleted) has nobody left to tell, and the change
    /// that prompted it stands.
    func sendIfReachable(_ kind: InboxKind, _ body: some Encodable, to recipientId: String) async throws {
        do {
            try await send(kind, body, to: recipientId)
        } catch ExchangeError.recipientHasNoKey {
            return
        }
    }

    /// Delivers every message waiting for `userId` into their vault, after any delivery to them
    /// already under way; with `settling`, the settling work runs even when nothing came (at a
    /// vault's unlock: it finds what a crash or a closing date left to do).
    func deliver(to userId: String, vault: any UserStore, settling: Bool = false) async throws {
        try await withDelivered(to: userId, vault: vault, settling: settling) {}
    }

    /// Delivers what waits for `userId`, then runs `body` in the same turn: no delivery to
    /// them and no other such body runs in between, so a change read from their vault and
    /// written back (a status) is never lost to a delivery that writes the same rows. When the
    /// exchange is unreachable, `body` runs on what the vault holds.
    func withDelivered<T: Sendable>(
        to userId: String, vault: any UserStore, settling: Bool = false, _ body: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        let (task, turn) = deliveries.withLock { running in
            let previous = running[userId]
            let task = Task<T, any Error> {
                _ = await previous?.result
                do {
                    try await self.drain(userId: userId, vault: vault, settling: settling)
                } catch let away as ExchangeUnreachable {
                    // Local-first: what the vault holds is served while a shared exchange is
                    // away; what waits there is delivered at the next call or round.
                    self.logger.notice("inbox not delivered", metadata: ["user.id": "\(userId)", "error": "\(away)"])
                }
                return try await body()
            }
            let turn = Task<Void, any Error> { _ = try await task.value }
            running[userId] = turn
            return (task, turn)
        }
        defer {
            deliveries.withLock { running in
                if running[userId] == turn { running[userId] = nil }
            }
        }
        return try await task.value
    }

    /// Batch after batch: opens the messages, hands each kind's to its handler in the order
    /// the kinds first arrived, then deletes what was delivered (what a handler dropped too). A message that does not open
    /// (sealed to a key the user no longer has) is dropped with a warning; one of a kind
    /// without a handler stays for a daemon that knows it.
    /// Then, when it delivered something (or `settling`), the settling work runs.
    private func drain(userId: String, vault: any UserStore, settling: Bool) async throws {
        var skipped: Set<String> = []
        var delivered = false
        while true {
            let waiting = try await exchange.messages(to: userId, limit: batchSize + skipped.count).filter { !skipped.contains($0.id) }
            guard !waiting.isEmpty else {
                guard delivered || settling else { return }
                for work in settlers.withLock({ $0 }) { try await work(userId, vault) }
                return
            }
            var kinds: [InboxKind] = []
            var byKind: [InboxKind: [(id: String, body: Data)]] = [:]
            var done: [String] = []
            for message in waiting.prefix(batchSize) {
                guard let opened = try? vault.openSealed(message.sealed), let newline = opened.firstIndex(of: 0x0A) else {
                    logger.warning("dropped an inbox message that does not open", metadata: ["user.id": "\(userId)"])
                    done.append(message.id)
                    continue
                }
                let kind = InboxKind(rawValue: String(decoding: opened[..<newline], as: UTF8.self))
                guard handlers.withLock({ $0[kind] }) != nil else {
                    skipped.insert(message.id)
                    continue
                }
                if byKind[kind] == nil { kinds.append(kind) }
                byKind[kind, default: []].append((message.id, Data(opened[opened.index(after: newline)...])))
            }
            for kind in kinds {
                guard let handler = handlers.withLock({ $0[kind] }), let messages = byKind[kind] else { continue }
                let dropped = try await handler(messages.map(\.body), userId, vault)
                if dropped > 0 {
                    logger.warning(
                        "dropped inbox messages that do not decode",
                        metadata: ["user.id": "\(userId)", "kind": "\(kind.rawValue)", "count": "\(dropped)"])
                }
                done += messages.map(\.id)
            }
            try await exchange.deleteMessages(ids: done, to: userId)
            delivered = delivered || !done.isEmpty
        }
    }
}
