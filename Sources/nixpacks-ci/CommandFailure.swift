import ArgumentParser
import Foundation
import Monorepo

/// Runs a command body and turns library errors into a message on stderr and the documented exit code:
/// 2 for usage and configuration errors, 1 for everything else.
func runReportingErrors(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as MonorepoError {
        printError(error.description)
        switch error {
        case .invalidConfig, .invalidManifest, .unknownRevision, .dependencyCycle, .unknownDependency, .duplicateServiceName,
             .notARepository:
            throw ExitCode(2)
        default:
            throw ExitCode(1)
        }
    }
}

func printError(_ message: String) {
    FileHandle.standardError.write(Data("error: \(message)\n".utf8))
}

func printNote(_ message: String) {
    FileHandle.standardError.write(Data("note: \(message)\n".utf8))
}

/// Canonical pretty JSON: sorted keys, no escaped slashes, trailing newline.
func jsonText<T: Encodable>(_ value: T) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    return String(decoding: try encoder.encode(value), as: UTF8.self)
}
