import Foundation
import Glibc

/// Read-only questions to the Docker engine's API over its unix socket (what the client asks
/// too): is it up, which images it has, an image's id. One `docker` process costs 30–60 ms to
/// start; a request on the socket costs about 1 ms, which matters for runs that build nothing.
///
/// Used only when the client would talk to the same socket: `DOCKER_HOST` unset or `unix://`,
/// and no Docker context chosen (`DOCKER_CONTEXT`, or `currentContext` in the client's config).
/// Otherwise (TCP, SSH, contexts) `socket(for:)` gives nil and the client is asked instead.
public struct EngineSocket: Sendable {
    public let path: String

    public struct Response: Sendable {
        public var status: Int
        public var body: Data
    }

    /// The engine's socket as the client would choose it, or nil when the client may go elsewhere.
    public static func socket(for environment: [String: String]) -> EngineSocket? {
        if let context = environment["DOCKER_CONTEXT"], !context.isEmpty, context != "default" { return nil }
        let configDirectory = environment["DOCKER_CONFIG"].flatMap { $0.isEmpty ? nil : $0 }
            ?? environment["HOME"].map { $0 + "/.docker" }
        if let configDirectory, let data = FileManager.default.contents(atPath: configDirectory + "/config.json") {
            guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return nil }
            if let context = object["currentContext"] as? String, !context.isEmpty, context != "default" { return nil }
        }
        let host = environment["DOCKER_HOST"] ?? ""
        if host.isEmpty { return EngineSocket(path: "/var/run/docker.sock") }
        guard host.hasPrefix("unix://") else { return nil }
        return EngineSocket(path: String(host.dropFirst("unix://".count)))
    }

    /// `GET path` (HTTP/1.0: the engine answers and closes, with no chunked encoding); nil when
    /// the socket cannot be reached or the answer is not HTTP.
    public func get(_ requestPath: String, timeout seconds: Int = 10) -> Response? {
        let descriptor = Glibc.socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var timeout = timeval(tv_sec: seconds, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(descriptor, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let pathBytes = Array(path.utf8)
        guard pathBytes.count < MemoryLayout.size(ofValue: address.sun_path) else { return nil }
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            buffer.copyBytes(from: pathBytes)
            buffer[pathBytes.count] = 0
        }
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard connected == 0 else { return nil }
        let request = Array("GET \(requestPath) HTTP/1.0\r\nHost: docker\r\nUser-Agent: nixpacks-ci\r\n\r\n".utf8)
        var sent = 0
        while sent < request.count {
            let count = request[sent...].withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard count > 0 else { return nil }
            sent += count
        }
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count == 0 { break }
            guard count > 0 else { return nil }
            received += buffer[0..<count]
            if received.count > 256 << 20 { return nil }
        }
        return Self.parse(received)
    }

    /// Splits an HTTP/1.x answer into its status and body.
    static func parse(_ bytes: [UInt8]) -> Response? {
        let separator: [UInt8] = [13, 10, 13, 10]
        guard bytes.count >= 12, bytes.starts(with: Array("HTTP/1.".utf8)),
              let end = (0...(bytes.count - separator.count)).first(where: { bytes[$0..<($0 + 4)].elementsEqual(separator) })
        else { return nil }
        let statusLine = String(decoding: bytes[0..<(bytes[0..<end].firstIndex(of: 13) ?? end)], as: UTF8.self)
        let parts = statusLine.split(separator: " ")
        guard parts.count >= 2, let status = Int(parts[1]) else { return nil }
        return Response(status: status, body: Data(bytes[(end + 4)...]))
    }

    /// Whether the engine answers `/_ping`.
    public func ping() -> Bool {
        get("/_ping", timeout: 5)?.status == 200
    }

    /// Every `repository:tag` the engine holds (as `docker image ls` lists them), or nil.
    public func imageReferences() -> Set<String>? {
        guard let response = get("/images/json"), response.status == 200,
              let images = try? JSONSerialization.jsonObject(with: response.body) as? [[String: Any]] else { return nil }
        var references: Set<String> = []
        for image in images {
            for tag in image["RepoTags"] as? [String] ?? [] where tag != "<none>:<none>" { references.insert(tag) }
        }
        return references
    }

    /// What the engine says of an image reference.
    public enum ImageLookup: Sendable, Hashable {
        /// Its id (`sha256:...`).
        case id(String)
        /// The engine has no such image.
        case absent
    }

    /// An image's id or its absence; nil when the socket could not tell.
    public func imageID(_ reference: String) -> ImageLookup? {
        guard !reference.contains(where: { $0 == "?" || $0 == "#" || $0 == " " || $0 == "%" }),
              let response = get("/images/\(reference)/json") else { return nil }
        if response.status == 404 { return .absent }
        guard response.status == 200, let object = try? JSONSerialization.jsonObject(with: response.body) as? [String: Any],
              let id = object["Id"] as? String else { return nil }
        return .id(id)
    }
}
