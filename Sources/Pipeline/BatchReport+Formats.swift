import Foundation

extension BatchReport {
    /// JUnit XML: one testcase per service. A cache hit is a passed testcase with the property
    /// `cache=hit` (GitHub's and GitLab's test views show it as passed, which it is: the image for
    /// these inputs exists); skipped services are `<skipped>`; failures carry the log tail.
    public func junitXML() -> String {
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        let tests = services.count
        let failures = count(.failed)
        let skipped = count(.skipped)
        // The common schema has no `skipped` on <testsuites>; the suite carries it.
        out += "<testsuites name=\"nixpacks-ci\" tests=\"\(tests)\" failures=\"\(failures)\" errors=\"0\" time=\"\(Self.time(seconds))\">\n"
        out += "  <testsuite name=\"nixpacks-ci build\" tests=\"\(tests)\" failures=\"\(failures)\" errors=\"0\" skipped=\"\(skipped)\" time=\"\(Self.time(seconds))\" timestamp=\"\(Self.escape(startedAt))\">\n"
        for service in services {
            out += "    <testcase classname=\"nixpacks-ci.\(Self.escape(service.path.isEmpty ? "." : service.path))\" name=\"\(Self.escape(service.name))\" time=\"\(Self.time(service.seconds))\">\n"
            out += "      <properties>\n"
            out += "        <property name=\"result\" value=\"\(service.result.rawValue)\"/>\n"
            if service.result == .cached { out += "        <property name=\"cache\" value=\"hit\"/>\n" }
            if let key = service.key { out += "        <property name=\"key\" value=\"\(key)\"/>\n" }
            if let image = service.image { out += "        <property name=\"image\" value=\"\(Self.escape(image))\"/>\n" }
            out += "      </properties>\n"
            switch service.result {
            case .failed:
                out += "      <failure message=\"\(Self.escape(service.reason))\" type=\"build\">\(Self.escape(service.logTail ?? ""))</failure>\n"
            case .skipped:
                out += "      <skipped message=\"\(Self.escape(service.reason))\"/>\n"
            default:
                break
            }
            if let log = service.logFile { out += "      <system-out>log: \(Self.escape(log))</system-out>\n" }
            out += "    </testcase>\n"
        }
        out += "  </testsuite>\n</testsuites>\n"
        return out
    }

    /// A Markdown summary (for `$GITHUB_STEP_SUMMARY`).
    public func markdown() -> String {
        var out = "### nixpacks-ci build\n\n"
        out += "\(count(.built)) built, \(count(.cached)) cached, \(count(.failed)) failed, \(count(.skipped)) skipped"
        if dryRun { out += ", \(count(.planned)) to build (dry run)" }
        out += " in \(Self.oneDecimal(seconds)) s\(interrupted ? " (interrupted)" : "")\n\n"
        if let base { out += "Base: \(base)\n\n" }
        if services.isEmpty {
            out += "No service is affected.\n"
        } else {
            out += "| service | result | reason | key | time | size |\n|---|---|---|---|---:|---:|\n"
            for service in services {
                let icon = ["built": "✅", "cached": "♻️", "failed": "❌", "skipped": "⏭️", "planned": "📝"][service.result.rawValue] ?? ""
                out += "| \(service.name) | \(icon) \(service.result.rawValue) | \(service.reason.replacingOccurrences(of: "|", with: "\\|")) | "
                out += "`\(service.key.map { String($0.prefix(16)) } ?? "-")` | \(Self.oneDecimal(service.seconds) + " s") | \(Self.size(service.sizeBytes)) |\n"
            }
        }
        if !removed.isEmpty { out += "\nRemoved services (not built): \(removed.joined(separator: ", "))\n" }
        return out
    }

    /// The final table on the terminal.
    public func table() -> String {
        let rows = services.map { [$0.name, $0.result.rawValue, $0.reason, $0.key.map { String($0.prefix(16)) } ?? "-",
                                   Self.oneDecimal($0.seconds) + " s", Self.size($0.sizeBytes)] }
        let header = ["SERVICE", "RESULT", "REASON", "KEY", "TIME", "SIZE"]
        // Characters, counted once per cell (an ASCII cell by its bytes: thousands of rows).
        func width(_ cell: String) -> Int { cell.utf8.allSatisfy { $0 < 0x80 } ? cell.utf8.count : cell.count }
        let counts = rows.map { $0.map(width) }
        var widths = header.map(\.count)
        for row in counts { for (index, count) in row.enumerated() { widths[index] = max(widths[index], min(count, 60)) } }
        func line(_ cells: [String], _ counts: [Int]) -> String {
            var out = ""
            for (index, cell) in cells.enumerated() {
                let count = counts[index]
                let text = count > 60 ? String(cell.prefix(57)) + "..." : cell
                if index > 0 { out += "  " }
                out += text
                if count < widths[index] { out += String(repeating: " ", count: widths[index] - count) }
            }
            while out.last == " " || out.last == "\t" { out.removeLast() }
            return out
        }
        return ([line(header, header.map(\.count))] + zip(rows, counts).map(line)).joined(separator: "\n") + "\n"
    }

    static func size(_ bytes: Int?) -> String {
        bytes.map { oneDecimal(Double($0) / 1_000_000) + " MB" } ?? "-"
    }

    static func time(_ seconds: Double) -> String { String(format: "%.3f", seconds) }

    /// `String(format: "%.1f", value)` for report lines, without Foundation's formatter (a run
    /// writes thousands of them). Ties round to even on the value times ten, which can differ from
    /// printf's exact binary value in the last digit of a tie; these are display times and sizes.
    public static func oneDecimal(_ value: Double) -> String {
        guard value.isFinite, value >= 0, value < 1e15 else { return String(format: "%.1f", value) }
        let tenths = Int((value * 10).rounded(.toNearestOrEven))
        return "\(tenths / 10).\(tenths % 10)"
    }

    static func escape(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "\n", "\t", "\r": out.unicodeScalars.append(scalar)
            default:
                // XML 1.0 forbids most control characters (build logs have ANSI escapes).
                if scalar.value < 0x20 { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}

extension BatchReport {
    /// `3 built, 1 cached, 0 failed, 0 skipped in 12.3 s`.
    public func summaryLine() -> String {
        "\(count(.built)) built, \(count(.cached)) cached, \(count(.failed)) failed, \(count(.skipped)) skipped"
            + (dryRun ? ", \(count(.planned)) to build" : "") + " in " + Self.oneDecimal(seconds) + " s" + (interrupted ? " (interrupted)" : "")
    }

    /// The full reason of every failed or skipped service (the table cuts long ones).
    public func failureDetails() -> String {
        let failed = services.filter { $0.result == .failed || $0.result == .skipped }
        guard !failed.isEmpty else { return "" }
        var out = "\n"
        for service in failed {
            out += "\(service.name) \(service.result.rawValue): \(service.reason)\n"
            if let log = service.logFile { out += "  log: \(log)\n" }
        }
        return out
    }
}
