import Foundation
import HireCore
import HireRPC

extension EventService: RegistrableService {
    /// `events.*`. Params become the service's arguments here, and stored events wire views.
    func registerMethods(with router: inout Router) {
        router.register(Events.List.self) { params, context in
            let events = try await self.list(
                since: params.since, topics: params.topics, limit: try Paging.limit(params.limit), vault: try context.store())
            return Events.List.Result(events: events.map(Self.view), nextCursor: events.last?.id)
        }
        router.register(Events.Subscribe.self, inline: { params, context in
            let userId = try context.userId()
            let slot = context.slot
            let connection = context.connection
            self.subscribe(userId: userId, topics: params.topics.map(Set.init), on: connection) { event in
                // A connection that has logged out (or in as someone else) hears no more.
                guard slot.current?.userId == userId, let params = try? RPCCoding.encode(Self.view(event)) else { return }
                connection.notify(Events.notification, params: params)
            }
            return Events.Subscribe.Result(subscribed: params.topics ?? EventTopic.allCases)
        })
        router.register(Events.Unsubscribe.self, inline: { _, context in
            self.unsubscribe(on: context.connection)
            return Empty()
        })
    }

    /// An event as the wire shows it.
    static func view(_ event: StoredEvent) -> EventView {
        EventView(id: event.id, topic: event.topic, at: rfc3339(event.at), data: (try? JSONValue(parsing: event.data)) ?? .object([:]))
    }
}
