import Foundation
import TestSupport
import Testing
import Yams

@testable import Hooks

/// templates/preflight/template.yml, the GitLab CI/CD component, and ci/gitlab/preflight.yml that includes it.
enum GitLabComponent {
    static let path = LockTools.packageRoot + "/templates/preflight/template.yml"

    /// The component's two YAML documents: its `spec:` header and its jobs.
    static func documents() throws -> [String] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let parts = text.components(separatedBy: "\n---\n")
        try #require(parts.count == 2, "\(path) is not a spec, '---', then the jobs")
        return parts
    }

    /// The names used as `$[[ inputs.NAME ]]` in `text`.
    static func inputsUsed(_ text: String) -> Set<String> {
        var used = Set<String>()
        var rest = Substring(text)
        while let start = rest.range(of: "$[[ inputs.") {
            let name = rest[start.upperBound...].prefix { $0 != " " && $0 != "]" }
            used.insert(String(name))
            rest = rest[start.upperBound...]
        }
        return used
    }
}

@Suite struct GitLabComponentTests {
    @Test func everyInputUsedIsDeclared_andEveryDeclaredInputIsUsed() throws {
        let documents = try GitLabComponent.documents()
        let spec = try #require(try Yams.load(yaml: documents[0]) as? [String: Any])
        let inputs = try #require((spec["spec"] as? [String: Any])?["inputs"] as? [String: [String: Any]])
        let used = GitLabComponent.inputsUsed(documents[1])
        #expect(used == Set(inputs.keys), "used \(used.sorted()), declared \(inputs.keys.sorted())")
        #expect(GitLabComponent.inputsUsed("a $[[ inputs.stage ]] b $[[ inputs.image ]]") == ["stage", "image"])
        for (name, input) in inputs {
            #expect(input["description"] is String, "\(name) has no description")
            if let options = input["options"] as? [String], let value = input["default"] as? String {
                #expect(options.contains(value), "\(name)'s default is not one of its options")
            }
        }
    }

    /// The include example gives every input that has no default and only inputs the component declares.
    @Test func theIncludeExample_givesTheRequiredInputs_andNoUnknownOne() throws {
        let spec = try #require(try Yams.load(yaml: try GitLabComponent.documents()[0]) as? [String: Any])
        let inputs = try #require((spec["spec"] as? [String: Any])?["inputs"] as? [String: [String: Any]])
        let example = try String(contentsOfFile: LockTools.packageRoot + "/ci/gitlab/preflight.yml", encoding: .utf8)
        let document = try #require(try Yams.load(yaml: example) as? [String: Any])
        let include = try #require((document["include"] as? [[String: Any]])?.first)
        #expect((include["component"] as? String)?.hasSuffix("/preflight@0.1.0") == true)
        let given = Set((include["inputs"] as? [String: Any] ?? [:]).keys)
        let required = Set(inputs.filter { $0.value["default"] == nil }.keys)
        #expect(required.isSubset(of: given), "missing \(required.subtracting(given))")
        #expect(given.isSubset(of: Set(inputs.keys)), "unknown \(given.subtracting(Set(inputs.keys)))")
    }

    /// Every `preflight ...` line of the jobs parses with the real argument parser (with the inputs' defaults
    /// for the variables that carry them).
    @Test func everyPreflightCommandOfTheJobsParses() throws {
        let jobs = try #require(try Yams.load(yaml: try GitLabComponent.documents()[1]) as? [String: Any])
        let lines = jobs.values.compactMap { ($0 as? [String: Any])?["script"] as? [String] }.flatMap { $0 }
            .filter { $0.hasPrefix("preflight ") }
        #expect(lines.count == 3)
        for line in lines {
            let argv = CITemplateTests.words(String(line.dropFirst("preflight ".count).prefix { $0 != ">" }))
                .filter { $0 != "$@" }.map { $0 == "$PREFLIGHT_ON_MISSING_BASE" ? "deepen" : $0 }
            #expect(throws: Never.self, "\(argv)") { _ = try Preflight.parseAsRoot(argv) }
        }
    }
}
