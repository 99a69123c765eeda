import Foundation
import Testing
@testable import Builder

/// Every fixture app under Fixtures/apps has a reviewed golden plan under Fixtures/plans (the
/// `nixpacks plan` JSON) and, where it needs one, an environment under Fixtures/env (`--env` lines).
/// Re-record with NIXPACKS_CI_RECORD=1 and review the diff like code.
@Suite struct GoldenPlanTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static var appNames: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: fixtures.appendingPathComponent("apps").path)) ?? []).sorted()
    }

    static func environment(_ name: String) -> PlanEnvironment {
        let file = fixtures.appendingPathComponent("env/\(name).env")
        let lines = ((try? String(contentsOf: file, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
        return PlanEnvironment(arguments: lines, host: [:])
    }

    @Test(arguments: appNames)
    func planMatchesGolden(_ name: String) throws {
        let app = App(root: Self.fixtures.appendingPathComponent("apps/\(name)"))
        let plan = try PlanGenerator(options: PlanOptions(environment: Self.environment(name))).generate(app).plan.json()
        let golden = Self.fixtures.appendingPathComponent("plans/\(name).json")
        if ProcessInfo.processInfo.environment["NIXPACKS_CI_RECORD"] == "1" {
            try FileManager.default.createDirectory(at: golden.deletingLastPathComponent(), withIntermediateDirectories: true)
            try plan.write(to: golden, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOf: golden, encoding: .utf8)
        #expect(plan == expected)
    }

    @Test func everyGoldenHasAnApp() throws {
        let plans = try FileManager.default.contentsOfDirectory(atPath: Self.fixtures.appendingPathComponent("plans").path)
        #expect(Set(plans.map { String($0.dropLast(".json".count)) }) == Set(Self.appNames))
    }
}
