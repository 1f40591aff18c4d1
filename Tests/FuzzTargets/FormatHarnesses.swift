import Checks
import Formats
import Model

/// Text formats a repository holds: preflight.toml, any TOML, changelogs, pre-push input, repo_config.yaml,
/// Python sources (their imports) and towncrier's configuration.
enum FormatHarnesses {
    static let all = [
        Harness(name: "toml") { bytes in
            do { _ = try TOMLData.parse(bytes, file: "fuzz.toml") } catch { _ = "\(error)" }
        },
        Harness(name: "config") { bytes in
            do { _ = try Configuration.parse(bytes, file: "preflight.toml") } catch { _ = "\(error)" }
        },
        Harness(name: "changelog") { bytes in
            let changelog = Changelog(bytes)
            _ = (changelog.top, changelog.problems.map(\.message))
        },
        Harness(name: "pre-push") { bytes in
            do {
                let updates = try PushUpdate.parse(String(decoding: bytes, as: UTF8.self))
                _ = updates.map { ($0.isDeletion, $0.isNew, $0.isTag) }
            } catch {
                _ = "\(error)"
            }
        },
        Harness(name: "repo-config") { bytes in
            do { _ = try RepoConfig.parse(bytes, file: "repo_config.yaml") } catch { _ = "\(error)" }
        },
        Harness(name: "python-imports") { bytes in _ = PythonImports.scan(bytes) },
        Harness(name: "towncrier") { bytes in
            // towncrier.toml, then pyproject.toml; an empty part is a file the repository does not have.
            let file = parts(bytes, 2).map { $0.isEmpty ? nil : $0 }
            do { _ = try Towncrier.read(towncrierTOML: file[0], pyproject: file[1]) } catch { _ = "\(error)" }
        },
    ]
}
