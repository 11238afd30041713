import Foundation
import HireCore
import HireRPC
import Logging
import Synchronization

/// Keeps an event for a user whose vault is not open, until it next opens. The sealed inbox in
/// `system.db` provides it (a message of kind `event`, sealed to the user's public key and
/// moved into their vault when it unlocks); `EventHub` calls it for every event whose user's
/// vault is locked.
package protocol OfflineEventDelivery: Sendable {
    /// Keeps `event` for `userId`; false when it could not be kept (it is then lost).
    func deliver(_ event: NewEvent, to userId: String) async throws -> Bool
}

/// No offline delivery: an event for a user whose vault is locked is not kept.
struct NoOfflineDelivery: OfflineEventDelivery {
    func deliver(_ event: NewEvent, to userId: String) async throws -> Bool { false }
}

/// The one way the daemon tells a user what happened: `record` appends the event to the user's
/// log (in their vault, or through `OfflineEventDelivery` when it is locked), pushes it to
/// that user's live subscribers (`events.subscribe`) and starts the hook configured for its
/// topic. One per daemon, made in `buildDaemon`.
final class EventHub: Sendable {
    /// A connection subscribed to a user's events.
    private struct Subscriber {
        let userId: String
        /// nil: every topic.
        let topics: Set<EventTopic>?
        let send: @Sendable (StoredEvent) -> Void
    }

    /// The user's vault, held until released, if it is open (for requests or a run), else nil.
    private let openVault: @Sendable (String) -> VaultHold?
    private let offline: any OfflineEventDelivery
    private let hooks: EventHooks
    private let clock: any Clock
    private let logger: Logger
    private let subscribers = Mutex<[UUID: Subscriber]>([:])

    init(
        openVault: @escaping @Sendable (String) -> VaultHold?, offline: any OfflineEventDelivery = NoOfflineDelivery(),
        hooks: EventHooks, clock: any Clock, logger: Logger
    ) {
        self.openVault = openVault
        self.offline = offline
        self.hooks = hooks
        self.clock = clock
        self.logger = logger
    }

    /// Records an event of `topic` saying `data` for `userId`, dated now. Never throws: an event
    /// that cannot be kept is logged (by topic only) and the caller's work goes on.
    func record(_ topic: EventTopic, data: [String: JSONValue], for userId: String) async {
        await record(NewEvent(topic: topic, at: clock.now, data: JSONValue.object(data).jsonString), for: userId)
    }

    /// Records `event` for `userId`: into their log when their vault is open, then to their
    /// live subscribers; else through the offline delivery. The topic's hook runs either way.
    func record(_ event: NewEvent, for userId: String) async {
        var stored: StoredEvent?
        do {
            if let hold = openVault(userId) {
                defer { hold.release() }
                stored = try await hold.store.appendEvent(event)
            } else if try await !offline.deliver(event, to: userId) {
                logger.info("event not kept: the user's vault is locked", metadata: ["event.topic": "\(event.topic.rawValue)"])
            }
        } catch {
            logger.error("event not kept: the store failed", metadata: ["event.topic": "\(event.topic.rawValue)"])
        }
        if let stored { push(stored, to: userId) }
        hooks.run(for: event, id: stored?.id, userId: userId)
    }

    private func push(_ event: StoredEvent, to userId: String) {
        let receivers = subscribers.withLock { subscribers in
            subscribers.values.filter { $0.userId == userId && ($0.topics?.contains(event.topic) ?? true) }.map(\.send)
        }
        for send in receivers { send(event) }
    }

    /// Sends each new event of `userId` (of `topics`, or all when nil) to `send` until
    /// `unsubscribe(key)`; a second subscription with the same key replaces the first.
    func subscribe(key: UUID, userId: String, topics: Set<EventTopic>?, send: @escaping @Sendable (StoredEvent) -> Void) {
        subscribers.withLock { $0[key] = Subscriber(userId: userId, topics: topics, send: send) }
    }

    func unsubscribe(key: UUID) {
        subscribers.withLock { _ = $0.removeValue(forKey: key) }
    }
}
