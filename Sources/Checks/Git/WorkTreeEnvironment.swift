internal import CGit2
import Foundation
import Model

/// git's environment when it names the work tree (`GIT_WORK_TREE`, set by `git --work-tree=… commit` for its
/// hooks) or the common directory (`GIT_COMMON_DIR`): libgit2 1.5's `GIT_REPOSITORY_OPEN_FROM_ENV` refuses
/// both as unimplemented, so the repository is opened from `GIT_DIR` (or found from the current directory)
/// and given the work tree; the common directory must be the one the git directory names.
struct WorkTreeEnvironment {
    var gitDir: String?
    var workTree: String?
    var commonDir: String?
    var indexFile: String?
    var ceilings: String?

    /// Set only when `GIT_WORK_TREE` or `GIT_COMMON_DIR` is; throws the detail when a variable it cannot
    /// honour with them (another object directory, a namespace) is set too.
    static func current() throws(RepositoryError) -> WorkTreeEnvironment? {
        func value(_ name: String) -> String? { ProcessEnvironment.value(name).flatMap { $0.isEmpty ? nil : $0 } }
        let workTree = value("GIT_WORK_TREE")
        let commonDir = value("GIT_COMMON_DIR")
        guard workTree != nil || commonDir != nil else { return nil }
        for name in ["GIT_OBJECT_DIRECTORY", "GIT_ALTERNATE_OBJECT_DIRECTORIES", "GIT_NAMESPACE"]
        where value(name) != nil {
            throw .notARepository(
                ProcessEnvironment.currentDirectory,
                "\(name) together with GIT_WORK_TREE or GIT_COMMON_DIR is not supported: unset one of them")
        }
        return WorkTreeEnvironment(
            gitDir: value("GIT_DIR").map(absolute), workTree: workTree.map(absolute),
            commonDir: commonDir.map(absolute), indexFile: value("GIT_INDEX_FILE").map(absolute),
            ceilings: value("GIT_CEILING_DIRECTORIES"))
    }

    /// `path` against the current directory, as git reads these variables.
    private static func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? path : ProcessEnvironment.currentDirectory + "/" + path
    }

    /// Opens the repository and sets its work tree; returns libgit2's code, or a detail for a common
    /// directory other than the git directory's own.
    func open(_ repo: inout OpaquePointer?) -> (code: Int32, detail: String?) {
        var code: Int32
        if let gitDir {
            code = git_repository_open_ext(&repo, gitDir, UInt32(GIT_REPOSITORY_OPEN_NO_SEARCH.rawValue), nil)
        } else {
            code = git_repository_open_ext(&repo, ProcessEnvironment.currentDirectory, 0, ceilings)
        }
        guard code == 0, let opened = repo else { return (code, nil) }
        if let workTree {
            code = git_repository_set_workdir(opened, workTree, 0)
            if code != 0 { return (code, nil) }
        }
        if let commonDir {
            let own = String(cString: git_repository_commondir(opened))
            if Self.resolved(own) != Self.resolved(commonDir) {
                return (-1, "GIT_COMMON_DIR is \(commonDir) but the git directory's common directory is \(own)")
            }
        }
        return (0, nil)
    }

    /// The path with links and `..` resolved, without a trailing `/`; the path itself when it does not exist.
    private static func resolved(_ path: String) -> String {
        guard let real = realpath(path, nil) else { return path }
        defer { free(real) }
        return String(cString: real)
    }
}
