import Formats
import Model

/// Each runnable dir's `changelog.txt` follows the grammar, reads newest first, names its image, and gets
/// a new entry when the dir's release inputs change.
///
/// In scope: runnable dirs whose `changelog.txt` or release inputs (`[runnable] release-inputs`, default
/// `devops/**`, relative to the dir) the change touched; every runnable dir with `--all`.
///
/// Triggers (error): a line that breaks the grammar (`# <image>-<X.Y.Z>`, `- YYYY-MM-DD`, `- bullets`);
/// a version not strictly lower than the one above it (semver precedence); a date newer than the one above
/// it or after today; release inputs changed while the top version is not higher than at the version base
/// (merge-base with the default branch, so a branch bumps once).
/// Triggers (error, once per file): bytes that are not text (a NUL byte or invalid UTF-8). More than
/// `Finding.perFileLimit` findings for one changelog end in one "and N more" finding.
/// Triggers (warning): the top entry names another image than `repo_config.yaml`; a skipped version
/// (1.2.0 -> 1.4.0); a UTF-8 byte order mark (read past, so the entries still count).
/// Does not trigger: a well-formed changelog; release inputs unchanged; a new runnable dir (no base entry).
public struct ChangelogCheck: Check {
    public let id = CheckID.changelog.rawValue
    public let summary = "changelogs parse, read newest first, and get a higher version when release inputs change"

    public init() {}

    public func findings(in context: CheckContext) throws -> [Finding] {
        let workspace = context.head
        var touched: [RepoPath: [RepoPath]] = [:]  // dir -> changed release inputs
        var scope = Set<RepoPath>()
        if context.everything {
            // Only here is the whole table of targets made: a change looks at its paths' owners.
            scope = Set(workspace.targets.filter { $0.kind == .runnable }.map(\.path))
        } else {
            var globs: [RepoPath: [Glob]] = [:]  // by target: its release inputs, compiled once
            var shared: [Glob]?  // the release inputs of every target without overrides
            for path in context.changeSet.touchedPaths {
                let owner = workspace.owner(of: path)
                guard owner.kind == .runnable, let relative = path.relative(to: owner.path) else { continue }
                if relative == ChangelogCheck.file { scope.insert(owner.path) }
                let inputs: [Glob]
                if let known = globs[owner.path] {
                    inputs = known
                } else {
                    inputs = releaseInputs(of: owner, in: workspace, shared: &shared)
                    globs[owner.path] = inputs
                }
                if inputs.contains(where: { $0.matches(path, under: owner.path) }) {
                    scope.insert(owner.path)
                    touched[owner.path, default: []].append(path)
                }
            }
        }
        var findings: [Finding] = []
        for dir in scope.sorted() {
            guard let target = workspace.target(at: dir) else { continue }
            findings += Finding.capped(try judge(target, releaseInputs: touched[dir] ?? [], in: context))
        }
        return findings
    }

    static let file = RepoPath("changelog.txt")

    /// A target's release inputs compiled; those of targets without overrides are compiled once, into `shared`.
    private func releaseInputs(of target: Target, in workspace: Workspace, shared: inout [Glob]?) -> [Glob] {
        let configuration = workspace.configuration
        guard let overrides = configuration.declaration(for: target.path)?.overrides else {
            if let shared { return shared }
            let compiled = configuration.runnable.releaseInputs.compactMap { try? Glob($0) }
            shared = compiled
            return compiled
        }
        return configuration.runnable.applying(overrides).releaseInputs.compactMap { try? Glob($0) }
    }

    private func judge(_ target: Target, releaseInputs: [RepoPath], in context: CheckContext) throws -> [Finding] {
        let path = target.path.appending(ChangelogCheck.file.bytes)
        func finding(_ severity: Severity, _ message: String, line: Int?, fix: String? = nil) -> Finding {
            Finding(check: id, severity: severity, message: message, path: path, line: line, fix: fix)
        }
        guard let bytes = try context.changeSet.head.bytes(at: path) else {
            guard let changed = releaseInputs.first else { return [] }
            return [
                finding(
                    .error, "\(changed) is a release input but \(target.id) has no changelog.txt", line: nil,
                    fix: "start one with '# <image>-1.0.0', '- YYYY-MM-DD' and a bullet")
            ]
        }
        let changelog = Changelog(bytes)
        if let notText = changelog.notText {
            return [
                finding(
                    .error, "changelog.txt is not text: \(notText.message)", line: notText.line,
                    fix: "a changelog is utf-8 text; restore it from git or rewrite it")
            ]
        }
        var findings = read(changelog, path: path, today: context.today)
        guard let top = changelog.top else {
            if changelog.problems.isEmpty { findings.append(finding(.error, "changelog has no entry", line: nil)) }
            return findings
        }
        if let image = try context.head.imageName(of: target), image != top.name {
            findings.append(
                finding(
                    .warning, "top entry names '\(top.name)' but repo_config.yaml's image is '\(image)'",
                    line: top.line, fix: "a changelog copied from another dir? write '# \(image)-\(top.version)'"))
        }
        if let changed = releaseInputs.first {
            findings += try bump(target, path: path, top: top, changed: changed, in: context)
        }
        return findings
    }

