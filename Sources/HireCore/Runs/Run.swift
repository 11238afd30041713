/// The state of a run.
public enum RunStatus: String, Codable, Sendable, CaseIterable {
    case pending, running, completed, failed, cancelled
}
