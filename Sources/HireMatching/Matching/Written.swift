import Foundation

/// Numbers as explanations and questions write them.
enum Written {
    /// A number as a person writes it: 7, 7.5 (a tenth at most). A value no `Int` holds, or
    /// none at all (a provider's or a text's absurd figure), is written without a crash.
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return value.isNaN ? "?" : value < 0 ? "-∞" : "∞" }
        let tenths = (value * 10).rounded() / 10
        guard abs(tenths) < 1e15 else { return String(format: "%.3g", value) }
        return tenths == tenths.rounded() ? String(Int(tenths)) : String(tenths)
    }
}
