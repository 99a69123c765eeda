/// The debian source's environment for one plan: the release, the Debian packages for the plan's
/// Nix packages and libraries, and what the image does after apt (PATH, symlinks, npm installs).
///
/// The release: the one asked for, or else the newest release that meets every version the app
/// asked for (`VersionRequest`), preferring one that packages everything over one that installs
/// some tools with npm. A language the app did not ask a version of gets the release's own
/// version: Nixpacks' defaults (Node 18, PHP 8.3) are not requests.
public struct DebianEnvironment: Sendable, Hashable {
    public var release: DebianRelease
    /// apt packages, in plan order without repeats.
    public var packages: [String]
    /// The image adds `<release>-backports` to its apt sources.
    public var usesBackports: Bool
    /// Put first on PATH (versioned toolchains beside the default).
    public var binDirectories: [String]
    /// Shell commands after apt: symlinks to the names the plan calls, npm-installed tools.
    public var commands: [String]
    /// What the build log says about choices made (a version not the plan's, npm installs).
    public var notes: [String]

    public var baseImage: String { release.baseImage }

    /// `release`: the one asked for, or nil to choose (above).
    public static func resolve(_ plan: BuildPlan, requests: [VersionRequest], release: DebianRelease?) throws(BuilderError) -> DebianEnvironment {
        let names = NixNames(plan)
        let requests = effectiveRequests(names, requests)
        var attempts: [(DebianRelease, Result<DebianEnvironment, Unmet>)] = []
        for candidate in release.map({ [$0] }) ?? DebianRelease.newestFirst {
            attempts.append((candidate, resolve(names, requests: requests, in: candidate)))
        }
        let successes = attempts.compactMap { attempt -> DebianEnvironment? in
            if case let .success(environment) = attempt.1 { return environment } else { return nil }
        }
        if let best = successes.first(where: { !$0.installsWithNPM }) ?? successes.first { return best }
        // Nothing fits: the unmet requests of every release tried, and the packages missing from
        // the release that came closest.
        let failures = attempts.compactMap { attempt -> (DebianRelease, Unmet)? in
            if case let .failure(unmet) = attempt.1 { return (attempt.0, unmet) } else { return nil }
        }
        let closest = failures.min { $0.1.unavailable.count < $1.1.unavailable.count }?.1.unavailable ?? []
        var versions: [BuilderError.UnmetVersion] = []
        for (_, unmet) in failures {
            for request in unmet.requests where !versions.contains(where: { $0.request == request }) {
                let shipped = DebianRelease.newestFirst.map { other in
                    "\(other) ships \(DebianToolchain.all(request.tool, in: other).map(\.versionText).joined(separator: ", "))"
                }
                versions.append(BuilderError.UnmetVersion(request: request, shipped: shipped, pinned: release))
            }
        }
        if !versions.isEmpty { throw BuilderError.debianVersionUnavailable(versions, unmapped: closest) }
        throw BuilderError.unmappedPackages(closest)
    }

    var installsWithNPM: Bool { commands.contains { $0.hasPrefix("npm install -g") } }

    /// Why a release does not fit.
    struct Unmet: Error {
        var requests: [VersionRequest] = []
        /// `name (why)` for packages the release does not have.
        var unavailable: [String] = []
    }

    /// The requests for languages the plan has.
    static func effectiveRequests(_ names: NixNames, _ requests: [VersionRequest]) -> [VersionRequest] {
        requests.filter { names.languages.keys.contains($0.tool) }
    }

