import Foundation

/// A time as the wire shows it: RFC 3339 in UTC, to the second.
public func rfc3339(_ date: Date) -> String {
    date.formatted(.iso8601.year().month().day().dateSeparator(.dash).time(includingFractionalSeconds: false).timeSeparator(.colon).timeZone(separator: .omitted))
}
