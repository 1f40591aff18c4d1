/// A file that says which third-party Python distributions a repository installs.
public enum PythonDependencyFile: Sendable, Hashable {
    case requirements, pyproject, poetryLock, uvLock, pantsLock

    /// By file name: requirements*.txt / *-requirements.txt / requirements/*.txt -> requirements, pyproject.toml,
    /// poetry.lock, uv.lock; nil otherwise (a Pants resolve's lock has a configured name, so callers pass
    /// .pantsLock for those).
    ///
    /// `name` is a file name or a `/`-separated path (the parent directory decides `requirements/*.txt`).
    public static func kind(ofFileNamed name: String) -> PythonDependencyFile? {
        // Every name below ends in `l`, `k` or `t` (a final character is that ASCII letter only when the last
        // byte is); most changed paths end otherwise and need no split. A trailing `/` is split as before.
        switch name.utf8.last {
        case UInt8(ascii: "l"), UInt8(ascii: "k"), UInt8(ascii: "t"), UInt8(ascii: "/"): break
        default: return nil
        }
        let parts = name.split(separator: "/")
        guard let file = parts.last else { return nil }
        switch file {
        case "pyproject.toml": return .pyproject
        case "poetry.lock": return .poetryLock
        case "uv.lock": return .uvLock
        default: break
        }
        guard file.hasSuffix(".txt") else { return nil }
        let inRequirementsDir = parts.count > 1 && parts[parts.count - 2] == "requirements"
        if file.hasPrefix("requirements") || file.hasSuffix("-requirements.txt") || inRequirementsDir {
            return .requirements
        }
        return nil
    }

    /// The file's name in messages.
    var displayName: String {
        switch self {
        case .requirements: "the requirements file"
        case .pyproject: "pyproject.toml"
        case .poetryLock: "poetry.lock"
        case .uvLock: "uv.lock"
        case .pantsLock: "the pants lock"
        }
    }
}

/// Which third-party distributions a change to a dependency file touches.
public enum DistributionChange: Sendable, Equatable {
    /// Normalised (PEP 503) names whose requirement or locked version changed, closed over the lock's own
    /// dependency records: bumping urllib3 in a lock also names every locked package depending on it, transitively.
    case distributions(Set<String>)
    /// The change cannot be attributed to distributions (unparseable side, a change the format cannot explain):
    /// the caller affects every Python target the file serves. The string says why, for --explain.
    case unknown(String)
}

extension PythonDependencyFile {
    /// What changed between the two sides (nil = the file is absent on that side: every requirement of the other
    /// side changed).
    ///
    /// Manifests (requirements files, pyproject.toml) are compared requirement by requirement, so a comment,
    /// a reordering or an edit outside the dependency tables changes nothing; locks are compared package by
    /// package (version and source), and every locked package that depends on a changed one, transitively,
    /// is named with it. A side that does not parse is `.unknown`, never "nothing changed".
    public func changedDistributions(base: [UInt8]?, head: [UInt8]?) -> DistributionChange {
        switch self {
        case .requirements, .pyproject:
            let read = { (bytes: [UInt8]?) -> Result<DeclaredRequirements, SideProblem> in
                guard let bytes else { return .success(DeclaredRequirements()) }
                return self == .requirements
                    ? .success(DeclaredRequirements(requirementsFile: bytes))
                    : DeclaredRequirements.pyproject(bytes)
            }
            switch (read(base), read(head)) {
            case (.failure(let problem), _): return .unknown(describe(problem, side: "base"))
            case (_, .failure(let problem)): return .unknown(describe(problem, side: "head"))
            case (.success(let old), .success(let new)): return old.changes(to: new, file: displayName)
            }
        case .poetryLock, .uvLock, .pantsLock:
            let read = { (bytes: [UInt8]?) -> Result<LockedPackages, SideProblem> in
                guard let bytes else { return .success(LockedPackages()) }
                switch self {
                case .poetryLock: return LockedPackages.poetry(bytes)
                case .uvLock: return LockedPackages.uv(bytes)
                default: return LockedPackages.pants(bytes)
                }
            }
            switch (read(base), read(head)) {
            case (.failure(let problem), _): return .unknown(describe(problem, side: "base"))
            case (_, .failure(let problem)): return .unknown(describe(problem, side: "head"))
            case (.success(let old), .success(let new)): return .distributions(old.changedNames(to: new))
            }
        }
    }

    private func describe(_ problem: SideProblem, side: String) -> String {
        "\(displayName) on the \(side) side cannot be read: \(problem.message)"
    }
}

/// Why one side of a dependency file cannot be read (lowercase, no full stop).
struct SideProblem: Error, Equatable {
    let message: String
}
