/// The runtime command and image of a plan (spec §1.1).
public struct StartPhase: Sendable, Hashable {
    public var cmd: String?
    /// Switches the Dockerfile to a multi-stage build with this image as the final stage.
    public var runImage: String?
    /// With `runImage`: only these files are copied into the final stage.
    public var onlyIncludeFiles: [String]?
    /// A user created and switched to in the image.
    public var user: String?

    public init(cmd: String? = nil, runImage: String? = nil, onlyIncludeFiles: [String]? = nil, user: String? = nil) {
        self.cmd = cmd
        self.runImage = runImage
        self.onlyIncludeFiles = onlyIncludeFiles
        self.user = user
    }
}
