/// Placeholder: filled in by the reporters change.
public enum SARIFReporter {
    public static func render(_ report: CheckReport) -> String { "" }
}
