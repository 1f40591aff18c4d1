import Foundation

/// Installs and removes preflight's git hooks in the hooks directory git really uses.
///
/// Each hook is a short POSIX `sh` script carrying `HookInstaller.marker`. A foreign hook already there is
/// kept as `<name>.local` and run first (its failure fails the hook); `uninstall` puts it back.
public struct HookInstaller {
    /// The line that marks a hook as preflight's.
    public static let marker = "# preflight-hook: installed by 'preflight install'; 'preflight uninstall' removes it"
    /// The hooks preflight can install.
    public static let known = GitHookName.allCases.map(\.rawValue)

    /// The hooks directory: `core.hooksPath` (relative to the work tree when relative), else the common
    /// git directory's `hooks/` (shared by linked worktrees).
    public let directory: String
    /// The preflight binary recorded in the scripts as the fallback when `preflight` is not on PATH.
    public let binary: String

    public init(_ repository: Repository, binary: String) {
        if let configured = repository.configString("core.hooksPath"), !configured.isEmpty {
            let expanded = configured.hasPrefix("~/") ? NSHomeDirectory() + configured.dropFirst() : configured
            if expanded.hasPrefix("/") {
                directory = expanded
            } else {
                let root = repository.workdir ?? repository.commonDir
                directory = (root.hasSuffix("/") ? root : root + "/") + expanded
            }
        } else {
            directory = repository.commonDir + "hooks"
        }
        self.binary = binary
    }

    /// What happened to one hook.
    public struct Outcome: Sendable, Hashable {
        public let hook: String
        /// Lowercase: `installed`, `unchanged`, `installed; the existing hook runs first as pre-push.local`, ...
        public let message: String
    }

    /// The script for `hook`.
    public func script(for hook: String) -> String { HookInstaller.script(for: hook, binary: binary) }

    /// The script for `hook`, falling back to `binary` when `preflight` is not on PATH.
    public static func script(for hook: String, binary: String) -> String {
        let quoted = "'" + binary.replacingOccurrences(of: "'", with: "'\\''") + "'"
        return """
            #!/bin/sh
            \(HookInstaller.marker)
            # Runs \(hook).local first (the hook that was here before), then preflight on git's objects.
            # Plain sh, no subprocess before preflight starts: this runs on every commit.
            hook=\(hook)
            case $0 in */*) dir=${0%/*} ;; *) dir=. ;; esac
            input=
            if [ "$hook" = pre-push ]; then
              input=$(mktemp "${TMPDIR:-/tmp}/preflight-push.XXXXXX") || exit 1
              trap 'rm -f "$input"' EXIT
              cat > "$input"
            fi
            if [ -x "$dir/$hook.local" ]; then
              if [ -n "$input" ]; then "$dir/$hook.local" "$@" < "$input"; else "$dir/$hook.local" "$@"; fi || exit $?
            fi
            [ "${PREFLIGHT:-1}" = 0 ] && exit 0
            bin=${PREFLIGHT_BIN:-}
            if [ -z "$bin" ]; then
              saved_ifs=$IFS; IFS=:
              for d in $PATH; do
                [ -x "${d:-.}/preflight" ] && [ ! -d "${d:-.}/preflight" ] && { bin=${d:-.}/preflight; break; }
              done
              IFS=$saved_ifs
            fi
            [ -n "$bin" ] || { [ -x \(quoted) ] && bin=\(quoted); }
            if [ -z "$bin" ]; then
              echo "preflight: the $hook hook cannot find the preflight binary (not on PATH, not at \(quoted))." >&2
              echo "preflight: install it ('make install' in its checkout), set PREFLIGHT_BIN, or skip once with --no-verify." >&2
              exit 1
            fi
            [ -n "$input" ] || exec "$bin" hook "$hook" "$@"
            "$bin" hook "$hook" "$@" < "$input"

            """
    }

