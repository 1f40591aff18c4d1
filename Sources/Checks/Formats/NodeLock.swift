/// npm's `package-lock.json` judged against `package.json`: was the lock made for these dependencies.
///
/// - lockfileVersion 2 and 3: the root entry `packages[""]` keeps the `dependencies`,
///   `devDependencies`, `optionalDependencies` and `peerDependencies` it was generated from; each must
///   equal package.json's, name and spec (`^1.3.0`, `github:user/repo`, ...) exactly. A name in both
///   `dependencies` and `optionalDependencies` counts as optional only, as npm reads it.
/// - lockfileVersion 1 lists every installed package flat under `dependencies`, direct or not, so
///   only names can be compared: each name in package.json's `dependencies`, `devDependencies` and
///   `optionalDependencies` must have an entry (npm 6 did not install peers). A removed dependency
///   cannot be seen there.
/// Workspaces are not followed. Malformed JSON is `.unreadable` with its line. Never traps.
public enum NodeLock {
    static let sections = ["dependencies", "devDependencies", "optionalDependencies", "peerDependencies"]

    /// Whether `lock` (package-lock.json) was generated from `manifest` (package.json).
    public static func verdict(manifest: [UInt8], lock: [UInt8]) -> LockVerdict {
        let package: [String: Any]
        switch LockJSON.object(manifest, file: "package.json") {
        case .success(let value): package = value
        case .failure(let problem): return .unreadable(problem)
        }
        let locked: [String: Any]
        switch LockJSON.object(lock, file: "package-lock.json") {
        case .success(let value): locked = value
        case .failure(let problem): return .unreadable(problem)
        }
        let wanted: [String: [String: String]]
        switch specs(of: package, in: "package.json") {
        case .success(let value): wanted = value
        case .failure(let problem): return .unreadable(problem)
        }
        switch LockJSON.int(locked["lockfileVersion"]) {
        case 1:
            return versionOne(wanted, locked)
        case 2, 3:
            guard let packages = locked["packages"] as? [String: Any], let root = packages[""] as? [String: Any] else {
                return .unreadable("package-lock.json has no root entry packages[\"\"]")
            }
            switch specs(of: root, in: "package-lock.json packages[\"\"]") {
            case .success(let have): return compare(wanted, have)
            case .failure(let problem): return .unreadable(problem)
            }
        case let version?:
            return .unreadable("package-lock.json has lockfileVersion \(version), which preflight does not read")
        case nil:
            return .unreadable("package-lock.json has no lockfileVersion")
        }
    }

    /// The four dependency maps of `object` (missing ones empty), optional names out of `dependencies`.
    static func specs(of object: [String: Any], in place: String) -> Result<[String: [String: String]], LockProblem> {
        var result: [String: [String: String]] = [:]
        for section in sections {
            guard let raw = object[section] else {
                result[section] = [:]
                continue
            }
            guard let map = raw as? [String: Any] else {
                return .failure(LockProblem(line: nil, message: "\(place): \(section) is not an object"))
            }
            var specs: [String: String] = [:]
            for (name, value) in map {
                guard let spec = value as? String else {
                    return .failure(LockProblem(line: nil, message: "\(place): \(section).\(name) is not a string"))
                }
                specs[name] = spec
            }
            result[section] = specs
        }
        for name in result["optionalDependencies", default: [:]].keys { result["dependencies"]?[name] = nil }
        return .success(result)
    }

    /// lockfileVersion 2 and 3: the root entry's maps against package.json's.
    static func compare(_ wanted: [String: [String: String]], _ have: [String: [String: String]]) -> LockVerdict {
        let names = Set(wanted.values.flatMap(\.keys)).union(have.values.flatMap(\.keys))
        let differing = names.filter { name in sections.map { wanted[$0]?[name] } != sections.map { have[$0]?[name] } }
            .sorted()
        let reasons = differing.prefix(3).map { name in
            let ours = entries(name, wanted).joined(separator: " and ")
            let theirs = entries(name, have).joined(separator: " and ")
            if theirs.isEmpty { return "package.json has \(ours), the lock was generated without it" }
            if ours.isEmpty { return "the lock was generated with \(theirs), package.json does not have it" }
            return "package.json has \(ours), the lock was generated with \(theirs)"
        }
        return verdict(reasons, of: differing.count)
    }

    /// lockfileVersion 1: names only, since its `dependencies` mixes direct and transitive packages.
    static func versionOne(_ wanted: [String: [String: String]], _ locked: [String: Any]) -> LockVerdict {
        let listed: [String: Any]
        switch locked["dependencies"] {
        case nil: listed = [:]
        case let map as [String: Any]: listed = map
        default: return .unreadable("package-lock.json: dependencies is not an object")
        }
        var missing: [(section: String, name: String)] = []
        for section in sections.dropLast() {
            missing += wanted[section, default: [:]].keys.filter { listed[$0] == nil }.sorted().map { (section, $0) }
        }
        let reasons = missing.prefix(3).map {
            "package.json has \($0.name) in \($0.section), the lock (lockfileVersion 1) has no entry for it"
        }
        return verdict(reasons, of: missing.count)
    }

    private static func entries(_ name: String, _ maps: [String: [String: String]]) -> [String] {
        sections.compactMap { section in maps[section]?[name].map { "\(name)@\($0) in \(section)" } }
    }

    /// Stale with the first `reasons` of `count` differences, or fresh when there are none.
    private static func verdict(_ reasons: [String], of count: Int) -> LockVerdict {
        guard count > 0 else { return .fresh }
        var reason = reasons.joined(separator: "; ")
        if count > reasons.count { reason += "; and \(count - reasons.count) more" }
        return .stale(reason)
    }
}
