import Formats
import Foundation
import Model

/// Every check preflight has, and how a command picks the ones to run.
public enum CheckCatalog {
    /// All checks, in the order they run and are listed (`CheckID`'s order; a test holds them equal).
    public static let all: [any Check] = [
        SymlinkCheck(), DestroyedSymlinkCheck(), ManagedLinkCheck(), ConflictMarkerCheck(), ChangelogCheck(),
        NewsFragmentCheck(), VersionCheck(), LockfileCheck(), ReleaseTagCheck(),
    ]

    /// The ids of the integrity checks (the pre-commit default).
    public static let integrity = Set(CheckID.allCases.filter(\.isIntegrity).map(\.rawValue))

    /// The check with this id.
    public static func check(id: String) -> (any Check)? { all.first { $0.id == id } }

    /// Picks the checks to run.
    ///
    /// - `only`: ids or the group `integrity`; empty means every check.
    /// - `skip`, `PREFLIGHT_SKIP` and `[checks] skip`: ids to leave out; an unknown id there is a usage error.
    /// - `SKIP` (pre-commit's variable, shared with its other hooks): unknown ids are ignored.
    public static func select(
        only: [String], skip: [String], environment: [String: String],
        configured: [String]
    ) throws(CheckSelectionError) -> [any Check] {
        let known = Set(all.map(\.id))
        func expand(_ ids: [String], from source: String) throws(CheckSelectionError) -> Set<String> {
            var result = Set<String>()
            for raw in ids {
                let id = raw.trimmingCharacters(in: .whitespaces)
                if id.isEmpty { continue }
                if id == CheckID.integrityGroup {
                    result.formUnion(known.intersection(integrity))
                } else if known.contains(id) {
                    result.insert(id)
                } else {
                    throw CheckSelectionError(source: source, id: id, known: all.map(\.id))
                }
            }
            return result
        }
        let onlyIDs = try expand(only.flatMap { $0.split(separator: ",").map(String.init) }, from: "--only")
        var skipped = try expand(skip.flatMap { $0.split(separator: ",").map(String.init) }, from: "--skip")
        skipped.formUnion(try expand(split(environment["PREFLIGHT_SKIP"]), from: "PREFLIGHT_SKIP"))
        skipped.formUnion(try expand(configured, from: "preflight.toml [checks] skip"))
        skipped.formUnion(split(environment["SKIP"]).filter(known.contains))
        return all.filter { (onlyIDs.isEmpty || onlyIDs.contains($0.id)) && !skipped.contains($0.id) }
    }

    private static func split(_ value: String?) -> [String] {
        (value ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}

/// An unknown check id in `--only`, `--skip`, `PREFLIGHT_SKIP` or `[checks] skip` (exit 2).
public struct CheckSelectionError: Error, CustomStringConvertible, Sendable {
    public let source: String
    public let id: String
    public let known: [String]

    public var description: String {
        "\(source): unknown check '\(id)'; known checks: \(known.joined(separator: ", ")), or the group 'integrity'"
    }
}
