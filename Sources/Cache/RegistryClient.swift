import Foundation
import Host

/// A minimal client of the OCI distribution API: GET with Basic or Bearer-token authentication.
public struct RegistryClient: Sendable {
    /// `host[:port]`.
    public let host: String
    public let credentials: RegistryCredentials?
    /// `http` for loopback registries, `https` otherwise (as docker treats them).
    public let scheme: String

    public init(host: String, credentials: RegistryCredentials?) {
        self.host = host
        self.credentials = credentials
        let bare = host.split(separator: ":").first.map(String.init) ?? host
        scheme = ["127.0.0.1", "localhost", "::1"].contains(bare) ? "http" : "https"
    }

    public struct Response: Sendable {
        public var status: Int
        public var headers: [String: String]
        public var body: Data
    }

    static let manifestTypes = [
        "application/vnd.oci.image.manifest.v1+json", "application/vnd.oci.image.index.v1+json",
        "application/vnd.docker.distribution.manifest.v2+json", "application/vnd.docker.distribution.manifest.list.v2+json",
    ].joined(separator: ", ")

    /// GET `path` (starting with /v2/), authenticating as the registry asks.
    public func get(_ path: String, accept: String? = nil) throws -> Response {
        guard let url = URL(string: "\(scheme)://\(host)\(path)") else {
            throw CacheError.unexpectedResponse(registry: host, status: 0, detail: "bad path \(path)")
        }
        var request = Request(url: url)
        if let accept { request.headers["Accept"] = accept }
        var response = try send(request)
        guard response.status == 401 else { return response }
        let challenge = response.headers["www-authenticate"] ?? ""
        guard let credentials else {
            throw CacheError.unauthorized(registry: host, detail: "no credentials found for it")
        }
        if challenge.lowercased().hasPrefix("bearer") {
            request.headers["Authorization"] = "Bearer \(try token(challenge, credentials))"
        } else {
            request.headers["Authorization"] = credentials.basicHeader
        }
        response = try send(request)
        if response.status == 401 || response.status == 403 {
            throw CacheError.unauthorized(registry: host, detail: "HTTP \(response.status) for user \(credentials.username)")
        }
        return response
    }

    /// Fetches a token from the realm of a `Bearer realm="...",service="...",scope="..."` challenge.
    private func token(_ challenge: String, _ credentials: RegistryCredentials) throws -> String {
        var parameters: [String: String] = [:]
        for match in challenge.dropFirst("Bearer ".count).split(separator: ",") {
            let pair = match.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: CharacterSet(charactersIn: " \"")) }
            if pair.count == 2 { parameters[pair[0]] = pair[1] }
        }
        guard let realm = parameters["realm"], var components = URLComponents(string: realm) else {
            throw CacheError.unexpectedResponse(registry: host, status: 401, detail: "unreadable challenge: \(challenge)")
        }
        components.queryItems = ["service", "scope"].compactMap { key in parameters[key].map { URLQueryItem(name: key, value: $0) } }
        var request = Request(url: components.url!)
        request.headers["Authorization"] = credentials.basicHeader
        let response = try send(request)
        guard response.status == 200, let json = try? JSONSerialization.jsonObject(with: response.body) as? [String: Any],
              let token = (json["token"] ?? json["access_token"]) as? String else {
            throw CacheError.unauthorized(registry: host, detail: "the token service answered HTTP \(response.status)")
        }
        return token
    }

    /// A GET request. (Not URLRequest: FoundationNetworking would link libcurl, GnuTLS, LDAP and
    /// more into every run of nixpacks-ci, which costs milliseconds at each start.)
    private struct Request {
        var url: URL
        var headers: [String: String] = [:]
    }

    /// Sends through curl: FoundationNetworking's URLSession can stall when the caller blocks waiting
    /// for it. Headers (credentials included) go through curl's config on stdin, not its argv.
    private func send(_ request: Request) throws -> Response {
        let directory: String
        do {
            directory = try FileOperations.temporaryDirectory(prefix: "nixpacks-ci-http")
        } catch {
            throw CacheError.unreachable(registry: host, detail: error.description)
        }
        defer { try? FileOperations.removeTree(directory) }
        let headerFile = directory + "/headers"
        let bodyFile = directory + "/body"
        var config = ""
        for (name, value) in request.headers.sorted(by: { $0.key < $1.key }) {
            config += "header = \"\(name): \(value.replacingOccurrences(of: "\"", with: "\\\""))\"\n"
        }
        let output: ProcessRunner.Output
        do {
            output = try ProcessRunner().run("curl", ["-sS", "--max-time", "30", "-K", "-", "-D", headerFile, "-o", bodyFile,
                                                      "-w", "%{http_code}", request.url.absoluteString], input: Data(config.utf8))
        } catch {
            throw CacheError.unreachable(registry: host, detail: error.description)
        }
        guard output.succeeded, let code = Int(output.standardOutput), code > 0 else {
            throw CacheError.unreachable(registry: host, detail: output.standardError.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        var headers: [String: String] = [:]
        let headerText = (try? FileOperations.readText(headerFile)) ?? ""
        for line in headerText.split(whereSeparator: \.isNewline) {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return Response(status: code, headers: headers, body: Data((try? FileOperations.read(bodyFile)) ?? []))
    }
}
