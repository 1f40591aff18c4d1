import Foundation

/// Last known job durations by tier and target, for balancing shards.
///
/// Stored as `{"schema": 1, "tiers": {"fast": {"a": 1234}}}` (milliseconds) in
/// `.git/preflight/cache/durations.json`; `preflight run` updates it after every run, atomically. A file
/// that cannot be read or parsed is ignored with a warning, never a failure: it is only a cache.
public struct Durations: Sendable, Equatable {
    /// Seconds by tier, then by target id.
    public var tiers: [Tier: [String: Double]] = [:]

    /// No durations.
    public init() {}

    /// The cache file of a repository: `<common git dir>/preflight/cache/durations.json`.
    public static func cacheFile(commonDirectory: String) -> String {
        (commonDirectory.hasSuffix("/") ? commonDirectory : commonDirectory + "/") + "preflight/cache/durations.json"
    }

    /// Reads `path`; a missing file is empty, and an unreadable or malformed one is empty with a warning.
    public static func read(_ path: String) -> (durations: Durations, warning: String?) {
        guard FileManager.default.fileExists(atPath: path) else { return (Durations(), nil) }
        guard let data = FileManager.default.contents(atPath: path) else {
            return (Durations(), "cannot read \(path): ignored")
        }
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            object["schema"] as? Int == 1, let tiers = object["tiers"] as? [String: Any]
        else {
            return (Durations(), "\(path) is not a durations file (schema 1): ignored; the next run rewrites it")
        }
        var result = Durations()
        for (name, value) in tiers {
            guard let tier = Tier(rawValue: name), let byTarget = value as? [String: Any] else { continue }
            for (target, ms) in byTarget {
                guard let number = ms as? NSNumber, number.doubleValue.isFinite, number.doubleValue >= 0 else {
                    continue
                }
                result.tiers[tier, default: [:]][target] = number.doubleValue / 1000
            }
        }
        return (result, nil)
    }

    /// The same durations with `seconds` recorded for each target of `tier`.
    public func recording(_ seconds: [String: Double], tier: Tier) -> Durations {
        var copy = self
        for (target, s) in seconds where s.isFinite && s >= 0 { copy.tiers[tier, default: [:]][target] = s }
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
