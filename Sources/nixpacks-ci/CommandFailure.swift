import ArgumentParser
import Builder
import Cache
import Foundation
import Host
import Monorepo
import Pipeline
import SourceRules

/// Runs a command body and turns every error into one line on stderr that names the file or
/// option and says what to do, with the documented exit code: 2 for usage, configuration and
/// input errors, 1 for failures. No raw Foundation or Swift error text reaches the user.
func runReportingErrors(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let exit as ExitCode {
        throw exit
    } catch let error as ValidationError {
        throw error
    } catch {
        let (message, code) = CommandFailure.describe(error)
        printError(message)
        throw ExitCode(code)
    }
}

enum CommandFailure {
    /// The message and exit code for an error of any module.
    static func describe(_ error: any Error) -> (String, Int32) {
        switch error {
        case let error as MonorepoError:
            switch error {
            case .invalidConfig, .invalidManifest, .unknownRevision, .dependencyCycle, .unknownDependency, .duplicateServiceName,
                 .notARepository, .autoBase:
                return (error.description, 2)
            default:
                return (error.description, 1)
            }
        case let error as PlanError:
            return (error.description, 2)
        case let error as BuilderError:
            switch error {
            case .unmappedPackages, .debianVersionUnavailable, .missingSecret: return (error.description, 2)
            default: return (error.description, 1)
            }
        case let error as PipelineError:
            switch error {
            case .unknownService, .noPlan, .ignoreFile, .outDirectory, .unreadable: return (error.description, 2)
            case .context, .hookFailed: return (error.description, 1)
            }
        case let error as HostError:
            return (error.description, 1)
        case let error as CacheError:
            return (error.description, 1)
        case let error as IgnoreFileError:
            return (error.description, 2)
        case let error as PatternError:
            return (error.description, 2)
        default:
            // Not one of ours: say what kind of thing failed without passing on its text.
            let type = String(describing: Swift.type(of: error))
            return ("an unexpected \(type) stopped nixpacks-ci. Run again with the same arguments; if it persists, "
                + "report it with the command line (it is a bug: every error should name its file and say what to do).", 1)
        }
    }
}

func printError(_ message: String) {
    Terminal.error("error: \(message)\n")
}

func printNote(_ message: String) {
    Terminal.error("note: \(message)\n")
}

/// `--timings`: each stage on its own note line.
func printTimings(_ timings: StageTimings) {
    for stage in timings.stages { printNote(String(format: "%@: %.1f ms", stage.name, stage.milliseconds)) }
}

/// Canonical pretty JSON: sorted keys, no escaped slashes, trailing newline.
func jsonText<T: Encodable>(_ value: T) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    return String(decoding: try encoder.encode(value), as: UTF8.self)
}
