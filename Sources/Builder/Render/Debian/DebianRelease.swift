/// The Debian releases the debian package source builds on.
public enum DebianRelease: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    /// Debian 12, oldstable.
    case bookworm
    /// Debian 13, the stable release.
    case trixie

    /// The release used when nothing the app asks for needs another: the stable release.
    public static let standard: DebianRelease = .trixie

    /// Newest first: the order in which an automatic choice tries them.
    public static let newestFirst: [DebianRelease] = [.trixie, .bookworm]

    public var number: Int {
        switch self {
        case .bookworm: 12
        case .trixie: 13
        }
    }

    /// The slim image the build and run stages start from.
    public var baseImage: String { "debian:\(rawValue)-slim" }

    /// `Debian 13 (trixie)`.
    public var description: String { "Debian \(number) (\(rawValue))" }
}
