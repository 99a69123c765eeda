import ArgumentParser
import Cache
import Foundation

struct CacheCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cache",
        abstract: "Inspect and tidy the local cache store.",
        subcommands: [List.self, GarbageCollect.self, Verify.self]
    )

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "ls", abstract: "List cached builds.")
        @OptionGroup var cache: CacheOptions

        func run() throws {
            let (entries, corrupt) = cache.directoryStore.list()
            for entry in entries.sorted(by: { ($0.service, $0.builtAt) < ($1.service, $1.builtAt) }) {
                let size = entry.sizeBytes.map { String(format: "%.1f MB", Double($0) / 1_000_000) } ?? "-"
                print("\(entry.key.short)  \(entry.service)  \(entry.image)  \(entry.builtAt)  \(String(format: "%.1f s", entry.seconds))  \(size)")
            }
            for (file, reason) in corrupt { printNote("corrupt: \(file): \(reason)") }
        }
    }

    struct GarbageCollect: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "gc", abstract: "Remove entries older than --days (each service's latest is kept) and corrupt ones.")
        @OptionGroup var cache: CacheOptions
        @Option(help: "Age in days.") var days: Int = 30

        func validate() throws {
            guard days >= 0 else { throw ValidationError("--days must be 0 or more") }
        }

        func run() throws {
            let removed = try cache.directoryStore.collectGarbage(olderThan: Date().addingTimeInterval(-Double(days) * 86_400))
            print("removed \(removed.count) entr\(removed.count == 1 ? "y" : "ies")")
        }
    }

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "verify", abstract: "Check every entry: readable, and its inputs hash to its key. Exit 1 when one is corrupt.")
        @OptionGroup var cache: CacheOptions

        func run() throws {
            let (entries, corrupt) = cache.directoryStore.list()
            for (file, reason) in corrupt { print("corrupt  \(file): \(reason)") }
            print("\(entries.count) valid, \(corrupt.count) corrupt")
            if !corrupt.isEmpty { throw ExitCode(1) }
        }
    }
}
