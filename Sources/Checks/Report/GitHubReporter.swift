/// Placeholder: filled in by the reporters change.
public enum GitHubReporter {
    public static func render(_ report: CheckReport) -> String { "" }
}
