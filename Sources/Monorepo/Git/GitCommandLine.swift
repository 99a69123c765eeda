import Foundation

/// Runs the `git` command line for what libgit2 1.5 cannot do or does slower: fetching more
/// history into a shallow clone, and `git status` where git's untracked cache or fsmonitor helps.
struct GitCommandLine {
    let workTree: URL

    struct Output {
        var status: Int32
        var text: String
        /// Standard error, when asked for separately.
        var errors: String = ""
    }

    /// Runs `git -C <workTree> <arguments>` (found on PATH), capturing stdout and stderr together,
    /// or apart with `separateErrors` (stderr then goes to a temporary file, so neither pipe can
    /// fill up while the other is read). Spawned with `posix_spawnp`: Foundation's `Process` added
    /// tens of milliseconds to every `git status`.
    func run(_ arguments: [String], separateErrors: Bool = false) throws -> Output {
        // Close-on-exec everywhere: the child gets them only as its stdout and stderr, so a process
        // git leaves running (a background gc) cannot hold the pipe open.
        var pipe: [Int32] = [0, 0]
        guard Foundation.pipe(&pipe) == 0 else { throw failure("cannot create a pipe") }
        _ = fcntl(pipe[0], F_SETFD, FD_CLOEXEC)
        _ = fcntl(pipe[1], F_SETFD, FD_CLOEXEC)
        var errorFile: (descriptor: Int32, path: String)?
        if separateErrors {
            var template = Array((FileManager.default.temporaryDirectory.path + "/nixpacks-ci-git-XXXXXX").utf8CString)
            let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
            guard descriptor >= 0 else {
                close(pipe[0])
                close(pipe[1])
                throw failure("cannot create a temporary file")
            }
            _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
            errorFile = (descriptor, String(cString: template))
        }
        defer {
            if let errorFile {
                close(errorFile.descriptor)
                unlink(errorFile.path)
            }
        }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, pipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, errorFile?.descriptor ?? pipe[1], 2)

        var environment = ProcessInfo.processInfo.environment
        environment["GIT_TERMINAL_PROMPT"] = "0"
        let argv = (["git", "-C", workTree.path] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var child: pid_t = 0
        let spawned = posix_spawnp(&child, "git", &actions, nil, argv, envp)
        close(pipe[1])
        guard spawned == 0 else {
            close(pipe[0])
            // As a shell would: 127 when git is not installed.
            return Output(status: 127, text: "", errors: "git: \(String(cString: strerror(spawned)))")
        }

        let data = FileSystem.readToEnd(pipe[0]) ?? []
        close(pipe[0])
        var status: Int32 = 0
        while waitpid(child, &status, 0) < 0, errno == EINTR {}
        // WIFEXITED / WEXITSTATUS / WTERMSIG, which Swift does not import as functions.
        let signal = status & 0x7f
        let exitStatus = signal == 0 ? (status >> 8) & 0xff : 128 + signal

        var errors = ""
        if let errorFile, let text = try? String(contentsOfFile: errorFile.path, encoding: .utf8) { errors = text }
        return Output(status: exitStatus, text: String(decoding: data, as: UTF8.self), errors: errors)
    }

    private func failure(_ message: String) -> MonorepoError {
        .git(operation: "run git", message: "\(message): \(String(cString: strerror(errno)))")
    }
}
