import Foundation
import HireCore

/// Events for a user whose vault is locked travel sealed through the inbox, like applications:
/// nothing of them is readable on disk until their next login or attach opens the vault, when
/// they join the user's event log in the order they were sent. A crash between the log's commit
/// and the inbox's delete delivers an event twice (its log entry repeats; its hook does not run
/// again: hooks run when an event is first recorded).
struct InboxEventDelivery: OfflineEventDelivery {
    /// An event as sealed in the inbox.
    struct Message: Codable, Sendable {
        var topic: EventTopic
        var at: Date
        var data: String
    }

    /// Weak: what the inbox holds (handlers, settling work) may hold the event hub, which holds
    /// this; a strong reference would keep the inbox, and `system.db` with it, open after the
    /// daemon stopped.
    private weak let inbox: Inbox?

    /// Registers, on `inbox`, the handler that appends delivered events to the user's log.
    init(inbox: Inbox) {
        self.inbox = inbox
        inbox.handle(.event, as: Message.self) { messages, _, vault in
            for message in messages { _ = try await vault.appendEvent(NewEvent(topic: message.topic, at: message.at, data: message.data)) }
        }
    }

    func deliver(_ event: NewEvent, to userId: String) async throws -> Bool {
        guard let inbox else { return false }
        do {
            try await inbox.send(.event, Message(topic: event.topic, at: event.at, data: event.data), to: userId)
            return true
        } catch ExchangeError.recipientHasNoKey {
            return false
        }
    }
}
