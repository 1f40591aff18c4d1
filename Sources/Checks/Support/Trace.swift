import Foundation

/// Phase timings on stderr when `PREFLIGHT_TRACE=1`, for finding where a command spends its time.
public enum Trace {
    public static let enabled = ProcessEnvironment.value("PREFLIGHT_TRACE") == "1"
    nonisolated(unsafe) private static var last = DispatchTime.now().uptimeNanoseconds

    /// Prints the time since the previous mark with `label`.
    public static func mark(_ label: @autoclosure () -> String) {
        guard enabled else { return }
        let now = DispatchTime.now().uptimeNanoseconds
        let elapsed = now >= last ? now - last : 0
        let ms = String(format: "%7.2f", Double(elapsed) / 1e6)
        StandardStreams.emit("trace \(ms) ms  \(label())\n", to: STDERR_FILENO)
        last = now
    }
}
