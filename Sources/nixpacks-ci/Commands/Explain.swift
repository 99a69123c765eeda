import ArgumentParser
import Builder
import Cache
import Foundation
import Monorepo
import Pipeline

struct Explain: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Show every input of a service's cache key, and what changed since the last cached build.",
        discussion: """
        The key is SHA-256 over: the build environment (Nix derivations from nix-instantiate, or the \
        Debian packages; base image ids), the rendered Dockerfile and build arguments (secret names only), \
        the source (git tree and blob ids; blob ids of uncommitted files; .dockerignore respected), the keys \
        of the services it depends on, and the key format version.

        Examples:
          nixpacks-ci explain api
          nixpacks-ci explain api --package-source debian
        """
    )

    @Argument(help: "The service name (see `nixpacks-ci services`).")
    var service: String

    @OptionGroup var location: RepositoryOptions

    @Option(help: "Where packages come from: nix or debian.")
    var packageSource: PackageSource = .nix

    @Option(help: ArgumentHelp("The nixpkgs archive location; {archive} is the commit.", valueName: "url"))
    var nixpkgsArchiveUrl: String = NixExpression.defaultArchiveURL

    @Option(help: ArgumentHelp("A build secret's name (its name is a key input). Repeatable.", valueName: "NAME"))
    var secret: [String] = []

    @OptionGroup var flags: PlanFlags

    @OptionGroup var cache: CacheOptions

    func run() throws {
        try runReportingErrors {
            try runReportingPlanErrors {
                let workspace = try location.openWorkspace()
                guard let head = try workspace.repository.commit(for: "HEAD") else {
                    throw ValidationError("the repository has no commit yet")
                }
                let workingTree = try WorkingTreeScanner.preferred.changes(in: workspace.repository, against: head)
                let listing = try workspace.listing(workingTreeChanges: workingTree)
                let graph = try workspace.graph(listing: listing)
                var options = ServiceBuildOptions()
                options.planOptions = flags.options
                options.packageSource = packageSource
                options.nixpkgsArchiveURL = nixpkgsArchiveUrl
                options.secrets = secret
                let identifier = EnvironmentIdentifier(nixInstantiate: EnvironmentIdentifier.findNixInstantiate(), engine: try? DockerEngine.connect())
                let prepared = try ServicePreparer(workspace: workspace, graph: graph, head: head, workingTree: workingTree,
                                                   options: options, identifier: identifier).prepare(service)
                print(ExplainText.render(prepared, previous: cache.directoryStore.latest(service: service)), terminator: "")
            }
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
        out += "  source:\n"
        for (name, value) in inputs.source.sorted(by: { $0.key < $1.key }).prefix(20) { out += "    \(name) = \(value)\n" }
        if inputs.source.count > 20 { out += "    ... \(inputs.source.count - 20) more\n" }
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
