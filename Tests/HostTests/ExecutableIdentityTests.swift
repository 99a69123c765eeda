import Foundation
import Testing
@testable import Host

/// The build id the caches are tied to is the one the linker wrote (what `readelf -n` shows).
@Suite struct ExecutableIdentityTests {
    @Test func buildIDIsTheLinkersAndSurvivesACopy() throws {
        // The test binary itself (in readelf, /proc/self/exe would be readelf).
        let binary = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
        let readelf = try ProcessRunner().run("readelf", ["-n", binary]).standardOutput
        let expected = try #require(readelf.split(separator: "\n").first { $0.contains("Build ID:") }?
            .split(separator: " ").last.map(String.init), "the test binary has a build id")
        #expect(ExecutableIdentity.buildID(of: binary) == expected)
        #expect(ExecutableIdentity.current == "build-" + expected)
        // A copy (another path and modification time) has the same identity; a text file has none.
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("nixpacks-ci-copy-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: copy) }
        try FileManager.default.copyItem(atPath: binary, toPath: copy)
        #expect(ExecutableIdentity.buildID(of: copy) == expected)
        try Data("not an ELF file".utf8).write(to: URL(fileURLWithPath: copy))
        #expect(ExecutableIdentity.buildID(of: copy) == nil)
        #expect(ExecutableIdentity.buildID(of: "/nonexistent") == nil)
    }
}
