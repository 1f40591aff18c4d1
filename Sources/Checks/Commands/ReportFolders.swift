import Foundation

/// The folders a run's logs and JUnit files go to: `<git dir>/preflight/run/<UTC time>-<tier>`.
public enum ReportFolders {
    /// How many run folders `prune` keeps.
    public static let kept = 20

    /// A new folder name for a run of `tier`, made unique with a counter (not created).
    public static func new(_ repository: Repository, tier: Tier) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        let base = parent(repository) + "/" + formatter.string(from: Date()) + "-" + tier.rawValue
        var candidate = base
        var n = 2
        while FileManager.default.fileExists(atPath: candidate) {
            candidate = base + "-\(n)"
            n += 1
        }
        return candidate
    }

    /// Makes `folder` and its parents; a failure is exit 2 naming the folder.
    public static func create(_ folder: String) throws(UsageError) {
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw UsageError("cannot create the report folder \(folder): \(FoundationFileError.describe(error))")
        }
    }

    /// Keeps the newest `keep` folders under `<git dir>/preflight/run/`. Old logs are a convenience:
    /// one that cannot be listed or removed is left for the next run.
    public static func prune(_ repository: Repository, keep: Int = kept) {
        let folder = parent(repository)
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder), names.count > keep else {
            return
        }
        for name in names.sorted().dropLast(keep) {
            try? FileManager.default.removeItem(atPath: folder + "/" + name)
        }
    }

    private static func parent(_ repository: Repository) -> String {
        repository.gitDir + (repository.gitDir.hasSuffix("/") ? "" : "/") + "preflight/run"
    }
}
