/// Swift (spec §3.9, notes f and g): the nixpkgs archive follows the Swift version; the executable
/// is the target directory holding `main.swift`.
struct SwiftProvider: Provider {
    static let versions: [String: String] = [
        "3.1": "aeaa79dc82980869a88a5955ea3cd3e1944b7d80",
        "3.1.1": "8414d8386b9a6b855b291fb3f01a4e3b04c08bbb",
        "4.0.3": "2c9d2d65266c2c3aca1e4c80215de8bee5295b04",
        "4.1": "92a047a6c4d46a222e9c323ea85882d0a7a13af8",
        "4.1.3": "a3962299f14944a0e9ccf8fd84bd7be524b74cd6",
        "4.2.1": "7ff8a16f0726342f0a25697867d8c1306d4da7b0",
        "4.2.3": "3fa154fd7fed3d6a94322bf08a6def47d6f8e0f6",
        "5.0.1": "4599f2bb9a5a6b1482e72521ead95cb24e0aa819",
        "5.0.2": "a9eb3eed170fa916e0a8364e5227ee661af76fde",
        "5.1.1": "9986226d5182c368b7be1db1ab2f7488508b5a87",
        "5.4": "c82b46413401efa740a0b994f52e9903a4f6dcd5",
        "5.4.2": "c82b46413401efa740a0b994f52e9903a4f6dcd5",
        "5.5.2": "7592790b9e02f7f99ddcb1bd33fd44ff8df6a9a7",
        "5.5.3": "7cf5ccf1cdb2ba5f08f0ac29fc3d04b0b59a07e4",
        "5.6.2": "3c3b3ab88a34ff8026fc69cb78febb9ec9aedb16",
        "5.7.3": "8cad3dbe48029cb9def5cdb2409a6c80d3acfe2e",
        "5.8": "9957cd48326fe8dbd52fdc50dd2502307f188b0d",
    ]
    static let defaultVersion = "5.8"

    func plan(_ app: App, _ environment: PlanEnvironment) throws(PlanError) -> BuildPlan? {
        var setup = Phase.setup(["coreutils", "swift", "clang", "zlib", "zlib.dev"].map { NixPackage($0) })
        setup.nixpkgsArchive = Self.versions[try Self.version(app)] ?? Self.versions[Self.defaultVersion]!

        var install = Phase.install("swift package resolve")
        install.addFileDependency("Package.swift")
        if app.includesFile("Package.resolved") { install.addFileDependency("Package.resolved") }

        let name = try Self.executable(app)
        var build = Phase.build("CC=clang++ swift build -c release --static-swift-stdlib")
        build.addCmd("cp ./.build/release/\(name) ./\(name) && rm -rf ./.build")
        return BuildPlan(phases: [setup, install, build], start: StartPhase(cmd: "./\(name)"))
    }

    /// The first line of `.swift-version`, else the `swift-tools-version:` comment of Package.swift.
    static func version(_ app: App) throws(PlanError) -> String {
        if app.includesFile(".swift-version") {
            let first = try app.readFile(".swift-version").split(separator: "\n", omittingEmptySubsequences: false).first ?? ""
            return first.trimmingCharacters(in: .whitespaces)
        }
        let manifest = try app.readFile("Package.swift")
        guard let line = manifest.split(separator: "\n").first(where: { $0.contains("swift-tools-version:") }) else {
            return defaultVersion
        }
        return line.replacingOccurrences(of: "swift-tools-version:", with: "").replacingOccurrences(of: "//", with: "")
            .trimmingCharacters(in: .whitespaces)
    }

    /// The directory under `Sources/` of the first `main.swift` (Nixpacks' `Sources/**/main.swift`).
    static func executable(_ app: App) throws(PlanError) -> String {
        let main = app.allFiles().first { file in
            file.hasPrefix("Sources/") && (file.hasSuffix("/main.swift") || file == "Sources/main.swift") && !file.contains(".build")
        }
        guard let main else {
            throw PlanError.providerFailed(provider: "swift", message: "no Sources/<target>/main.swift found; the image starts the executable target that has one")
        }
        return String(main.split(separator: "/")[1])
    }
}
