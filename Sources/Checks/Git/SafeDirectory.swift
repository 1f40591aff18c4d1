internal import CGit2
import Foundation
import Model

/// git's `safe.directory`: which repositories owned by another user may be opened.
///
/// libgit2 1.5 refuses such a repository unless `safe.directory` names its exact path; git also accepts `*`
/// (every repository), `%(prefix)/PATH` (a path under git's installation prefix) and an empty value that
/// resets the list read so far. CI containers commonly run `git config --global --add safe.directory '*'`,
/// so preflight reads the values itself, as git 2.39 does: from the system, XDG and global configuration
/// (never the repository's own), in that order.
enum SafeDirectory {
    /// True when the configuration's `safe.directory` values trust the repository at `path`: a value is `*`, or is
    /// (after `~/` and `%(prefix)/` are expanded) exactly the directory's physical path, as git compares them.
    static func trusts(_ path: String) -> Bool {
        let physical = realpath(path) ?? path
        return values().contains { $0 == "*" || expanded($0) == physical }
    }

    /// The values in effect: system, then XDG, then global; an empty value drops the ones before it.
    static func values() -> [String] {
        var config: OpaquePointer?
        guard git_config_open_default(&config) == 0 else { return [] }
        defer { git_config_free(config) }
        var iterator: OpaquePointer?
        guard git_config_multivar_iterator_new(&iterator, config, "safe.directory", nil) == 0 else { return [] }
        defer { git_config_iterator_free(iterator) }
        var found: [(level: Int32, order: Int, value: String)] = []
        var entry: UnsafeMutablePointer<git_config_entry>?
        while git_config_next(&entry, iterator) == 0, let entry {
            let level = entry.pointee.level.rawValue
            guard level <= GIT_CONFIG_LEVEL_GLOBAL.rawValue else { continue }  // never the repository's own
            found.append((level, found.count, entry.pointee.value.map { String(cString: $0) } ?? ""))
        }
        var values: [String] = []
        for item in found.sorted(by: { ($0.level, $0.order) < ($1.level, $1.order) }) {
            if item.value.isEmpty { values.removeAll() } else { values.append(item.value) }
        }
        return values
    }

    /// A value as git's `pathname` type reads it: `%(prefix)/PATH` is PATH under the prefix git is installed in
    /// (`/usr` for `/usr/bin/git`), `~/PATH` is under `$HOME`.
    static func expanded(_ value: String) -> String {
        if value.hasPrefix("%(prefix)/") { return gitPrefix() + "/" + value.dropFirst("%(prefix)/".count) }
        if value.hasPrefix("~/"), let home = ProcessEnvironment.value("HOME") { return home + value.dropFirst(1) }
        return value
    }

    /// The installation prefix of the `git` found on `PATH` (the directory above its `bin/`), else `/usr`.
    private static func gitPrefix() -> String {
        let path = ProcessEnvironment.value("PATH") ?? "/usr/bin:/bin"
        for dir in path.split(separator: ":") {
            let candidate = "\(dir)/git"
            if access(candidate, X_OK) == 0, let real = realpath(candidate) {
                let bin = (real as NSString).deletingLastPathComponent
                return bin.hasSuffix("/bin") ? String(bin.dropLast(4)) : bin
            }
        }
        return "/usr"
    }

    /// `path` without trailing slashes (`/` stays `/`).
    private static func trimmed(_ path: String) -> String {
        var path = Substring(path)
        while path.count > 1, path.hasSuffix("/") { path = path.dropLast() }
        return String(path)
    }

    /// The canonical absolute path, or nil when it does not exist.
    private static func realpath(_ path: String) -> String? {
        guard let resolved = Glibc.realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// The path git names when it refuses `repository` (its working tree, or its git directory when bare), or nil
    /// when the current user owns it or `safe.directory` trusts it.
    static func untrustedPath(of repository: OpaquePointer) -> String? {
        let gitDir = String(cString: git_repository_path(repository))
        let path = trimmed(git_repository_workdir(repository).map { String(cString: $0) } ?? gitDir)
        let owned = [path, trimmed(gitDir)].allSatisfy { dir in
            var info = stat()
            return stat(dir, &info) == 0 && (info.st_uid == geteuid() || info.st_uid == 0)
        }
        return owned || trusts(path) ? nil : path
    }
}
