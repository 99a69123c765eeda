import Foundation
import Host
import Pipeline

/// The report files asked for (JUnit, JSON, Markdown), and the GitHub step summary.
struct ReportFiles {
    var junit: String?
    var json: String?
    var markdown: String?

    func write(_ report: BatchReport) throws {
        if let junit { try FileOperations.write(report.junitXML(), to: junit) }
        if let json { try FileOperations.write(try jsonText(report) + "\n", to: json) }
        let summary = ProcessInfo.processInfo.environment["GITHUB_STEP_SUMMARY"].flatMap { $0.isEmpty ? nil : $0 }
        guard markdown != nil || summary != nil else { return }
        let text = report.markdown()
        if let markdown { try FileOperations.write(text, to: markdown) }
        if let summary, let handle = FileHandle(forWritingAtPath: summary) {
            handle.seekToEndOfFile()
            handle.write(Data(text.utf8))
            try? handle.close()
        }
    }
}

/// The end of the table: the full reason of each failure, on stdout and stderr (CI logs often
/// show only one of them).
enum FailureDetails {
    static func print(_ report: BatchReport) {
        let details = report.failureDetails()
        guard !details.isEmpty else { return }
        Swift.print(details, terminator: "")
        for service in report.services where service.result == .failed {
            printError("\(service.name): \(service.reason)")
        }
    }
}

/// `build PATH`'s closing lines, as Nixpacks prints them.
enum SingleAppSummary {
    static func print(_ report: BatchReport) {
        guard let service = report.services.first else { return }
        switch service.result {
        case .built:
            Swift.print("built \(service.image ?? service.name) in \(String(format: "%.1f", service.seconds)) s (cache key \(service.key.map { String($0.prefix(16)) } ?? "-"))")
            Swift.print("run it with: docker run -it \(service.image ?? service.name)")
        case .cached:
            Swift.print("cache hit: \(service.image ?? service.name) (key \(service.key.map { String($0.prefix(16)) } ?? "-")); not rebuilt")
        case .planned:
            Swift.print("would build \(service.image ?? service.name) (cache key \(service.key.map { String($0.prefix(16)) } ?? "-"))")
        case .failed, .skipped:
            printError("\(service.name) (\(service.path.isEmpty ? "." : service.path)): \(service.reason)")
        }
    }
}
