import Foundation

/// Registry credentials: `NIXPACKS_CI_REGISTRY_USERNAME`/`_PASSWORD`, else the `auths` entry for the
/// host in the Docker config (`$DOCKER_CONFIG/config.json` or `~/.docker/config.json`).
public struct RegistryCredentials: Sendable, Hashable {
    public var username: String
    public var password: String

    public init(username: String, password: String) {
        self.username = username
        self.password = password
    }

    public static func find(host: String, environment: [String: String] = ProcessInfo.processInfo.environment) -> RegistryCredentials? {
        if let username = environment["NIXPACKS_CI_REGISTRY_USERNAME"], let password = environment["NIXPACKS_CI_REGISTRY_PASSWORD"] {
            return RegistryCredentials(username: username, password: password)
        }
        let directory = environment["DOCKER_CONFIG"].map { URL(fileURLWithPath: $0) }
            ?? URL(fileURLWithPath: environment["HOME"] ?? NSHomeDirectory()).appendingPathComponent(".docker")
        guard let data = FileManager.default.contents(atPath: directory.appendingPathComponent("config.json").path),
              let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let auths = json["auths"] as? [String: Any] else { return nil }
        for (key, value) in auths {
            let keyHost = key.replacingOccurrences(of: "https://", with: "").replacingOccurrences(of: "http://", with: "")
                .split(separator: "/").first.map(String.init) ?? key
            guard keyHost == host, let entry = value as? [String: Any], let auth = entry["auth"] as? String,
                  let decoded = Data(base64Encoded: auth).flatMap({ String(data: $0, encoding: .utf8) }),
                  let colon = decoded.firstIndex(of: ":") else { continue }
            return RegistryCredentials(username: String(decoded[..<colon]), password: String(decoded[decoded.index(after: colon)...]))
        }
        return nil
    }

    var basicHeader: String {
        "Basic " + Data("\(username):\(password)".utf8).base64EncodedString()
    }
}
