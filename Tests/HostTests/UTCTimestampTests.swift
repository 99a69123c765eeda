import Foundation
import Testing
import Host

@Suite struct UTCTimestampTests {
    /// The same text as Foundation's formatter (which reports and cache entries used before), for
    /// moments across eras, leap days, and fractions of a second just below the next one.
    @Test func writesWhatISO8601DateFormatterWrites() {
        let formatter = ISO8601DateFormatter()
        var generator = SystemRandomNumberGenerator()
        var moments: [Double] = [0, -1, 951_782_400, 1_709_164_800.999_9, 1_796_240_138.5, 4_102_444_799, 253_402_300_799, 1_796_240_138.999_6, -1_000.000_4]
        for _ in 0..<500 { moments.append(Double.random(in: -2_000_000_000...4_000_000_000, using: &generator)) }
        for moment in moments {
            let date = Date(timeIntervalSince1970: moment)
            #expect(UTCTimestamp.string(from: date) == formatter.string(from: date), "at \(moment)")
        }
        #expect(UTCTimestamp.string(from: Date(timeIntervalSince1970: 1_796_240_138)) == "2026-12-02T19:35:38Z")
        // Before 1582 Foundation writes Julian dates; ISO 8601 (and this) the proleptic Gregorian ones.
        #expect(UTCTimestamp.string(from: Date(timeIntervalSince1970: -62_135_596_800)) == "0001-01-01T00:00:00Z")
    }
}
