/// Placeholder: filled in by the reporters change.
public enum JUnitReporter {
    public static func render(_ report: CheckReport) -> String { "" }
}
