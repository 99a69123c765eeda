import Foundation
import Glibc

/// Writes to standard output and standard error with `write(2)`. A reader that went away (the
/// command piped into `head`) ends the process quietly with status 141, as SIGPIPE would have:
/// nixpacks-ci ignores SIGPIPE so that a child that exits early cannot kill it, and Foundation's
/// FileHandle would crash on the EPIPE instead.
enum Terminal {
    static func out(_ text: String) { write(text, to: STDOUT_FILENO) }
    static func error(_ text: String) { write(text, to: STDERR_FILENO) }

    private static func write(_ text: String, to descriptor: Int32) {
        if descriptor == STDOUT_FILENO { fflush(nil) }
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let count = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                if errno == EPIPE { Glibc.exit(141) }
                return
            }
            bytes = bytes.dropFirst(count)
        }
    }
}
