/// uv's `uv.lock`: what of `pyproject.toml` it records.
public enum UVLock {
    /// The parts of `pyproject.toml` a uv lock depends on: the project's dependencies, optional
    /// dependencies and Python requirement, dependency groups, and `[tool.uv]`.
    public static func relevant(_ pyproject: TOMLData) -> TOMLData {
        var fields: [(String, TOMLData)] = []
        for key in ["dependencies", "optional-dependencies", "requires-python"] {
            if let value = pyproject[path: ["project", key]] { fields.append(("project." + key, value)) }
        }
        if let groups = pyproject["dependency-groups"] { fields.append(("dependency-groups", groups)) }
        if let uv = pyproject[path: ["tool", "uv"]] { fields.append(("tool.uv", uv)) }
        return .table(fields)
    }
}
