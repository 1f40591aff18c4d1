/// The commented `preflight.toml` that fits what `RepositorySurvey` found: the keys that differ from the
/// defaults, and comments saying what preflight already reads on its own.
enum InitialConfiguration {
    /// The file's text.
    static func text(_ survey: RepositorySurvey) -> String {
        var lines = [
            "# preflight.toml, written by `preflight init` from what this repository holds. Every key is optional;",
            "# docs/configuration.md in preflight's repository lists them all.",
            "",
            "[workspace]",
            "default-branch = \(quoted(survey.defaultBranch))  # what --changed-since compares with by default",
        ]
        if !survey.runnableDirs.isEmpty {
            lines.append("markers = [\"runnable_dir\"]  # Causify runnable dirs: \(list(survey.runnableDirs))")
        }
        if let common = survey.commonSource, !survey.runnableDirs.isEmpty {
            lines += ["", "[links]", "common-source = \(quoted("\(common)"))  # what the runnable dirs link into"]
        }
        lines += pants(survey)
        if let version = survey.version {
            lines += [
                "", "[version]", "files = [\"VERSION\"]",
                "scheme = \(quoted(version.scheme.rawValue))  # VERSION says \(version.text)",
            ]
        }
        if let tags = survey.tags {
            lines += [
                "", "[release]",
                "tag = \(quoted(tags.pattern))  # as the \(tags.count) release tags in use (newest \(tags.newest))",
                "annotated = \(tags.annotated)",
            ]
            if let message = tags.message { lines.append("message = \(quoted(message))") }
            if let message = tags.prereleaseMessage { lines.append("prerelease-message = \(quoted(message))") }
        }
        if let (towncrier, file) = survey.towncrier {
            let dirs = towncrier.directories.map { $0.isEmpty ? "the root" : $0 + "/" }.joined(separator: ", ")
            lines += [
                "", "# towncrier is configured in \(file): news fragments go in \(dirs)",
                "# (types: \(towncrier.types.joined(separator: ", ")));",
                "# the news-fragment check asks each change for one, and `preflight release prepare` runs",
                "# `towncrier build`. Changes that need none:",
                "[news]", "exempt = []",
            ]
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Pants: one declared target per `BUILD` directory, and comments on what preflight reads from pants.toml.
    private static func pants(_ survey: RepositorySurvey) -> [String] {
        guard survey.isPants else { return [] }
        var lines = ["", "# Pants (pants.toml): each directory with a BUILD file is a target."]
        if !survey.sourceRoots.isEmpty {
            lines.append(
                "# Python source roots are read from pants.toml: \(survey.sourceRoots.joined(separator: ", ")).")
        }
        for (name, lock) in survey.resolves {
            lines.append("# The resolve \(name) is checked with its lock \(lock) (lockfile check).")
        }
        for dir in survey.buildDirs {
            lines += ["[[target]]", "path = \(quoted("\(dir)"))", ""]
        }
        if lines.last == "" { lines.removeLast() }
        return lines
    }

    private static func list(_ dirs: [RepoPath]) -> String {
        let names = dirs.prefix(5).map(\.description).joined(separator: ", ")
        return "\(dirs.count) found (\(names)\(dirs.count > 5 ? ", ..." : ""))"
    }

    /// A TOML basic string.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
