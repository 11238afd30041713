import Foundation

/// What an event is about. Subscribers and `events.list` filter by topic, and the daemon's
/// configuration may name a hook command per topic.
public enum EventTopic: String, Codable, Sendable, CaseIterable {
    case runCompleted = "run.completed"
    case runFailed = "run.failed"
    case applicationReceived = "application.received"
    case applicationStatus = "application.status"
    case interviewAssigned = "interview.assigned"
    case interviewSubmitted = "interview.submitted"
    case interviewReviewed = "interview.reviewed"
    case postingClosed = "posting.closed"
}

/// An event to record for a user: its topic and what it says (a JSON object, as text).
public struct NewEvent: Sendable, Equatable {
    public var topic: EventTopic
    public var at: Date
    /// A JSON object, kept as text: each topic writes its own fields.
    public var data: String

    public init(topic: EventTopic, at: Date, data: String) {
        self.topic = topic
        self.at = at
        self.data = data
    }
}

/// An event as a user's log keeps it: ids grow with every event and are never reused, so the
/// last id seen is a cursor.
public struct StoredEvent: Sendable, Equatable {
    public var id: Int64
    public var topic: EventTopic
    public var at: Date
    public var data: String

    public init(id: Int64, topic: EventTopic, at: Date, data: String) {
        self.id = id
        self.topic = topic
        self.at = at
        self.data = data
    }
}
