import Dispatch
internal import CLibgit2

/// Process-wide libgit2 initialisation, done once before the first handle is opened.
enum GitLibrary {
    /// Evaluated lazily and exactly once (Swift guarantees `static let` initialisation is atomic).
    static let initialised: Bool = {
        git_libgit2_init()
        return true
    }()

    /// Starts the initialisation on another thread; the first handle opened waits for it if it is
    /// not done yet (the `static let` is initialised once, whichever thread comes first).
    static func startInitialising() {
        DispatchQueue.global().async { _ = initialised }
    }

    /// The message of the last libgit2 error on this thread; call right after the failing call.
    static func lastErrorMessage(_ code: Int32) -> String {
        if let error = git_error_last(), let message = error.pointee.message {
            let text = String(cString: message)
            if text.contains("unsupported mandatory extension: 'link'") {
                return text + " (this clone uses a split index, which libgit2 cannot read: run `git update-index --no-split-index`)"
            }
            return text
        }
        return "libgit2 error \(code)"
    }
}
