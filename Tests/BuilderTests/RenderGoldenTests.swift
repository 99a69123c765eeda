import Foundation
import Testing
@testable import Builder

/// Every fixture app's rendered files, for both package sources, against reviewed golden files
/// under Fixtures/rendered/<app>/: the nix source's Dockerfile and Nix files, and the debian
/// source's Dockerfile (or the error it gives). Re-record with NIXPACKS_CI_RECORD=1, as the golden
/// plans are, and review the diff like code.
@Suite struct RenderGoldenTests {
    static let rendered = GoldenPlanTests.fixtures.appendingPathComponent("rendered")

    /// The files of one app as rendered, by name.
    static func render(_ name: String) throws -> [String: String] {
        let app = App(root: GoldenPlanTests.fixtures.appendingPathComponent("apps/\(name)"))
        let result = try PlanGenerator(options: PlanOptions(environment: GoldenPlanTests.environment(name))).generate(app)
        var files: [String: String] = [:]
        var nix = BuildRequest(appDirectory: app.root, plan: result.plan, imageName: name, cacheMountKey: "fixtures-\(name)")
        nix.versionRequests = result.versionRequests
        nix.packageSource = .nix
        let built = try RenderedBuild.render(nix)
        for file in built.files where file.path.hasPrefix(".nixpacks/") && !file.path.hasPrefix(".nixpacks/assets/") {
            guard case let .generated(bytes) = file.content else { continue }
            let base = String(file.path.dropFirst(".nixpacks/".count))
            files[base == "Dockerfile" ? "nix.Dockerfile" : base] = String(decoding: bytes, as: UTF8.self)
        }
        var debian = nix
        debian.packageSource = .debian
        do {
            files["debian.Dockerfile"] = try RenderedBuild.render(debian).dockerfile
        } catch {
            files["debian.Dockerfile"] = "# the debian source cannot render this app:\n# \(error)\n"
        }
        files["Dockerfile.dockerignore"] = nil
        return files
    }

    @Test(arguments: GoldenPlanTests.appNames)
    func renderedFilesMatchTheGoldens(_ name: String) throws {
        let files = try Self.render(name)
        let directory = Self.rendered.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["NIXPACKS_CI_RECORD"] == "1" {
            try? FileManager.default.removeItem(at: directory)
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            for (file, text) in files { try text.write(to: directory.appendingPathComponent(file), atomically: true, encoding: .utf8) }
        }
        let goldens = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        #expect(goldens == files.keys.sorted(), "\(name): the set of rendered files")
        for file in goldens {
            let expected = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
            #expect(files[file] == expected, "\(name)/\(file)")
        }
    }

    @Test func everyGoldenDirectoryHasAnApp() throws {
        let directories = try FileManager.default.contentsOfDirectory(atPath: Self.rendered.path)
        #expect(Set(directories) == Set(GoldenPlanTests.appNames))
    }
}
