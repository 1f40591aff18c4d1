/// Which affected targets have a tier, and why (or why not).
///
/// - A runnable dir has `fast`, `slow` and `superslow` when it holds Python tests of its own (a file or
///   link named `test_*.py` or `*_test.py`, pytest's default, outside nested targets), or when the tier's
///   command is written in `[runnable]` or in the dir's `[[target]]` table.
/// - A runnable dir has `image` when one of its image inputs (`image-inputs`, default `devops/**` and
///   `changelog.txt`, relative to the dir) changed: a changed file of its own, or a link of its own whose
///   target changed.
/// - A declared target has only the tiers its own `[[target]]` table sets a command for (`image` also
///   needs a changed image input).
struct TierSelection {
    let workspace: Workspace
    let changeSet: ChangeSet
    let settings: RunnableSettings

    /// Reasons to run `tier` for the target, or why it has none.
    struct Verdict {
        var reasons: [String]?
        var skip: String?
    }

    func verdict(_ tier: Tier, for affected: AffectedTarget, declaration: TargetDeclaration?) -> Verdict {
        let target = affected.target
        let all = affected.reasons.map(\.summary)
        if target.kind == .declared, declaration?.overrides.command(for: tier) == nil {
            return Verdict(skip: "a declared target without a \(tier) command in its [[target]] table")
        }
        if tier == .image {
            let changed = imageInputReasons(affected)
            if changed.isEmpty {
                return Verdict(skip: "no image input changed (\(settings.imageInputs.joined(separator: ", ")))")
            }
            return Verdict(reasons: changed)
        }
        if target.kind == .declared || settings.configuredTiers.contains(tier) || hasPythonTests(target) {
            return Verdict(reasons: all)
        }
        return Verdict(skip: "no python tests (test_*.py, *_test.py) and no \(tier) command configured")
    }

    /// True when the target owns a file or link named like a pytest test module.
    func hasPythonTests(_ target: Target) -> Bool {
        for entry in workspace.snapshot.table.entries(under: target.path)
        where entry.mode.isFile || entry.mode == .symlink {
            let name = entry.path.name
            let isTest =
                name.count > 3 && name.suffix(3) == Array(".py".utf8)
                && (name.starts(with: Array("test_".utf8))
                    || name.dropLast(3).reversed().starts(with: Array("_test".utf8).reversed()))
            if isTest && workspace.owner(of: entry.path).path == target.path { return true }
        }
        return false
    }

    /// The target's reasons that touch an image input, as lines.
    func imageInputReasons(_ affected: AffectedTarget) -> [String] {
        let dir = affected.target.path
        let globs = settings.imageInputs.compactMap { try? Glob($0) }
        var lines: [String] = []
        for reason in affected.reasons {
            switch reason.kind {
            case .changedFile:
                guard let path = reason.path, let rel = path.relative(to: dir) else { continue }
                if let glob = globs.first(where: { $0.matches(rel) }) { lines.append(reason.summary + " (\(glob))") }
            case .linkTarget, .submodule:
                guard let via = reason.via, let rel = via.relative(to: dir) else { continue }
                // A link at an image input, or a linked directory that holds some of them.
                if let glob = globs.first(where: { $0.matches(rel) || $0.literalPrefix.isInside(rel) }) {
                    lines.append(reason.summary + " (\(glob))")
                }
            case .missingBase:
                let owned = workspace.snapshot.table.entries(under: dir).first { entry in
                    guard let rel = entry.path.relative(to: dir) else { return false }
                    return globs.contains { $0.matches(rel) }
                }
                if owned != nil { lines.append(reason.summary) }
            default:
                continue
            }
        }
        return lines
    }
}
