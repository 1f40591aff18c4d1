/// The third-party packages a Python lock pins, and the lock's own record of which depends on which.
///
/// First-party packages (uv's editable, virtual and directory sources, Poetry's directory dependencies) are
/// left out: their code is in the repository, and its changes are file changes.
struct LockedPackages {
    /// Normalised name -> each pin recorded for it (version, and source when the lock records one): a lock
    /// may pin one name more than once, under different markers.
    var pins: [String: Set<String>] = [:]
    /// Normalised name -> the names it depends on.
    var dependencies: [String: Set<String>] = [:]

    mutating func add(_ name: String, pin: String, dependsOn: [String]) {
        pins[name, default: []].insert(pin)
        dependencies[name, default: []].formUnion(dependsOn)
    }

    /// The names pinned differently (added and removed ones included), with every package that depends on
    /// one of them on either side, transitively: a dependent installs the new version too.
    func changedNames(to new: LockedPackages) -> Set<String> {
        var changed = Set(pins.keys).union(new.pins.keys).filter { pins[$0] != new.pins[$0] }
        var dependents: [String: Set<String>] = [:]
        for side in [self, new] {
            for (name, needed) in side.dependencies {
                for dependency in needed { dependents[dependency, default: []].insert(name) }
            }
        }
        var queue = Array(changed)
        while let name = queue.popLast() {
            for dependent in dependents[name] ?? [] where changed.insert(dependent).inserted { queue.append(dependent) }
        }
        return changed
    }

    static func normal(_ name: String) -> String { Requirement.pep503(Requirement.bytes(name)[...]) }
}

// MARK: poetry.lock and uv.lock

extension LockedPackages {
    /// `[[package]]` name, version and source, and its `[package.dependencies]` names.
    static func poetry(_ bytes: [UInt8]) -> Result<LockedPackages, SideProblem> {
        do throws(SideProblem) {
            var locked = LockedPackages()
            for package in try packageTables(try TOMLData.read(bytes)) {
                guard let name = package["name"]?.string, let version = package["version"]?.string else {
                    throw SideProblem(message: "a [[package]] has no name or no version")
                }
                let source = package["source"]
                if source?["type"]?.string == "directory" { continue }
                let needed = (package["dependencies"]?.fields ?? []).map { normal($0.0) }
                let pin = version + (source.map { " " + PythonJSON.dumps($0) } ?? "")
                locked.add(normal(name), pin: pin, dependsOn: needed)
            }
            return .success(locked)
        } catch {
            return .failure(error)
        }
    }

    /// `[[package]]` name, version and source, and the names in its `dependencies`, `optional-dependencies`
    /// and `dev-dependencies`.
    static func uv(_ bytes: [UInt8]) -> Result<LockedPackages, SideProblem> {
        do throws(SideProblem) {
            var locked = LockedPackages()
            for package in try packageTables(try TOMLData.read(bytes)) {
                guard let name = package["name"]?.string else {
                    throw SideProblem(message: "a [[package]] has no name")
                }
                let source = package["source"]
                if ["editable", "virtual", "directory"].contains(where: { source?[$0] != nil }) { continue }
                var entries = package["dependencies"]?.array ?? []
                for table in ["optional-dependencies", "dev-dependencies"] {
                    for (_, list) in package[table]?.fields ?? [] { entries += list.array ?? [] }
                }
                let needed = entries.compactMap { $0["name"]?.string.map(normal) }
                let pin = (package["version"]?.string ?? "") + (source.map { " " + PythonJSON.dumps($0) } ?? "")
                locked.add(normal(name), pin: pin, dependsOn: needed)
            }
            return .success(locked)
        } catch {
            return .failure(error)
        }
    }

    /// The lock's `[[package]]` tables (none when it has no `package` key).
    private static func packageTables(_ lock: TOMLData) throws(SideProblem) -> [TOMLData] {
        guard let value = lock["package"] else { return [] }
        guard let tables = value.array, tables.allSatisfy({ $0.fields != nil }) else {
            throw SideProblem(message: "package is not an array of tables")
        }
        return tables
    }
}
