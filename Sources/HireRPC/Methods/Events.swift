import HireCore

extension EventTopic: SchemaStringEnum {}

/// One event of a user's log, as `events.list` returns it and `events.event` pushes it.
public struct EventView: Codable, Sendable, Equatable, SchemaDocumented {
    /// Grows with every event of the user: pass the last one seen as `since`.
    public var id: Int64
    public var topic: EventTopic
    /// RFC 3339, UTC.
    public var at: String
    /// What happened (a run's id, kind and status; an application's id; …).
    public var data: JSONValue

    public init(id: Int64, topic: EventTopic, at: String, data: JSONValue) {
        self.id = id
        self.topic = topic
        self.at = at
        self.data = data
    }

    public static let fieldDocs = [
        "id": "The event's id: ids grow with every event, so the last one seen is a cursor (since).",
        "topic": "What the event is about.", "at": "When it happened (RFC 3339, UTC).", "data": "What happened, per topic.",
    ]
}

/// What happens to the user without them asking: runs that end, applications, interviews.
public enum Events {
    /// The notification `events.subscribe` sends for each new event.
    public static let notification = "events.event"

    public enum Subscribe: RPCMethod {
        public static let descriptor = MethodDescriptor(
            name: "events.subscribe", summary: "Subscribe to new events (events.event notifications); hire events watch prints them.",
            details: "Until events.unsubscribe, logout or the connection's end; a subscribed connection is not closed for being idle. A second call replaces the topics. hire events watch prints the events as they come, until Ctrl-C.",
            access: .session, readOnly: true, verbAliases: ["watch"])
        public struct Params: Codable, Sendable, SchemaDocumented {
            public var topics: [EventTopic]?
            public init(topics: [EventTopic]? = nil) { self.topics = topics }
            public static let fieldDocs = ["topics": "Only events of these topics (default: all)."]
        }
        public struct Result: Codable, Sendable {
            /// The topics subscribed to.
            public var subscribed: [EventTopic]
            public init(subscribed: [EventTopic]) { self.subscribed = subscribed }
        }
        public static let example = Params(topics: [.runCompleted, .runFailed])
    }

    public enum Unsubscribe: RPCMethod {
        public static let descriptor = MethodDescriptor(
            name: "events.unsubscribe", summary: "Stop the events.event notifications on this connection.", access: .session,
            readOnly: true)
        public typealias Params = Empty
        public typealias Result = Empty
        public static let example = Empty()
    }

    public enum List: RPCMethod {
        public static let descriptor = MethodDescriptor(
            name: "events.list", summary: "List the events after a cursor, oldest first.", access: .session, readOnly: true)
        public struct Params: Codable, Sendable, SchemaDocumented {
            public var since: Int64?
            public var topics: [EventTopic]?
            public var limit: Int?
            public init(since: Int64? = nil, topics: [EventTopic]? = nil, limit: Int? = nil) {
                self.since = since
                self.topics = topics
                self.limit = limit
            }
            public static let fieldDocs = [
                "since": "Only events with a greater id (an event's id, or a nextCursor); default: from the first.",
                "topics": "Only events of these topics (default: all).", "limit": "Page size (default 50, max 1000).",
            ]
        }
        public struct Result: Codable, Sendable {
            public var events: [EventView]
            /// The id of the last event returned: pass it as `since` for what follows. Absent
            /// when none was returned (ask again with the same `since`).
            public var nextCursor: Int64?
            public init(events: [EventView], nextCursor: Int64?) {
                self.events = events
                self.nextCursor = nextCursor
            }
        }
        public static let example = Params(since: 41, topics: [.runCompleted])
    }
}
