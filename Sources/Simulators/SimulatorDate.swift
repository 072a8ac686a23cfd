import Foundation

/// The date-times simulators write and read (their reports' `since`, providers' timestamps): ISO 8601 in UTC with
/// milliseconds (`2020-07-15T14:31:16.000Z`).
enum SimulatorDate {
    static func format(_ date: Date) -> String {
        formatter(fractional: true).string(from: date)
    }

    /// Accepts a date-time with or without fractional seconds.
    static func parse(_ text: String) -> Date? {
        formatter(fractional: true).date(from: text) ?? formatter(fractional: false).date(from: text)
    }

    private static func formatter(fractional: Bool) -> ISO8601DateFormatter {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = fractional ? [.withInternetDateTime, .withFractionalSeconds] : [.withInternetDateTime]
        return formatter
    }
}
