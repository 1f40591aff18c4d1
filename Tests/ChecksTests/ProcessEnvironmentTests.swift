import Checks
import Foundation
import Testing

/// `ProcessEnvironment.value` answers what `ProcessInfo.processInfo.environment[name]` answers.
@Suite struct ProcessEnvironmentTests {
    /// Every variable of the test process (no setenv here: tests run in parallel and spawn processes).
    @Test func everyVariableOfTheProcess_readsTheSame() {
        for (name, value) in ProcessInfo.processInfo.environment where !name.contains("=") {
            #expect(ProcessEnvironment.value(name) == value, "\(name)")
        }
        #expect(ProcessEnvironment.value("PREFLIGHT_SURELY_UNSET_\(getpid())") == nil)
        #expect(ProcessEnvironment.value("PATH") != nil)
    }
}
