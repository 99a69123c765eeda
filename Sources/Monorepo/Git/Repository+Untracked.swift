import Foundation
internal import CLibgit2

extension Repository {
    /// The untracked files among candidate paths (work-tree relative, with whether each is a
    /// directory): ignored ones dropped, directories walked, as `git status --untracked-files=all`
    /// lists them. A directory holding a `.git` is another repository and stays one entry, `dir/`.
    func untrackedFiles(among candidates: [(path: String, isDirectory: Bool)]) throws -> [String] {
        guard let root = workTreePath else { return [] }
        var result: [String] = []
        var pending = candidates
        while let (path, isDirectory) = pending.popLast() {
            var ignored: Int32 = 0
            let code = git_ignore_path_is_ignored(&ignored, handle, isDirectory ? path + "/" : path)
            guard code == 0 else {
                throw MonorepoError.git(operation: "check the ignore rules for \(path)", message: GitLibrary.lastErrorMessage(code))
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
            for item in FileSystem.entries(of: stream) {
                pending.append((path + "/" + item.name, item.isDirectory(in: dirfd(stream))))
            }
        }
        return result
    }
}
