import Foundation

/// Last known job durations by tier and target, for balancing shards.
///
/// Stored as `{"schema": 1, "tiers": {"fast": {"a": 1234}}}` (milliseconds) in
/// `.git/preflight/cache/durations.json`; `preflight run` updates it after every run, atomically. A file
/// that cannot be read or parsed is ignored with a warning, never a failure: it is only a cache.
public struct Durations: Sendable, Equatable {
    /// Seconds by tier, then by target id.
    public var tiers: [Tier: [String: Double]] = [:]

    /// The longest duration kept (a year): anything above it (`1e300` in a hand-edited file) is not a
    /// duration, and would not fit the integer milliseconds the file holds.
    public static let maxMilliseconds: Double = 365 * 24 * 3600 * 1000

    /// No durations.
    public init() {}

    /// The cache file of a repository: `<common git dir>/preflight/cache/durations.json`.
    public static func cacheFile(commonDirectory: String) -> String {
        (commonDirectory.hasSuffix("/") ? commonDirectory : commonDirectory + "/") + "preflight/cache/durations.json"
    }

    /// Reads `path`; a missing file is empty, and an unreadable or malformed one is empty with a warning.
    public static func read(_ path: String) -> (durations: Durations, warning: String?) {
        var info = stat()
        guard lstat(path, &info) == 0 else { return (Durations(), nil) }
        let empty = (info.st_mode & S_IFMT) == S_IFREG && info.st_size == 0
        guard let bytes = empty ? [] : GraphCache.contents(of: path) else {
            return (Durations(), "cannot read \(path) (not a readable regular file): ignored")
        }
        let data = Data(bytes)
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            object["schema"] as? Int == 1, let tiers = object["tiers"] as? [String: Any]
        else {
            return (Durations(), "\(path) is not a durations file (schema 1): ignored; the next run rewrites it")
        }
        var result = Durations()
        for (name, value) in tiers {
            guard let tier = Tier(rawValue: name), let byTarget = value as? [String: Any] else { continue }
            for (target, ms) in byTarget {
                guard let number = ms as? NSNumber, (0...Durations.maxMilliseconds).contains(number.doubleValue)
                else { continue }
                result.tiers[tier, default: [:]][target] = number.doubleValue / 1000
            }
        }
        return (result, nil)
    }

    /// The same durations with `seconds` recorded for each target of `tier`.
    public func recording(_ seconds: [String: Double], tier: Tier) -> Durations {
        var copy = self
        for (target, s) in seconds where (0...Durations.maxMilliseconds / 1000).contains(s) {
            copy.tiers[tier, default: [:]][target] = s
        }
        return copy
    }

    /// The file's bytes: tiers and targets sorted, milliseconds as integers.
    public func rendered() -> String {
        let tierFields = tiers.keys.sorted { $0.rawValue < $1.rawValue }.map { tier -> (String, JSON) in
            let byTarget = tiers[tier]!.keys.sorted().map { ($0, JSON.int(Int((tiers[tier]![$0]! * 1000).rounded()))) }
            return (tier.rawValue, .object(byTarget))
        }
        return JSON.object([("schema", .int(1)), ("tiers", .object(tierFields))]).rendered() + "\n"
    }

    /// Writes the file atomically (a temporary file renamed over it), making its folder.
    public func write(to path: String) throws {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try AtomicFile.write(Array(rendered().utf8), to: path, mode: 0o644)
    }
}
