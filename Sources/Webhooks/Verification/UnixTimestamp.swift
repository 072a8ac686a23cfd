import Foundation

/// Unix-seconds timestamps as webhook headers carry them: ASCII decimal digits only, no sign.
enum UnixTimestamp {
    /// The instant `text` names, or nil if it is empty, holds a non-digit or has more than 12 digits
    /// (beyond year 33658, so no legitimate sender produces it).
    static func parse(_ text: some StringProtocol) -> Date? {
        guard (1...12).contains(text.utf8.count),
              text.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }),
              let seconds = Int64(text) else { return nil }
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }

    /// Whole Unix seconds of `date`, rounded down.
    static func format(_ date: Date) -> String {
        String(Int64(date.timeIntervalSince1970.rounded(.down)))
    }
}
