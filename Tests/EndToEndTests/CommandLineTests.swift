import Builder
import Foundation
import Host
import Testing

/// The built `nixpacks-ci` binary: exit codes and messages people see.
@Suite struct CommandLineTests {
    static let binary = EngineHarnessTests.repositoryRoot.appendingPathComponent(".build/debug/nixpacks-ci").path

    @Test func helpTeachesAndVersionPrints() throws {
        let help = try ProcessRunner().run(Self.binary, ["affected", "--help"])
        #expect(help.succeeded)
        #expect(help.standardOutput.contains("--on-missing-base"))
        #expect(help.standardOutput.contains("Examples:"))
        let version = try ProcessRunner().run(Self.binary, ["--version"])
        #expect(version.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ".").count == 3)
    }

    @Test func usageErrorsExitWithTwoAndSayWhatToDo() throws {
        let example = EngineHarnessTests.repositoryRoot.path
        let missing = try ProcessRunner().run(Self.binary, ["affected", "--repo", example, "--since", "no-such-branch-xyz"])
        #expect(missing.status == 2)
        #expect(missing.standardError.contains("revision 'no-such-branch-xyz' does not exist"))
        let badPolicy = try ProcessRunner().run(Self.binary, ["affected", "--repo", example, "--since", "HEAD", "--on-missing-base", "maybe"])
        #expect(badPolicy.status == 2, "usage errors exit 2")
        #expect(badPolicy.standardError.contains("fail") && badPolicy.standardError.contains("all"))
    }

    @Test func badJobsIsAUsageError() throws {
        let result = try ProcessRunner().run(Self.binary, ["build", "--jobs", "0", "--dry-run"])
        #expect(result.status == 2)
        #expect(result.standardError.contains("--jobs must be 1 or more"))
    }

    @Test func affectedOnTheExampleMonorepo() throws {
        let root = EngineHarnessTests.repositoryRoot.appendingPathComponent("Examples/monorepo").path
        let output = try ProcessRunner().run(Self.binary, ["services", "--repo", root, "--root", root, "--format", "json"])
        #expect(output.succeeded, "\(output.standardError)")
        for name in ["api", "web", "pyapi", "goapi", "site", "rusty", "greeting", "greetgo"] {
            #expect(output.standardOutput.contains("\"name\" : \"\(name)\""))
        }
    }
}
