import Foundation
import Glibc
import Synchronization

/// Runs child processes: the one runner behind git, docker, curl, nix-instantiate and hooks.
///
/// - An argv array, never a shell string. The executable is looked up on the `PATH` of
///   `environment`, as `execvp` would, so a missing tool is an error that names it.
/// - Both pipes are drained by one `poll` loop on the calling thread (no thread per pipe, and
///   neither pipe can fill up and stall the child); standard input, when given, is written in the
///   same loop.
/// - The exit status and the signal that ended the child are reported apart.
/// - Every running child is registered in `RunningProcesses`, so an interrupted run can stop them.
///
/// Spawned with `posix_spawn` under one lock with close-on-exec pipes: a child started on another
/// thread never inherits this child's pipe ends (which would keep them open until it exits).
public struct ProcessRunner: Sendable {
    /// What a finished child left behind.
    public struct Output: Sendable, Equatable {
        /// The exit status; 128 + N when signal N ended the child.
        public var status: Int32
        public var standardOutput: String
        public var standardError: String
        /// The signal that ended the child, when one did.
        public var signal: Int32?

        public init(status: Int32, standardOutput: String, standardError: String, signal: Int32? = nil) {
            self.status = status
            self.standardOutput = standardOutput
            self.standardError = standardError
            self.signal = signal
        }

        public var succeeded: Bool { status == 0 && signal == nil }
    }

    public var environment: [String: String]
    /// Where running children are registered (the process-wide registry, unless a test gives its own).
    public var registry: RunningProcesses

    public init(environment: [String: String] = ProcessInfo.processInfo.environment, registry: RunningProcesses = .shared) {
        self.environment = environment
        self.registry = registry
    }

    /// The path `executable` runs from: itself when it holds a `/`, else the first executable of
    /// that name on `PATH` (default `/usr/local/bin:/usr/bin:/bin`); nil when there is none.
    public func resolve(_ executable: String) -> String? {
        if executable.contains("/") { return access(executable, X_OK) == 0 ? executable : nil }
        for directory in searchPath.split(separator: ":", omittingEmptySubsequences: true) {
            let candidate = "\(directory)/\(executable)"
            var info = stat()
            if stat(candidate, &info) == 0, info.st_mode & S_IFMT == S_IFREG, access(candidate, X_OK) == 0 { return candidate }
        }
        return nil
    }

    private var searchPath: String { environment["PATH"].flatMap { $0.isEmpty ? nil : $0 } ?? "/usr/local/bin:/usr/bin:/bin" }

    /// Runs `executable` with `arguments` and waits for it.
    /// - Parameters:
    ///   - input: written to the child's standard input, which is /dev/null without it.
    ///   - extraEnvironment: set on top of `environment` for this child only.
    public func run(_ executable: String, _ arguments: [String], input: Data? = nil,
                    extraEnvironment: [String: String] = [:]) throws(HostError) -> Output {
        guard let path = resolve(executable) else {
            throw HostError.executableNotFound(name: executable, searched: executable.contains("/") ? executable : searchPath)
        }
        let child = try spawn(path: path, argv: [executable] + arguments, environment: environment.merging(extraEnvironment) { _, new in new },
                              hasInput: input != nil)
        registry.insert(child.pid)
        let (output, errors) = Self.drain(output: child.output, errors: child.errors, input: child.input, data: input)
        // Wait for the exit without reaping, so the pid cannot be reused while it is still
        // registered (an interruption would then signal a stranger); then reap it.
        var info = siginfo_t()
        while waitid(P_PID, id_t(child.pid), &info, WEXITED | WNOWAIT) < 0, errno == EINTR {}
        registry.remove(child.pid)
        var status: Int32 = 0
        while waitpid(child.pid, &status, 0) < 0, errno == EINTR {}
        // WIFEXITED / WEXITSTATUS / WTERMSIG, which Swift does not import as functions.
        let signal = status & 0x7f
        return Output(status: signal == 0 ? (status >> 8) & 0xff : 128 + signal,
                      standardOutput: String(decoding: output, as: UTF8.self),
                      standardError: String(decoding: errors, as: UTF8.self),
                      signal: signal == 0 ? nil : signal)
    }

    private struct Child {
        var pid: pid_t
        var output: Int32
        var errors: Int32
        var input: Int32?
    }

    /// One spawn at a time: the pipes are made close-on-exec before any other child can start.
    private static let spawnLock = Mutex(())

    /// Writing to a child that has exited must fail with EPIPE, not end this process.
    private static let ignoreBrokenPipes: Void = { _ = Glibc.signal(SIGPIPE, SIG_IGN) }()