    /// What the changelog's own text says: grammar problems, a byte order mark, versions not descending,
    /// dates not descending or in the future.
    private func read(_ changelog: Changelog, path: RepoPath, today: Changelog.Day) -> [Finding] {
        func finding(_ severity: Severity, _ message: String, line: Int?, fix: String? = nil) -> Finding {
            Finding(check: id, severity: severity, message: message, path: path, line: line, fix: fix)
        }
        var findings = changelog.problems.map { finding(.error, $0.message, line: $0.line) }
        if changelog.byteOrderMark {
            // Read past, so the entries still count, but named: other tools see U+FEFF before the '#'.
            findings.append(
                finding(
                    .warning, "changelog.txt starts with a utf-8 byte order mark", line: 1,
                    fix: "save it as utf-8 without a byte order mark"))
        }
        let entries = changelog.entries
        for (newer, older) in zip(entries, entries.dropFirst()) {
            if !(older.version < newer.version) {
                findings.append(
                    finding(
                        .error,
                        "version \(newer.version) is not higher than \(older.version) below it (line \(older.line)); entries go newest first",
                        line: newer.line))
            }
            if let d1 = newer.date, let d2 = older.date, d1 < d2 {
                findings.append(
                    finding(.error, "date \(d1) is older than \(d2) of the entry below it", line: newer.dateLine))
            }
        }
        for entry in entries {
            if let day = entry.date, today < day {
                findings.append(
                    finding(.error, "date \(day) is in the future (today is \(today))", line: entry.dateLine))
            }
        }
        return findings
    }

    /// A change to release inputs needs a top version higher than the version base's.
    private func bump(
        _ target: Target, path: RepoPath, top: Changelog.Entry, changed: RepoPath,
        in context: CheckContext
    ) throws -> [Finding] {
        let (base, label) = context.versionBase
        guard let bytes = try base.bytes(at: path), let old = Changelog(bytes).top else { return [] }
        let next = Semver.nextPatch(of: old.version)
        if !(old.version < top.version) {
            return [
                Finding(
                    check: id, severity: .error,
                    message:
                        "\(changed) changed (a release input) but the top entry is still \(top.version), as at \(label)",
                    path: path, line: top.line,
                    fix: "add '# \(top.name)-\(next)', '- \(context.today)' and a bullet above line \(top.line)")
            ]
        }
        if !Semver.isNextRelease(top.version, after: old.version) {
            return [
                Finding(
                    check: id, severity: .warning,
                    message: "version jumps from \(old.version) to \(top.version), skipping a release",
                    path: path, line: top.line,
                    fix:
                        "the next release is \(next), \(Semver.nextMinor(of: old.version)) or \(Semver.nextMajor(of: old.version))"
                )
            ]
        }
        return []
    }
}

extension Semver {
    static func nextPatch(of v: Semver) -> String {
        "\(v.major).\(v.minor).\(v.isPrerelease ? v.patch : v.patch.successor)"
    }
    static func nextMinor(of v: Semver) -> String { "\(v.major).\(v.minor.successor).0" }
    static func nextMajor(of v: Semver) -> String { "\(v.major.successor).0.0" }

    /// True when `new` is the next patch, minor or major release after `old` (or a pre-release of one, or
    /// the release of `old`'s own pre-release).
    static func isNextRelease(_ new: Semver, after old: Semver) -> Bool {
        let core = "\(new.major).\(new.minor).\(new.patch)"
        let oldCore = "\(old.major).\(old.minor).\(old.patch)"
        if old.isPrerelease && core == oldCore { return true }
        return [nextPatch(of: old), nextMinor(of: old), nextMajor(of: old), oldCore].contains(core)
    }
}

extension Numeral {
    /// The number plus one.
    var successor: Numeral {
        var digits = Array(self.digits.utf8)
        var i = digits.count - 1
        while i >= 0 {
            if digits[i] == UInt8(ascii: "9") {
                digits[i] = UInt8(ascii: "0")
                i -= 1
            } else {
                digits[i] += 1
                return Numeral(String(decoding: digits, as: UTF8.self))!
            }
        }
        return Numeral("1" + String(decoding: digits, as: UTF8.self))!
    }
}
