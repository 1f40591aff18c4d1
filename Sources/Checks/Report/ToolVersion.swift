/// preflight's own version: what `preflight --version` prints and the SARIF driver reports.
public enum ToolVersion {
    public static let current = "0.1.0"
}
