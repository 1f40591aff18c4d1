import Foundation

/// Answers read in place from a graph cache file: binary searches over its sorted paths, links and readers,
/// so an answer decodes the links it names and no others. Every answer is nil once the file is found
/// damaged (the caller then walks the links again).
extension MappedGraphFile {
    /// One link's input at a path its walk read: the link, and whether the walk ended at that directory.
    typealias Reader = (link: RepoPath, isDirectory: Bool)

    /// The index of the first path not before `bytes` in byte order (the path count when none is).
    func lowerBound(_ bytes: [UInt8]) -> Int? {
        var low = 0
        var high = count(.paths)
        while low < high {
            let mid = (low + high) / 2
            guard let other = pathBytes(mid) else { return nil }
            if CheckedFile.compare(other, bytes) < 0 { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// The index of the path `path`, `.some(nil)` when the file has no such path, nil when damaged.
    func index(of path: RepoPath) -> Int?? {
        guard let at = lowerBound(path.bytes) else { return nil }
        guard at < count(.paths) else { return .some(nil) }
        guard let bytes = pathBytes(at) else { return nil }
        return CheckedFile.compare(bytes, path.bytes) == 0 ? at : .some(nil)
    }

    /// The indices of the paths strictly below the directory `dir`: those that start with `dir/`, which lie
    /// between `dir/` and `dir0` (`0` follows `/`) in byte order.
    func indices(below dir: RepoPath) -> Range<Int>? {
        guard let start = lowerBound(dir.bytes + [UInt8(ascii: "/")]),
            let end = lowerBound(dir.bytes + [UInt8(ascii: "/") + 1])
        else { return nil }
        return start..<max(start, end)
    }

    /// The first record of `section` (links or readers, sorted by path index) whose path is not below `index`.
    func firstRecord(_ section: Section, from index: Int) -> Int? {
        var low = 0
        var high = count(section)
        while low < high {
            let mid = (low + high) / 2
            guard let key = field(section, mid, 0) else { return nil }
            if Int(key) < index { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// The record of `section` for path index `index`: `.some(nil)` when there is none, nil when damaged.
    func record(_ section: Section, at index: Int) -> Int?? {
        guard let at = firstRecord(section, from: index) else { return nil }
        guard at < count(section) else { return .some(nil) }
        guard let key = field(section, at, 0) else { return nil }
        return Int(key) == index ? at : .some(nil)
    }

    /// The reader record of `path`, by one binary search over the readers' paths: `.some(nil)` when no walk
    /// reads it as a hop, nil when damaged.
    func reader(of path: RepoPath) -> Int?? {
        var low = 0
        var high = count(.readers)
        while low < high {
            let mid = (low + high) / 2
            guard let key = field(.readers, mid, 0), let bytes = pathBytes(Int(key)) else { return nil }
            let order = CheckedFile.compare(bytes, path.bytes)
            if order == 0 { return mid }
            if order < 0 { low = mid + 1 } else { high = mid }
        }
        return .some(nil)
    }

    /// The resolution of link record `record`, or nil when it cannot be read.
    func resolution(_ record: Int) -> LinkResolution? {
        guard let linkIndex = field(.links, record, 0), let linkPath = path(linkIndex), let link = linkPath,
            let code = field(.links, record, 1), let outcomeIndex = field(.links, record, 2),
            let outcomePath = path(outcomeIndex), let outcome = GraphCache.outcome(code, outcomePath),
            let targetIndex = field(.links, record, 3), let target = path(targetIndex),
            let first = field(.links, record, 4), let hopCount = field(.links, record, 5),
            Int(hopCount) <= LinkResolver.maxHops + 1
        else { return fail() }
        var hops: [RepoPath] = []
        hops.reserveCapacity(Int(hopCount))
        for i in 0..<Int(hopCount) {
            guard let hopIndex = field(.hops, Int(first) + i, 0), let hopPath = path(hopIndex), let hop = hopPath
            else { return fail() }
            hops.append(hop)
        }
        return LinkResolution(link: link, hops: hops, target: target, outcome: outcome)
    }

    /// The link path of link record `record`.
    func link(_ record: Int) -> RepoPath? {
        guard let index = field(.links, record, 0), let linkPath = path(index), let link = linkPath else {
            return fail()
        }
        return link
    }

    /// The inputs of reader record `record`: the links whose walks read its path, in link order.
    func inputs(ofReader record: Int) -> [Reader]? {
        guard let first = field(.readers, record, 1), let count = field(.readers, record, 2) else { return nil }
        var result: [Reader] = []
        for i in Int(first)..<(Int(first) + Int(count)) {
            guard let linkRecord = field(.inputs, i, 0), let flag = field(.inputs, i, 1), flag <= 1,
                let link = link(Int(linkRecord))
            else { return fail() }
            result.append((link, flag == 1))
        }
        return result
    }

    /// Every resolution, or nil when the file is not sound throughout.
    func decodeAll() -> [RepoPath: LinkResolution]? {
        guard checkAll() else { return nil }
        var result: [RepoPath: LinkResolution] = [:]
        result.reserveCapacity(count(.links))
        var previous: RepoPath?
        for record in 0..<count(.links) {
            guard let resolution = resolution(record), previous.map({ $0 < resolution.link }) ?? true else {
                return fail()
            }
            previous = resolution.link
            result[resolution.link] = resolution
        }
        return damaged ? nil : result
    }
}
