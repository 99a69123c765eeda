import Builder
import Host
import Monorepo
import SourceRules

/// Chooses the files of a build context, the way Docker would choose them from the app directory
/// with its `.dockerignore`, but from the source snapshot (what git tracks, plus untracked files
/// it would add), so the key and the build see the same list:
///
/// - the app's files at their paths below the app, less what its `.dockerignore` excludes
///   (Docker's rules: anchored at the app, `**`, `!` exceptions), less the app's own `.nixpacks/`;
/// - for a workspace member, the workspace root's files it needs instead (`WorkspaceMemberContext`),
///   each package's own `.dockerignore` applied to its files too;
/// - each local dependency's files below `.nixpacks/local/<n>/`, less what the dependency's own
///   `.dockerignore` excludes;
/// - the files nixpacks-ci renders (`.nixpacks/Dockerfile`, Nix files, assets, certificates).
struct ContextAssembler {
    let source: SourceSnapshot

    /// - Parameters:
    ///   - base: the context root relative to the snapshot root: the app's directory, or a
    ///     workspace root (docs/workspaces.md).
    ///   - files: the snapshot's files below it that the context may hold.
    ///   - packages: directories below `base` whose own `.dockerignore` applies to their files too.
    ///   - generated: files nixpacks-ci writes in place of a source (a pruned lockfile).
    ///   - localDependencies: directories relative to the snapshot root, in the order of the
    ///     request's `localDependencies`.
    func context(base: String, files: [SourceSnapshot.File], packages: [String] = [], generated: [BuildContext.File] = [],
                 localDependencies: [String], rendered: RenderedBuild) throws -> BuildContext {
        var contextFiles = try take(files, from: base, into: "", packages: packages)
        contextFiles += generated
        for (index, dependency) in localDependencies.enumerated() {
            contextFiles += try take(source.files(under: dependency), from: dependency, into: RenderedBuild.localDependencyDirectory(index) + "/")
        }
        contextFiles += rendered.files
        do {
            return try BuildContext(files: contextFiles)
        } catch {
            throw PipelineError.context(app: base.isEmpty ? "." : base, detail: error.description)
        }
    }

    /// The files of `directory` that its `.dockerignore` (and each package's) keeps, at `prefix` +
    /// their path below it. `.nixpacks/` directories are nixpacks-ci's: never taken.
    private func take(_ snapshotFiles: [SourceSnapshot.File], from directory: String, into prefix: String,
                      packages: [String] = []) throws -> [BuildContext.File] {
        let rules = try ignoreRules(directory)
        let packageRules = try packages.map { package in (package, try ignoreRules(directory.isEmpty ? package : directory + "/" + package)) }
        var result: [BuildContext.File] = []
        for file in snapshotFiles {
            let relative = directory.isEmpty ? file.path : String(file.path.dropFirst(directory.count + 1))
            if relative.hasPrefix(".nixpacks/") || packages.contains(where: { relative.hasPrefix($0 + "/.nixpacks/") }) { continue }
            if rules.isExcluded(relative) { continue }
            if packageRules.contains(where: { package, rules in
                RelativePath.isInside(relative, package) && relative != package && rules.isExcluded(String(relative.dropFirst(package.count + 1)))
            }) { continue }
            let kind: BuildContext.File.Kind
            switch file.kind {
            case .regular: kind = .regular
            case .executable: kind = .executable
            case .symlink: kind = .symlink
            }
            result.append(BuildContext.File(path: prefix + relative, kind: kind,
                                            content: .source(path: source.workTree + "/" + file.path, id: file.id,
                                                             verify: file.idIsOfBytesOnDisk)))
        }
        return result
    }

    /// The `.dockerignore` of a directory, or no rules.
    private func ignoreRules(_ directory: String) throws -> IgnoreRules {
        let relative = directory.isEmpty ? ".dockerignore" : directory + "/.dockerignore"
        let path = source.workTree + "/" + relative
        switch FileOperations.kind(path) {
        case nil: return .none(.dockerignore)
        case .regular: break
        default: throw PipelineError.unreadable(path: relative, detail: "it is not a regular file; make it one (a link or a directory is not read)")
        }
        do {
            let text = try FileOperations.readText(path, limit: 1 << 20)
            return try IgnoreRules(parsing: text, syntax: .dockerignore, file: relative)
        } catch let error as IgnoreFileError {
            throw PipelineError.ignoreFile(error)
        } catch {
            throw PipelineError.unreadable(path: relative, detail: "\(error)")
        }
    }
}
