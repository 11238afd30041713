import Foundation
import HireCore
import HireRPC

/// `events.*`: a user's event log, read by cursor, and live subscriptions to it on a connection.
struct EventService: Sendable {
    /// Where events are recorded and pushed to subscribers.
    let hub: EventHub

    /// `events.list`: events after `since`, oldest first.
    func list(since: Int64?, topics: [EventTopic]?, limit: Int, vault: some EventStore) async throws -> [StoredEvent] {
        try await vault.events(after: since, topics: topics, limit: limit)
    }

    /// Sends each new event of `userId` (of `topics`; all when nil) to `send` until the
    /// connection closes or `unsubscribe`; a second subscription on a connection replaces the first.
    func subscribe(
        userId: String, topics: Set<EventTopic>?, on connection: ConnectionLink, send: @escaping @Sendable (StoredEvent) -> Void
    ) {
        let key = connection.id
        hub.subscribe(key: key, userId: userId, topics: topics, send: send)
        connection.onClose(Self.subscription) { [hub] in hub.unsubscribe(key: key) }
    }

    /// Ends the connection's subscription, if it has one.
    func unsubscribe(on connection: ConnectionLink) {
        hub.unsubscribe(key: connection.id)
        connection.forgetOnClose(Self.subscription)
    }

    /// The name under which a subscription is tied to its connection.
    private static let subscription = "events.subscription"
}
