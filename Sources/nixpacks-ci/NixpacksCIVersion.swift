/// The version printed by `--version` and written into image labels.
enum NixpacksCIVersion {
    static let current = "0.1.0"
}
