import Foundation
import Pipeline
import Testing

@Suite struct ReportFormattingTests {
    /// Report times and sizes are written without Foundation's formatter, with printf's digits:
    /// equal to `%.1f` for values that are not ties, and ties round to even.
    @Test func oneDecimalWritesPrintfsDigits() {
        var value = 0.0
        while value < 1_000 {
            let tenths = value * 10
            if abs(tenths - tenths.rounded(.down) - 0.5) > 1e-6 {
                #expect(BatchReport.oneDecimal(value) == String(format: "%.1f", value), "\(value)")
            }
            value += 0.0137
        }
        #expect(BatchReport.oneDecimal(0) == "0.0")
        #expect(BatchReport.oneDecimal(99.96) == "100.0")
        #expect(BatchReport.oneDecimal(0.25) == "0.2")
        #expect(BatchReport.oneDecimal(123_456.78) == "123456.8")
        #expect(BatchReport.oneDecimal(-1.25) == String(format: "%.1f", -1.25))
        #expect(BatchReport.oneDecimal(.infinity) == String(format: "%.1f", Double.infinity))
    }

    /// The table pads by characters (a cell with accents or a combining mark is as wide as it
    /// looks), cuts cells over 60 characters to 57 and "...", and drops trailing blanks.
    @Test func theTableLinesUpByCharacters() {
        let long = String(repeating: "changed: services/api/src/", count: 3)
        let services = [
            BatchReport.Service(name: "api", path: "services/api", result: .built, reason: long, key: String(repeating: "ab", count: 32),
                                image: "api", seconds: 12.34, sizeBytes: 45_600_000, logFile: nil, logTail: nil),
            BatchReport.Service(name: "café", path: "services/cafe", result: .cached, reason: "cache hit (e\u{301}dition)", key: nil,
                                image: nil, seconds: 0, sizeBytes: nil, logFile: nil, logTail: nil),
        ]
        let report = BatchReport(startedAt: "2026-12-03T13:00:00Z", seconds: 13, base: nil, dryRun: false, interrupted: false,
                                 services: services, removed: [])
        let cut = String(long.prefix(57)) + "..."
        let expected = """
        SERVICE  RESULT  REASON\(String(repeating: " ", count: 54))  KEY               TIME    SIZE
        api      built   \(cut)  abababababababab  12.3 s  45.6 MB
        café     cached  cache hit (e\u{301}dition)\(String(repeating: " ", count: 41))  -                 0.0 s   -

        """
        #expect(report.table() == expected)
    }
}
