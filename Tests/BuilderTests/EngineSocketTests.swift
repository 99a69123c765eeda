import Foundation
import Testing
@testable import Builder

/// The engine's API socket answers what the client answers, on the real engine; it is used only
/// where the client would use the same socket.
@Suite struct EngineSocketTests {
    @Test func theSocketIsTheClientsOnlyWhenNothingPointsElsewhere() throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("nixpacks-ci-home-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home.appendingPathComponent(".docker"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: home) }
        #expect(EngineSocket.socket(for: ["HOME": home.path])?.path == "/var/run/docker.sock")
        #expect(EngineSocket.socket(for: ["HOME": home.path, "DOCKER_HOST": "unix:///run/user/1000/docker.sock"])?.path == "/run/user/1000/docker.sock")
        #expect(EngineSocket.socket(for: ["HOME": home.path, "DOCKER_HOST": "tcp://10.0.0.2:2376"]) == nil)
        #expect(EngineSocket.socket(for: ["HOME": home.path, "DOCKER_HOST": "ssh://builder"]) == nil)
        #expect(EngineSocket.socket(for: ["HOME": home.path, "DOCKER_CONTEXT": "remote"]) == nil)
        try Data(#"{"currentContext":"colima"}"#.utf8).write(to: home.appendingPathComponent(".docker/config.json"))
        #expect(EngineSocket.socket(for: ["HOME": home.path]) == nil)
        try Data(#"{"currentContext":"default","auths":{}}"#.utf8).write(to: home.appendingPathComponent(".docker/config.json"))
        #expect(EngineSocket.socket(for: ["HOME": home.path]) != nil)
    }

    @Test func imagesAndIdsAreTheClients() throws {
        let engine = try DockerEngine.connect()
        let socket = try #require(engine.socket, "the test engine listens on its default socket")
        let listed = try engine.docker(["image", "ls", "--format", "{{.Repository}}:{{.Tag}}"]).standardOutput
            .split(separator: "\n").map(String.init).filter { $0 != "<none>:<none>" }
        // Other tests tag and remove images meanwhile: compare the base images, which stay.
        let references = try #require(socket.imageReferences())
        for image in ["debian:trixie-slim", "debian:bookworm-slim"] {
            #expect(listed.contains(image) == references.contains(image))
            let id = try engine.docker(["image", "inspect", "-f", "{{.Id}}", image]).standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(socket.imageID(image) == .id(id))
            #expect(engine.imageID(image) == id)
        }
        #expect(socket.imageID("nixpacks-ci-absent/\(UUID().uuidString.lowercased()):x") == .absent)
        #expect(engine.imageID("nixpacks-ci-absent/\(UUID().uuidString.lowercased()):x") == nil)
        #expect(EngineSocket(path: "/nonexistent/docker.sock").get("/_ping") == nil)
        #expect(EngineSocket.parse(Array("HTTP/1.0 404 Not Found\r\nContent-Length: 2\r\n\r\n{}".utf8))?.status == 404)
        #expect(EngineSocket.parse(Array("garbage".utf8)) == nil)
    }
}
