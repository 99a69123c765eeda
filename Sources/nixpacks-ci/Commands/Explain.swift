import ArgumentParser
import Builder
import Cache
import Foundation
import Host
import Monorepo
import Pipeline

struct Explain: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Show every input of a service's cache key, and what changed since the last cached build.",
        discussion: """
        The key is SHA-256 over: the build environment (Nix derivations from nix-instantiate, or the \
        Debian packages; base image ids), the plan, every file of the build context exactly as Docker \
        receives it (path, kind and git blob id; the Dockerfile, Nix files and assets nixpacks-ci \
        writes; .dockerignore applied with Docker's rules), build arguments, secret names (never \
        values), build options (platforms, test command), the keys of the services it depends on, and \
        the key format version (docs/caching.md).

        Examples:
          nixpacks-ci explain api
          nixpacks-ci explain api --package-source debian
        """
    )

    @Argument(help: "The service name (see `nixpacks-ci services`).")
    var service: String

    @OptionGroup var location: RepositoryOptions

    @OptionGroup var packages: PackageSourceOptions

    @Option(help: ArgumentHelp("A build secret's name (its name is a key input). Repeatable.", valueName: "NAME"))
    var secret: [String] = []

    @OptionGroup var flags: PlanFlags

    @OptionGroup var cache: CacheOptions

    func run() throws {
        try runReportingErrors {
            var configuration = BuildConfiguration()
            configuration.repository = location.repo
            configuration.root = location.root
            configuration.planOptions = flags.options
            packages.apply(to: &configuration)
            configuration.secrets = secret
            configuration.cacheDirectory = cache.cacheDir
            configuration.registry = cache.registry
            let explained = try MonorepoBuild(configuration: configuration, builder: RecordingImageBuilder(), engine: try? DockerEngine.connect())
                .explain(service)
            print(ExplainText.render(explained.service, previous: explained.previous), terminator: "")
        }
    }
}

enum ExplainText {
    static func render(_ prepared: PreparedService, previous: CacheLookup) -> String {
        let inputs = prepared.inputs
        var out = "service \(prepared.node.name) (\(prepared.node.path.isEmpty ? "." : prepared.node.path))\n"
        out += "key \(prepared.key.hex)\n"
        if inputs.isUnstable { out += "UNSTABLE: \(inputs.environment.unstableBecause.joined(separator: "; "))\n" }
        out += "\ninputs (\(inputs.format)):\n"
        out += "  environment (\(inputs.environment.packageSource)):\n"
        for identity in inputs.environment.identities { out += "    \(identity)\n" }
        for image in inputs.environment.baseImages { out += "    base image \(image)\n" }
        out += "  Dockerfile: \(inputs.dockerfile.split(separator: "\n", omittingEmptySubsequences: false).count) lines\n"
        out += "  build arguments: \(inputs.buildArguments.keys.sorted().joined(separator: ", "))\n"
        out += "  secrets (names only): \(inputs.secretNames.isEmpty ? "none" : inputs.secretNames.joined(separator: ", "))\n"
        out += "  build options: \(inputs.options.isEmpty ? "none" : inputs.options.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", "))\n"
        out += "  context (\(inputs.context.count) files, as Docker receives them):\n"
        for (name, value) in inputs.context.sorted(by: { $0.key < $1.key }).prefix(40) { out += "    \(name)  \(value)\n" }
        if inputs.context.count > 40 { out += "    ... \(inputs.context.count - 40) more\n" }
        out += "  dependencies: \(inputs.dependencies.isEmpty ? "none" : inputs.dependencies.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value.prefix(16))" }.joined(separator: ", "))\n"
        out += "\n"
        switch previous {
        case .miss:
            out += "no cached build of \(prepared.node.name) yet: the first build will be a miss\n"
        case let .corrupt(reason):
            out += "the last cache entry cannot be trusted (\(reason))\n"
        case let .hit(entry):
            if entry.key == prepared.key {
                out += "unchanged since the last cached build (\(entry.builtAt), \(entry.image)): a cache hit\n"
            } else {
                out += "changed since the last cached build (key \(entry.key.short), \(entry.builtAt)):\n"
                for difference in prepared.inputs.differences(from: entry.inputs) { out += "  - \(difference)\n" }
            }
        }
        return out
    }
}
