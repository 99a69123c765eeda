import Documents
import Foundation
import Testing
@testable import Monorepo

/// Lockfile closures and pruning for every format. The npm, Yarn 1 and Bun lockfiles under
/// Fixtures/lockfiles were written by the real tools (npm 10.8.2, Yarn 1.22.19, Bun 1.4.4) for the
/// same workspace, and so were the pruned files they are compared with: Yarn's and Bun's own
/// rewrite once apps/docs was gone, and a pruned package-lock.json that `npm ci` accepted and
/// `npm install` left as it was. pnpm and Yarn berry cannot be installed here: their lockfiles are
/// written by hand in their formats, and their pruned output is a reviewed golden file
/// (re-recorded with NIXPACKS_CI_RECORD=1).
@Suite struct LockfileTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/lockfiles")

    static func text(_ name: String) throws -> String {
        try String(contentsOf: fixtures.appendingPathComponent(name), encoding: .utf8)
    }

    static func manifests(_ name: String) throws -> [String: DocumentValue] {
        try Document(file: name, text: text(name), format: .json).root.table ?? [:]
    }

    static func lockfile(_ name: String, _ manager: PackageWorkspace.Manager, manifests: String = "lab-manifests.json") throws -> any WorkspaceLockfile {
        try Lockfiles.parse(text(name), file: name, manager: manager, manifests: Self.manifests(manifests))
    }

    static func names(_ packages: Set<LockedPackage>) -> [String] { packages.map(\.description).sorted() }

    /// apps/web needs dep-a, and through packages/ui dep-b 2.1.0; docs needs dep-c, its nested
    /// dep-b 1.5.0 and its optional dep-opt.
    @Test(arguments: [("npm-v3.json", PackageWorkspace.Manager.npm), ("npm-v2.json", .npm), ("yarn-v1.lock", .yarn), ("bun-v2.lock", .bun)])
    func closuresFollowEachMember(_ file: String, _ manager: PackageWorkspace.Manager) throws {
        let lockfile = try Self.lockfile(file, manager)
        #expect(Self.names(lockfile.closure(of: ["apps/web", "packages/ui"])) == ["dep-a 1.0.0", "dep-b 2.1.0"], "\(file)")
        #expect(Self.names(lockfile.closure(of: ["apps/docs", "packages/ui"])) == ["dep-b 1.5.0", "dep-b 2.1.0", "dep-c 3.0.0", "dep-opt 1.0.0"], "\(file)")
        #expect(Self.names(lockfile.closure(of: ["packages/ui"])) == ["dep-b 2.1.0"], "\(file)")
    }

    /// Version 1 knows no workspaces: every member needs everything in it.
    @Test func npmVersion1IsWhole() throws {
        let lockfile = try Self.lockfile("npm-v1.json", .npm)
        #expect(lockfile.closure(of: ["apps/web"]) == lockfile.closure(of: ["apps/docs"]))
        #expect(Self.names(lockfile.closure(of: ["apps/web"])).contains("dep-c 3.0.0"))
    }

    /// The same entries as the pruned file npm accepted.
    @Test(arguments: ["v2", "v3"])
    func npmPrunesAsNpmDoes(_ version: String) throws {
        let pruned = try Self.lockfile("npm-\(version).json", .npm).pruned(to: ["apps/web", "packages/ui"])
        let ours = try Document(file: "ours", text: pruned, format: .json).root
        let theirs = try Document(file: "theirs", text: Self.text("npm-\(version).pruned-web.json"), format: .json).root
        #expect(ours["packages"] == theirs["packages"])
        #expect(ours["dependencies"] == theirs["dependencies"])
        #expect(ours["lockfileVersion"] == theirs["lockfileVersion"])
    }

    /// Byte for byte what Yarn 1 writes itself.
    @Test func yarnPrunesAsYarnDoes() throws {
        let pruned = try Self.lockfile("yarn-v1.lock", .yarn).pruned(to: ["apps/web", "packages/ui"])
        #expect(pruned == (try Self.text("yarn-v1.pruned-web.lock")))
    }

    /// The same workspaces and packages as Bun's own rewrite.
    @Test func bunPrunesAsBunDoes() throws {
        let pruned = try Self.lockfile("bun-v2.lock", .bun).pruned(to: ["apps/web", "packages/ui"])
        let ours = try Document(file: "ours", text: BunLockfile.withoutTrailingCommas(pruned), format: .json).root
        let theirs = try Document(file: "theirs", text: BunLockfile.withoutTrailingCommas(Self.text("bun-v2.pruned-web.lock")), format: .json).root
        #expect(ours["workspaces"] == theirs["workspaces"])
        #expect(ours["packages"] == theirs["packages"])
        #expect(ours["configVersion"] == theirs["configVersion"], "configVersion chooses Bun's linker: it stays")
    }

    /// web: react and react-dom (with react as its peer), scheduler, loose-envify and js-tokens,
    /// and the root's typescript; docs: is-positive, and ui's loose-envify and js-tokens.
    @Test(arguments: [("pnpm-v9.yaml", PackageWorkspace.Manager.pnpm), ("pnpm-v6.yaml", .pnpm), ("berry-v8.lock", .yarnBerry), ("berry-v6.lock", .yarnBerry)])
    func handWrittenFormatsCloseOverTheGraph(_ file: String, _ manager: PackageWorkspace.Manager) throws {
        let lockfile = try Self.lockfile(file, manager, manifests: "pnpm-manifests.json")
        let web = Self.names(lockfile.closure(of: ["apps/web", "packages/ui"])).map { $0.replacingOccurrences(of: "(react@18.2.0)", with: "") }
        let reactDom = manager == .yarnBerry ? [] : ["react-dom 18.2.0"]
        let scheduler = manager == .yarnBerry ? [] : ["scheduler 0.23.0"]
        #expect(web == (["js-tokens 4.0.0", "loose-envify 1.4.0", "react 18.2.0"] + reactDom + scheduler + ["typescript 5.4.5"]).sorted(), "\(file)")
        #expect(Self.names(lockfile.closure(of: ["apps/docs", "packages/ui"])) == ["is-positive 1.0.0", "js-tokens 4.0.0", "loose-envify 1.4.0", "typescript 5.4.5"], "\(file)")
    }

    @Test(arguments: ["pnpm-v9.yaml", "pnpm-v6.yaml", "berry-v8.lock", "berry-v6.lock"])
    func handWrittenFormatsPruneToGoldens(_ file: String) throws {
        let manager: PackageWorkspace.Manager = file.hasPrefix("pnpm") ? .pnpm : .yarnBerry
        let lockfile = try Self.lockfile(file, manager, manifests: "pnpm-manifests.json")
        let pruned = lockfile.pruned(to: ["apps/web", "packages/ui"])
        let golden = Self.fixtures.appendingPathComponent("pruned-web.\(file)")
        if ProcessInfo.processInfo.environment["NIXPACKS_CI_RECORD"] == "1" { try pruned.write(to: golden, atomically: true, encoding: .utf8) }
        #expect(pruned == (try String(contentsOf: golden, encoding: .utf8)), "\(file)")
        // What was pruned away is gone; what web needs is there; the pruned file parses as its kind.
        #expect(!pruned.contains("is-positive") && !pruned.contains("apps/docs"))
        #expect(pruned.contains("react") && pruned.contains("typescript") && pruned.contains("packages/ui"))
        let again = try Lockfiles.parse(pruned, file: file, manager: manager, manifests: Self.manifests("pnpm-manifests.json"))
        #expect(again.closure(of: ["apps/web", "packages/ui"]) == lockfile.closure(of: ["apps/web", "packages/ui"]))
    }

    /// Berry keys list only the descriptors still requested: `@acme/ui@workspace:^` was docs'.
    @Test func berryDropsDescriptorsNobodyRequests() throws {
        let pruned = try Self.lockfile("berry-v8.lock", .yarnBerry, manifests: "pnpm-manifests.json").pruned(to: ["apps/web", "packages/ui"])
        #expect(pruned.contains(#""@acme/ui@workspace:*, @acme/ui@workspace:packages/ui":"#))
        #expect(!pruned.contains("@acme/ui@workspace:^"))
        #expect(pruned.hasPrefix("# This file is generated by running \"yarn install\""))
    }

    @Test func differencesNameWhatChanged() {
        let old: Set<LockedPackage> = [LockedPackage(name: "left-pad", version: "1.3.0", integrity: "a"), LockedPackage(name: "b", version: "1", integrity: "x")]
        let new: Set<LockedPackage> = [LockedPackage(name: "left-pad", version: "1.3.1", integrity: "b"), LockedPackage(name: "b", version: "1", integrity: "y"),
                                       LockedPackage(name: "c", version: "2", integrity: "z")]
        #expect(Lockfiles.differences(old, new) == ["b 1 re-resolved (integrity changed)", "c 2 added", "left-pad 1.3.0 → 1.3.1"])
    }

    @Test(arguments: [("{ not json", PackageWorkspace.Manager.npm), ("lockfileVersion: '3.0'\n", .pnpm), ("foo\n  bar\n", .yarn), ("a: [", .yarnBerry), ("{\"lockfileVersion\": 1}", .bun)])
    func unreadableLockfilesAreErrorsThatNameTheFile(_ text: String, _ manager: PackageWorkspace.Manager) {
        do {
            _ = try Lockfiles.parse(text, file: "apps/lock", manager: manager, manifests: [:])
            Issue.record("\(manager) accepted \(text.debugDescription)")
        } catch {
            #expect(error.file == "apps/lock")
            #expect(error.description.hasPrefix("apps/lock"))
        }
    }
}
