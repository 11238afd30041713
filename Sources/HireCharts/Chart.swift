/// One chart of the dashboard: labelled bars, in the order they are drawn.
public struct Chart: Sendable, Equatable {
    /// A stable name (`jobs-by-state`), the SVG's id and the test's handle.
    public var id: String
    public var title: String
    /// What a bar counts ("jobs", "runs", "days").
    public var unit: String
    public var bars: [Bar]

    public struct Bar: Sendable, Equatable {
        public var label: String
        public var value: Double
        public init(label: String, value: Double) {
            self.label = label
            self.value = value
        }
    }

    public init(id: String, title: String, unit: String, bars: [Bar]) {
        self.id = id
        self.title = title
        self.unit = unit
        self.bars = bars
    }

    /// A value as the charts print it: whole numbers without a point, others with one decimal.
    public static func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String((value * 10).rounded() / 10)
    }
}
