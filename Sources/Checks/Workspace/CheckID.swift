/// Every check's stable id, in the order checks run and are listed: the one list of them.
///
/// Here, below the rules, so the configuration can validate `[hooks]` and `[checks]` ids without the
/// rules; each check's `id` is one of these and `CheckCatalog` holds one check per case.
public enum CheckID: String, Sendable, CaseIterable {
    case symlink
    case destroyedSymlink = "destroyed-symlink"
    case managedLink = "managed-link"
    case conflictMarker = "conflict-marker"
    case changelog
    case newsFragment = "news-fragment"
    case version
    case lockfile
    case releaseTag = "release-tag"

    /// The group `integrity` names (the pre-commit default): every check but the release-tag check.
    public static let integrityGroup = "integrity"

    /// True for the checks in the `integrity` group.
    public var isIntegrity: Bool { self != .releaseTag }
}