    private func spawn(path: String, argv: [String], environment: [String: String], hasInput: Bool) throws(HostError) -> Child {
        _ = Self.ignoreBrokenPipes
        let command = argv.first ?? path
        let result: Result<Child, HostError> = Self.spawnLock.withLock { _ in
            var out: [Int32] = [-1, -1], err: [Int32] = [-1, -1], inp: [Int32] = [-1, -1]
            func closeAll() { for fd in out + err + inp where fd >= 0 { close(fd) } }
            guard pipe(&out) == 0, pipe(&err) == 0, !hasInput || pipe(&inp) == 0 else {
                let reason = String(cString: strerror(errno))
                closeAll()
                return .failure(.spawnFailed(command: command, reason: "cannot create a pipe: \(reason)"))
            }
            for fd in out + err + inp where fd >= 0 { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }

            var actions = posix_spawn_file_actions_t()
            posix_spawn_file_actions_init(&actions)
            defer { posix_spawn_file_actions_destroy(&actions) }
            if hasInput {
                posix_spawn_file_actions_adddup2(&actions, inp[0], 0)
            } else {
                posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
            }
            posix_spawn_file_actions_adddup2(&actions, out[1], 1)
            posix_spawn_file_actions_adddup2(&actions, err[1], 2)

            // The child starts with default signal handling, whatever this process ignores.
            var attributes = posix_spawnattr_t()
            posix_spawnattr_init(&attributes)
            defer { posix_spawnattr_destroy(&attributes) }
            var defaults = sigset_t()
            sigemptyset(&defaults)
            for number in [SIGPIPE, SIGINT, SIGTERM, SIGHUP] { sigaddset(&defaults, number) }
            var noMask = sigset_t()
            sigemptyset(&noMask)
            posix_spawnattr_setsigdefault(&attributes, &defaults)
            posix_spawnattr_setsigmask(&attributes, &noMask)
            posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

            let cArguments = argv.map { strdup($0) } + [nil]
            let cEnvironment = environment.sorted { $0.key < $1.key }.map { strdup("\($0.key)=\($0.value)") } + [nil]
            defer {
                cArguments.forEach { free($0) }
                cEnvironment.forEach { free($0) }
            }
            var pid: pid_t = 0
            let spawned = posix_spawn(&pid, path, &actions, &attributes, cArguments, cEnvironment)
            close(out[1])
            close(err[1])
            if hasInput { close(inp[0]) }
            guard spawned == 0 else {
                close(out[0])
                close(err[0])
                if hasInput { close(inp[1]) }
                return .failure(.spawnFailed(command: command, reason: String(cString: strerror(spawned))))
            }
            return .success(Child(pid: pid, output: out[0], errors: err[0], input: hasInput ? inp[1] : nil))
        }
        return try result.get()
    }

    /// Reads both pipes to their end (and writes `data` to `input`) in one poll loop; closes them.
    private static func drain(output: Int32, errors: Int32, input: Int32?, data: Data?) -> ([UInt8], [UInt8]) {
        var collected: [[UInt8]] = [[], []]
        var open = [output, errors]
        let pending = [UInt8](data ?? Data())
        var written = 0
        var writer = input
        if let writer { _ = fcntl(writer, F_SETFL, fcntl(writer, F_GETFL) | O_NONBLOCK) }
        if let fd = writer, pending.isEmpty {
            close(fd)
            writer = nil
        }
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while open.contains(where: { $0 >= 0 }) || writer != nil {
            var fds = open.filter { $0 >= 0 }.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            if let writer { fds.append(pollfd(fd: writer, events: Int16(POLLOUT), revents: 0)) }
            if poll(&fds, nfds_t(fds.count), -1) < 0 {
                if errno == EINTR { continue }
                break
            }
            for item in fds where item.revents != 0 {
                if item.fd == writer {
                    let count = pending.withUnsafeBytes { bytes in
                        Glibc.write(item.fd, bytes.baseAddress! + written, min(65_536, pending.count - written))
                    }
                    if count > 0 { written += count }
                    if written == pending.count || (count < 0 && errno != EAGAIN && errno != EINTR) {
                        close(item.fd)
                        writer = nil
                    }
                    continue
                }
                guard let slot = open.firstIndex(of: item.fd) else { continue }
                let count = chunk.withUnsafeMutableBytes { read(item.fd, $0.baseAddress, $0.count) }
                if count > 0 {
                    collected[slot] += chunk[..<count]
                } else if count == 0 || (errno != EINTR && errno != EAGAIN) {
                    close(item.fd)
                    open[slot] = -1
                }
            }
        }
        return (collected[0], collected[1])
    }
}

/// The children running now, so an interrupted run can stop them (SIGTERM).
public final class RunningProcesses: Sendable {
    /// The process's registry: an interruption stops what it holds.
    public static let shared = RunningProcesses()
    private let pids = Mutex<Set<pid_t>>([])

    public init() {}

    func insert(_ pid: pid_t) { _ = pids.withLock { $0.insert(pid) } }
    func remove(_ pid: pid_t) { _ = pids.withLock { $0.remove(pid) } }

    /// How many children are running.
    public var count: Int { pids.withLock { $0.count } }

    /// Sends SIGTERM to every running child.
    public func terminateAll() {
        for pid in pids.withLock({ $0 }) { kill(pid, SIGTERM) }
    }
}
