/// The whole table of targets, made on first use, and counts that need not make it.
extension Workspace {
    /// The number of targets, without making them.
    public var targetCount: Int {
        markers.dirs.count + declaredTargets.count { !markers.dirs.contains($0.path) }
    }

    /// How many paths this workspace's targets and `other`'s name together, made without the targets when
    /// both have the same paths.
    public func targetCount(with other: Workspace) -> Int {
        hasTargetPaths(of: other) ? targetCount : Workspace.unionCount(targets, other.targets)
    }

    /// How many paths two lists of targets name together; each list is sorted by path (as `targets`), so one
    /// merge counts them without hashing every target of both sides.
    public static func unionCount(_ a: [Target], _ b: [Target]) -> Int {
        var (i, j, count) = (0, 0, 0)
        while i < a.count || j < b.count {
            count += 1
            if j == b.count || (i < a.count && a[i].path < b[j].path) {
                i += 1
            } else if i == a.count || b[j].path < a[i].path {
                j += 1
            } else {
                (i, j) = (i + 1, j + 1)
            }
        }
        return count
    }

    /// The runnable dirs as bare targets, and the declared targets (which win at the same path), in path order.
    static func merge(_ dirs: DirectorySet, _ declared: [Target]) -> [Target] {
        var result: [Target] = []
        result.reserveCapacity(dirs.count + declared.count)
        var d = 0
        for i in 0..<dirs.count {
            let dir = dirs.list[i]
            while d < declared.count, declared[d].path < dir {
                result.append(declared[d])
                d += 1
            }
            if d < declared.count, declared[d].path == dir { continue }
            result.append(Target(path: dir, kind: .runnable))
        }
        result += declared[d...]
        return result
    }
}
