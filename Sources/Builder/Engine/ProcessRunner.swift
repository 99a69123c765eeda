import Foundation

/// Runs a child process from an argv array (never a shell string), draining its output.
public struct ProcessRunner: Sendable {
    public struct Output: Sendable {
        public var status: Int32
        public var standardOutput: String
        public var standardError: String
        public var succeeded: Bool { status == 0 }
    }

    public var environment: [String: String]

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.environment = environment
    }

    /// Runs `executable` (a path, or a name looked up on PATH) and waits for it.
    public func run(_ executable: String, _ arguments: [String], input: Data? = nil,
                    extraEnvironment: [String: String] = [:]) throws -> Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [executable] + arguments
        process.environment = environment.merging(extraEnvironment) { _, new in new }
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        let stdin = Pipe()
        process.standardInput = input == nil ? FileHandle.nullDevice : stdin
        try process.run()
        RunningProcesses.shared.insert(process)
        defer { RunningProcesses.shared.remove(process) }
        if let input {
            stdin.fileHandleForWriting.write(input)
            try? stdin.fileHandleForWriting.close()
        }
        // Read both pipes concurrently so neither fills up and blocks the child.
        let errorData = LockedData()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            errorData.set(stderr.fileHandleForReading.readDataToEndOfFile())
            group.leave()
        }
        let outData = stdout.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        let status = process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus
        return Output(status: status, standardOutput: String(decoding: outData, as: UTF8.self),
                      standardError: String(decoding: errorData.get(), as: UTF8.self))
    }
}

/// A Data box shared between the reading thread and the caller.
private final class LockedData: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()
    func set(_ value: Data) { lock.withLock { data = value } }
    func get() -> Data { lock.withLock { data } }
}

/// The child processes running now, so an interrupted run can stop them (SIGTERM).
public final class RunningProcesses: @unchecked Sendable {
    public static let shared = RunningProcesses()
    private let lock = NSLock()
    private var processes: [ObjectIdentifier: Process] = [:]

    func insert(_ process: Process) { lock.withLock { processes[ObjectIdentifier(process)] = process } }
    func remove(_ process: Process) { _ = lock.withLock { processes.removeValue(forKey: ObjectIdentifier(process)) } }

    /// Sends SIGTERM to every running child.
    public func terminateAll() {
        let running = lock.withLock { Array(processes.values) }
        for process in running where process.isRunning { process.terminate() }
    }
}
