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
}
