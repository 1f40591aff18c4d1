/// The requirements a manifest declares (a pip requirements file, pyproject.toml), keyed by distribution.
///
/// Each requirement is kept in `Requirement`'s canonical form (name, extras, specifiers, url, marker), prefixed
/// by where it is declared (`extra dev`, `group test`), so two sides compare as sets per distribution: a
/// comment, a reordering or a respelling changes nothing, and moving a requirement between groups changes it.
struct DeclaredRequirements: Equatable {
    /// Normalised name -> the requirements that name it.
    var byName: [String: Set<String>] = [:]
    /// Entries that name no distribution (`-e ./libs/x`, a line that is not a requirement) -> why, for a message.
    var unnamed: [String: String] = [:]
    /// Options that apply to every requirement of the file (`--index-url`, `--find-links`, `--pre`).
    var options: Set<String> = []

    mutating func add(_ name: String, _ key: String) {
        byName[name, default: []].insert(key)
    }

    /// The distributions whose requirements differ; every one of the file's when its global options differ
    /// (another index can resolve each of them differently); `.unknown` when an entry without a name differs.
    func changes(to new: DeclaredRequirements, file: String) -> DistributionChange {
        let differing = Set(unnamed.keys).symmetricDifference(new.unnamed.keys)
        if let entry = differing.sorted().first {
            return .unknown("\(file): \(unnamed[entry] ?? new.unnamed[entry] ?? entry)")
        }
        let names = Set(byName.keys).union(new.byName.keys)
        if options != new.options { return .distributions(names) }
        return .distributions(names.filter { byName[$0] != new.byName[$0] })
    }
}

// MARK: pip requirements files

extension DeclaredRequirements {
    /// A requirements file as pip reads it (`Requirement.logicalLines`): includes (`-r`, `-c`) are not read and
    /// change nothing here; `-e` and bare urls count by their `#egg=` name or wheel file name.
    init(requirementsFile bytes: [UInt8]) {
        for (number, line) in Requirement.logicalLines(bytes) {
            var text = Requirement.stripComment(line)
            Requirement.trim(&text)
            guard let first = text.first else { continue }
            if first == UInt8(ascii: "-") {
                addOption(text, line: number)
                continue
            }
            var part = Requirement.requirementPart(text)
            Requirement.trim(&part)
            switch Requirement.parse(part) {
            case .blank: continue
            case .requirement(let canonical): add(String(Requirement.name(ofNormalised: canonical)), canonical)
            case .invalid(let reason):
                let shown = Requirement.display(part)
                if let name = Self.nameInURL(part) {
                    add(name, shown)
                } else {
                    unnamed[shown] = "line \(number): \(Requirement.excerpt(part)) is not a requirement: \(reason)"
                }
            }
        }
    }

    /// An option line: `-r`/`-c` ignored, `-e` by its egg name, the rest global to the file.
    private mutating func addOption(_ text: ArraySlice<UInt8>, line: Int) {
        let flagEnd = text.firstIndex { Requirement.isSpace($0) || $0 == UInt8(ascii: "=") } ?? text.endIndex
        let flag = String(decoding: text[..<flagEnd], as: UTF8.self)
        var value = text[flagEnd...].drop { Requirement.isSpace($0) || $0 == UInt8(ascii: "=") }
        Requirement.trim(&value)
        switch flag {
        case "-r", "--requirement", "-c", "--constraint":
            return
        case "-e", "--editable":
            let shown = "-e " + Requirement.display(value)
            if let name = Self.nameInURL(value) {
                add(name, shown)
            } else {
                unnamed[shown] = "line \(line): \(Requirement.excerpt(text)) names no distribution (no #egg=name)"
            }
        default:
            if flag.hasPrefix("-r") || flag.hasPrefix("-c") { return }  // `-rother.txt`, as pip accepts it
            options.insert(Requirement.display(text))
        }
    }

    /// The distribution a url or path names: its `#egg=name` fragment, else a wheel's file name (`name-1.0-…whl`).
    static func nameInURL(_ text: ArraySlice<UInt8>) -> String? {
        let egg = Array("egg=".utf8)
        if let range = text.firstRange(of: egg), range.lowerBound > text.startIndex,
            text[range.lowerBound - 1] == UInt8(ascii: "#") || text[range.lowerBound - 1] == UInt8(ascii: "&")
        {
            let name = text[range.upperBound...].prefix { isNameByte($0) }
            return name.isEmpty ? nil : Requirement.pep503(name)
        }
        let path = text.prefix { $0 != UInt8(ascii: "#") && $0 != UInt8(ascii: "?") }
        let file = path.split(separator: UInt8(ascii: "/")).last ?? path[...]
        guard file.count > 4, file.suffix(4).elementsEqual(".whl".utf8) else { return nil }
        let name = file.prefix { $0 != UInt8(ascii: "-") }
        return name.isEmpty || !name.allSatisfy(isNameByte) ? nil : Requirement.pep503(name)
    }

    private static func isNameByte(_ b: UInt8) -> Bool {
        (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A || (b >= 0x30 && b <= 0x39)
            || b == UInt8(ascii: "-") || b == UInt8(ascii: "_") || b == UInt8(ascii: ".")
    }
}
