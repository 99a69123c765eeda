import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

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
        var request = URLRequest(url: url, timeoutInterval: 20)
        if let accept { request.setValue(accept, forHTTPHeaderField: "Accept") }
        var response = try send(request)
        guard response.status == 401 else { return response }
        let challenge = response.headers["www-authenticate"] ?? ""
        guard let credentials else {
            throw CacheError.unauthorized(registry: host, detail: "no credentials found for it")
        }
        if challenge.lowercased().hasPrefix("bearer") {
            request.setValue("Bearer \(try token(challenge, credentials))", forHTTPHeaderField: "Authorization")
        } else {
            request.setValue(credentials.basicHeader, forHTTPHeaderField: "Authorization")
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
        var request = URLRequest(url: components.url!, timeoutInterval: 20)
        request.setValue(credentials.basicHeader, forHTTPHeaderField: "Authorization")
        let response = try send(request)
        guard response.status == 200, let json = try? JSONSerialization.jsonObject(with: response.body) as? [String: Any],
              let token = (json["token"] ?? json["access_token"]) as? String else {
            throw CacheError.unauthorized(registry: host, detail: "the token service answered HTTP \(response.status)")
        }
        return token
    }

    private func send(_ request: URLRequest) throws -> Response {
        let box = ResponseBox()
        let semaphore = DispatchSemaphore(value: 0)
        let task = URLSession.shared.dataTask(with: request) { data, response, error in
            box.set(data: data, response: response as? HTTPURLResponse, error: error)
            semaphore.signal()
        }
        task.resume()
        semaphore.wait()
        let (data, response, error) = box.get()
        guard let response else {
            throw CacheError.unreachable(registry: host, detail: error.map { "\($0.localizedDescription)" } ?? "no response")
        }
        var headers: [String: String] = [:]
        for (key, value) in response.allHeaderFields {
            if let key = key as? String, let value = value as? String { headers[key.lowercased()] = value }
        }
        return Response(status: response.statusCode, headers: headers, body: data ?? Data())
    }
}

/// Hands the URLSession completion's values to the waiting thread.
private final class ResponseBox: @unchecked Sendable {
    private let lock = NSLock()
    private var value: (Data?, HTTPURLResponse?, Error?) = (nil, nil, nil)
    func set(data: Data?, response: HTTPURLResponse?, error: Error?) { lock.withLock { value = (data, response, error) } }
    func get() -> (Data?, HTTPURLResponse?, Error?) { lock.withLock { value } }
}
