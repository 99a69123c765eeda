import Foundation

/// A moment in UTC to the second, as ISO 8601 ("2026-12-02T19:08:32Z"): what Foundation's
/// `ISO8601DateFormatter` writes with its default options, without it. That formatter loads ICU's
/// calendar data the first time a process uses it (about 5 ms, a tenth of a warm dry run's planning).
/// Dates before the Gregorian reform of 1582 are written in the proleptic Gregorian calendar, as
/// ISO 8601 has it; Foundation's formatter switches to the Julian one there.
public enum UTCTimestamp {
    public static func string(from date: Date) -> String {
        // Foundation rounds to milliseconds first (x.9999 s is the next second), then drops them.
        var seconds = time_t(((date.timeIntervalSince1970 * 1000).rounded() / 1000).rounded(.down))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func padded(_ value: Int32, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return padded(parts.tm_year + 1900, 4) + "-" + padded(parts.tm_mon + 1, 2) + "-" + padded(parts.tm_mday, 2)
            + "T" + padded(parts.tm_hour, 2) + ":" + padded(parts.tm_min, 2) + ":" + padded(parts.tm_sec, 2) + "Z"
    }
}
