/// A Pants (Pex JSON) lock: `locked_resolves[].locked_requirements[]` with `project_name`, `version` and
/// `requires_dists`, after the `// ` header Pants prepends.
extension LockedPackages {
    static func pants(_ bytes: [UInt8]) -> Result<LockedPackages, SideProblem> {
        let object: [String: Any]
        switch LockJSON.object(withoutCommentLines(bytes), file: "its json") {
        case .success(let value): object = value
        case .failure(let problem): return .failure(SideProblem(message: lined(problem)))
        }
        guard let resolves = object["locked_resolves"] as? [Any] else {
            return .failure(SideProblem(message: "it has no locked_resolves list (not a pex json lock)"))
        }
        var locked = LockedPackages()
        for resolve in resolves {
            guard let requirements = (resolve as? [String: Any])?["locked_requirements"] as? [Any] else {
                return .failure(SideProblem(message: "a locked resolve has no locked_requirements list"))
            }
            for entry in requirements {
                guard let requirement = entry as? [String: Any], let name = requirement["project_name"] as? String,
                    let version = requirement["version"] as? String
                else {
                    return .failure(SideProblem(message: "a locked requirement has no project_name or no version"))
                }
                let dists = (requirement["requires_dists"] as? [Any] ?? []).compactMap { $0 as? String }
                locked.add(normal(name), pin: version, dependsOn: dists.compactMap(distributionName))
            }
        }
        return .success(locked)
    }

    /// The lock with each `//` comment line blanked, so the json parser's line numbers stay the file's.
    static func withoutCommentLines(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var start = 0
        while start < bytes.count {
            let end = bytes[start...].firstIndex(of: 0x0A) ?? bytes.count
            let line = bytes[start..<end].drop { $0 == 0x20 || $0 == 0x09 }
            if !line.starts(with: [UInt8(ascii: "/"), UInt8(ascii: "/")]) { out += bytes[start..<end] }
            if end < bytes.count { out.append(0x0A) }
            start = end + 1
        }
        return out
    }

    /// The name a `requires_dists` entry names (`urllib3<3,>=1.21.1`, `PySocks!=1.5.7; extra == "socks"`).
    static func distributionName(_ text: String) -> String? {
        if let canonical = Requirement.normalise(text) { return String(Requirement.name(ofNormalised: canonical)) }
        let name = text.prefix { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == ".") }
        return name.isEmpty ? nil : normal(String(name))
    }

    private static func lined(_ problem: LockProblem) -> String {
        problem.line.map { "line \($0): \(problem.message)" } ?? problem.message
    }
}