    /// Writes each hook; a foreign hook is kept as `<name>.local` (noted in `record`) unless `force` replaces
    /// it outright. A `<name>.local` that `record` says an earlier install moved aside, whose hook is gone, is
    /// refused rather than chained again: it is not the user's current hook.
    func install(_ hooks: [String], force: Bool, record: inout InstallRecord) throws -> [Outcome] {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var outcomes: [Outcome] = []
        for hook in hooks {
            let path = directory + "/" + hook
            let local = path + ".local"
            let wanted = script(for: hook)
            var note = ""
            if let existing = try HookInstaller.text(of: path) {
                if existing == wanted {
                    outcomes.append(Outcome(hook: hook, message: "unchanged"))
                    continue
                }
                if !existing.contains(HookInstaller.marker) {
                    if force {
                        note = "; the existing hook was replaced (--force)"
                    } else {
                        guard !HookInstaller.exists(local) else {
                            throw InstallError(
                                message: "\(path) is not preflight's and \(hook).local exists too: "
                                    + "merge them by hand, or pass --force to replace \(hook)")
                        }
                        try FileManager.default.moveItem(atPath: path, toPath: local)
                        if !record.chained.contains(local) { record.chained.append(local) }
                        note = "; the existing hook runs first as \(hook).local"
                    }
                }
            } else if HookInstaller.exists(local) {
                guard !record.chained.contains(local) else {
                    throw InstallError(
                        message: "\(local) is the hook an earlier 'preflight install' moved aside, and \(hook) is "
                            + "gone: run 'preflight uninstall' to put it back as \(hook), or remove it; then install "
                            + "again")
                }
                note = "; the existing \(hook).local runs first"
            }
            try HookInstaller.writeAtomically(Array(wanted.utf8), to: path, mode: 0o755)
            outcomes.append(Outcome(hook: hook, message: "installed\(note)"))
        }
        return outcomes
    }

    /// Removes preflight's hooks (only those carrying the marker) and restores `<name>.local`; a `.local`
    /// `record` says install moved aside is put back too when its hook is already gone.
    func uninstall(record: inout InstallRecord) throws -> [Outcome] {
        var outcomes: [Outcome] = []
        for hook in HookInstaller.known {
            let path = directory + "/" + hook
            let local = path + ".local"
            let chained = record.chained.contains(local)
            record.chained.removeAll { $0 == local }
            let existing = try HookInstaller.text(of: path)
            if let existing, existing.contains(HookInstaller.marker) {
                try FileManager.default.removeItem(atPath: path)
            } else if existing != nil || !chained || !HookInstaller.exists(local) {
                continue
            }
            if HookInstaller.exists(local) {
                try FileManager.default.moveItem(atPath: local, toPath: path)
                outcomes.append(Outcome(hook: hook, message: "removed; restored the earlier hook from \(hook).local"))
            } else {
                outcomes.append(Outcome(hook: hook, message: "removed"))
            }
        }
        return outcomes
    }

    /// The text of the hook at `path`; nil when there is none, empty for a symbolic link (never preflight's,
    /// not followed). Anything else that is not a regular file is an error.
    static func text(of path: String) throws(InstallError) -> String? {
        var info = stat()
        guard lstat(path, &info) == 0 else { return nil }
        if (info.st_mode & S_IFMT) == S_IFLNK { return "" }
        do {
            return try RegularFile.read(path, limit: 1 << 24).map { String(decoding: $0, as: UTF8.self) }
        } catch {
            throw InstallError(message: "\(error.description): move it away, then install again")
        }
    }

    /// True when something (a link too) is at `path`.
    static func exists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }

    /// Writes through a temporary file in the same directory and a rename.
    static func writeAtomically(_ bytes: [UInt8], to path: String, mode: mode_t) throws(InstallError) {
        do {
            try AtomicFile.write(bytes, to: path, mode: mode)
        } catch {
            throw InstallError(message: error.description)
        }
    }
}

/// Installing or removing hooks failed: what and what to do (exit 2).
public struct InstallError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public var description: String { message }
}