    static func resolve(_ names: NixNames, requests: [VersionRequest], in release: DebianRelease) -> Result<DebianEnvironment, Unmet> {
        var unmet = Unmet()
        var chosen: [VersionRequest.Tool: DebianToolchain] = [:]
        var notes: [String] = []
        for tool in names.languages.keys.sorted(by: { $0.rawValue < $1.rawValue }) {
            let available = DebianToolchain.all(tool, in: release)
            let asked = requests.filter { $0.tool == tool }
            // The release's own version if it meets every request, else the first (oldest
            // newer one, for minimums) that does.
            let fitting = available.first { toolchain in asked.allSatisfy { $0.isMet(by: toolchain.version) == true } }
            guard let fitting else {
                // The requests no version meets, or all of them when only their combination fails.
                let alone = asked.filter { request in !available.contains { request.isMet(by: $0.version) == true } }
                unmet.requests += alone.isEmpty ? asked : alone
                continue
            }
            chosen[tool] = fitting
            for (name, version) in names.languages[tool] ?? [] where version != nil && !fitting.versionText.hasPrefix(version! + ".") && fitting.versionText != version {
                notes.append("\(name) is \(tool) \(fitting.versionText) from Debian \(release.number)\(fitting.backports ? " backports" : "")"
                             + (asked.isEmpty ? " (the app asks for no version)" : " (meets \(asked.map { "\($0.text) from \($0.source)" }.joined(separator: ", ")))"))
            }
        }
        var packages: [String] = []
        var commands: [String] = []
        var npmGlobals: [String] = []
        for name in names.ordered {
            switch NixPackageName(name) {
            case let .language(tool, _):
                if let toolchain = chosen[tool] { packages += toolchain.packages }
            case let .phpWithExtensions(extensions):
                guard let php = chosen[.php] ?? DebianToolchain.all(.php, in: release).first else { continue }
                packages += php.packages + extensions.compactMap { DebianCatalog.phpExtensionPackage($0, php: php) }
            case let .phpExtension(extensionName):
                guard let php = chosen[.php] ?? DebianToolchain.all(.php, in: release).first else { continue }
                if let package = DebianCatalog.phpExtensionPackage(extensionName, php: php) { packages.append(package) }
            case .composer:
                packages.append("composer")
            case let .other(plain):
                switch DebianCatalog.mapping(plain, in: release) {
                case let .packages(mapped, extra):
                    packages += mapped
                    commands += extra
                case let .npmGlobal(spec, note):
                    npmGlobals.append(spec)
                    notes.append(note)
                case let .unavailable(why):
                    unmet.unavailable.append("\(plain) (\(why))")
                case let .notNeeded(note):
                    notes.append(note)
                }
            }
        }
        for library in names.libraries {
            if library.contains("Extensions.") { continue }  // PHP extensions, packaged above
            guard let mapped = DebianCatalog.library(library, in: release) else {
                unmet.unavailable.append("\(library) (a library with no known Debian package)")
                continue
            }
            packages += mapped
        }
        packages += names.aptPackages.map { DebianCatalog.aptName($0, in: release) }
        guard unmet.requests.isEmpty, unmet.unavailable.isEmpty else { return .failure(unmet) }

        if let php = chosen[.php] ?? (packages.contains { $0.hasPrefix("php8") } ? DebianToolchain.all(.php, in: release).first : nil) {
            // Nixpacks' start command runs `php-fpm`; Debian names it after the version.
            commands.append("ln -sf /usr/sbin/php-fpm\(php.version[0]).\(php.version[1]) /usr/local/bin/php-fpm")
        }
        if !npmGlobals.isEmpty {
            if !packages.contains("npm") { packages.append("npm") }
            commands.append("npm install -g \(npmGlobals.joined(separator: " "))")
        }
        let toolchains = chosen.values.sorted { $0.tool.rawValue < $1.tool.rawValue }
        return .success(DebianEnvironment(release: release, packages: (packages + ["bash", "ca-certificates"]).uniqued(),
                                          usesBackports: toolchains.contains(where: \.backports),
                                          binDirectories: toolchains.compactMap(\.binDirectory), commands: commands, notes: notes))
    }
}

/// The plan's Nix packages, libraries and apt packages, in phase order without repeats.
struct NixNames {
    var ordered: [String] = []
    var libraries: [String] = []
    var aptPackages: [String] = []
    /// Per language, the Nix names that stand for it and the version in each name.
    var languages: [VersionRequest.Tool: [(String, String?)]] = [:]

    init(_ plan: BuildPlan) {
        for (_, phase) in (plan.phases ?? [:]).sorted(by: { $0.key < $1.key }) {
            ordered += (phase.nixPkgs ?? []).filter { !ordered.contains($0) }
            libraries += (phase.nixLibs ?? []).filter { !libraries.contains($0) }
            aptPackages += (phase.aptPkgs ?? []).filter { !aptPackages.contains($0) }
        }
        for name in ordered {
            switch NixPackageName(name) {
            case let .language(tool, version): languages[tool, default: []].append((name, version))
            case .phpWithExtensions: languages[.php, default: []].append((name, nil))
            default: continue
            }
        }
    }
}
