@testable import Formats

/// Lockfiles and the manifests they pin. An input of several files separates them with `\n%%%%\n` lines.
enum LockHarnesses {
    static let all = [
        Harness(name: "poetry-lock") { bytes in
            let file = parts(bytes, 2)
            compare(.poetryLock, file)
            _ = PoetryLock.generator(file[1])
            guard let pyproject = toml(file[0]), let lock = toml(file[1]) else { return }
            _ = (PoetryLock.recordedHash(lock), PoetryLock.packages(lock))
            _ = PoetryLock.contentHash(pyproject, generatedBy: PoetryLock.generator(file[1]))
        },
        Harness(name: "uv-lock") { bytes in
            let file = parts(bytes, 2)
            compare(.uvLock, file)
            guard let pyproject = toml(file[0]), let lock = toml(file[1]) else { return }
            _ = (UVLock.staleness(pyproject: pyproject, lock: lock), UVLock.relevant(pyproject))
        },
        Harness(name: "pants-lock") { bytes in
            let file = parts(bytes, 3)
            compare(.pantsLock, [file[0], file[0]])
            let requirements = Requirement.fromRequirementsFile(file[2]).requirements
            let sidecar = file[1].isEmpty ? nil : file[1]
            guard case .success(let metadata) = PantsLock.metadata(lock: file[0], sidecar: sidecar) else { return }
            _ = PantsLock.verdict(metadata: metadata, requirements: requirements, manifest: "requirements.txt")
        },
        Harness(name: "npm-lock") { bytes in
            let file = parts(bytes, 2)
            _ = "\(NodeLock.verdict(manifest: file[0], lock: file[1]))"
        },
        Harness(name: "swiftpm-resolved") { bytes in
            let file = parts(bytes, 2)
            _ = "\(SwiftPMResolved.verdict(manifest: file[0], resolved: file[1]))"
            _ = SwiftPMResolved.originHash(manifests: [file[0]])
        },
        Harness(name: "requirements") { bytes in
            let read = Requirement.fromRequirementsFile(bytes)
            _ = (read.requirements, read.problems.map(\.message))
            compare(.requirements, parts(bytes, 2))
        },
        Harness(name: "pip-list") { bytes in
            _ = PipList.pins(bytes).map { PipList.sameVersion($0.version, $0.version) }
        },
        Harness(name: "pyproject") { bytes in
            compare(.pyproject, parts(bytes, 2))
            _ = "\(DeclaredRequirements.pyproject(bytes))"
        },
    ]

    /// What changed between two sides of a dependency file, as `preflight affected` asks it.
    static func compare(_ kind: PythonDependencyFile, _ sides: [[UInt8]]) {
        _ = "\(kind.changedDistributions(base: sides[0], head: sides[1]))"
        _ = "\(kind.changedDistributions(base: nil, head: sides[1]))"
    }

    /// The document, or nil when it is no TOML (the parser's own harness covers the errors).
    static func toml(_ bytes: [UInt8]) -> TOMLData? {
        do { return try TOMLData.parse(bytes, file: "fuzz.toml") } catch { return nil }
    }
}
