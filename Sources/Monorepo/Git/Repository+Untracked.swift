import Foundation
internal import CLibgit2

extension Repository {
    /// The untracked files among candidate paths (work-tree relative, with whether each is a
    /// directory): ignored ones dropped, directories walked, as `git status --untracked-files=all`
    /// lists them. A directory holding a `.git` is another repository and stays one entry, `dir/`.
    func untrackedFiles(among candidates: [(path: String, isDirectory: Bool)]) throws -> [String] {
        guard let workTree else { return [] }
        var root = workTree.path
        while root.count > 1, root.hasSuffix("/") { root.removeLast() }
        var result: [String] = []
        var pending = candidates
        while let (path, isDirectory) = pending.popLast() {
            var ignored: Int32 = 0
            guard git_ignore_path_is_ignored(&ignored, handle, isDirectory ? path + "/" : path) == 0 else {
                throw MonorepoError.git(operation: "check the ignore rules for \(path)", message: GitLibrary.lastErrorMessage(-1))
            }
            if ignored != 0 { continue }
            guard isDirectory else {
                result.append(path)
                continue
            }
            let fullPath = root + "/" + path
            var info = stat()
            if lstat(fullPath + "/.git", &info) == 0 {
                result.append(path + "/")
                continue
            }
            guard let stream = opendir(fullPath) else { continue }
            defer { closedir(stream) }
            while let item = readdir(stream) {
                let name = withUnsafeBytes(of: item.pointee.d_name) { raw in
                    String(cString: raw.baseAddress!.assumingMemoryBound(to: CChar.self))
                }
                if name == "." || name == ".." { continue }
                var childIsDirectory = item.pointee.d_type == UInt8(DT_DIR)
                if item.pointee.d_type == UInt8(DT_UNKNOWN) {
                    childIsDirectory = lstat(fullPath + "/" + name, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR
                }
                pending.append((path + "/" + name, childIsDirectory))
            }
        }
        return result
    }
}
