import Foundation

/// One parser under libFuzzer: its name (the folder of its seeds under Tests/Fuzz) and what one input does.
struct Harness: Sendable {
    let name: String
    /// Feeds one input to the parser; a trap, a leak or a hang in it is the finding.
    let run: @Sendable ([UInt8]) -> Void
}

/// Every harness, by name.
let harnesses: [Harness] =
    FormatHarnesses.all + LockHarnesses.all + CacheHarnesses.all + [
        IndexHarness.harness, LinkHarness.harness,
    ]

/// The harness `PREFLIGHT_FUZZ_TARGET` names: one binary serves every parser, `make fuzz` runs it per name.
/// Checked by `fuzzMain` before libFuzzer starts, so an unknown name is a usage error, not a "crash".
let selected = harnesses.first { $0.name == ProcessInfo.processInfo.environment["PREFLIGHT_FUZZ_TARGET"] }

/// libFuzzer's entry point: one input for the selected harness.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    selected?.run(bytes)
    return 0
}

/// libFuzzer's driver (its `main` without being `main`).
@_silgen_name("LLVMFuzzerRunDriver")
func runDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

/// The executable's entry point: SwiftPM links an executable target's `main` to `<module>_main`, so this
/// hands the command line to libFuzzer's driver.
@_cdecl("Fuzz_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    guard selected != nil else {
        let names = harnesses.map(\.name).joined(separator: " ")
        FileHandle.standardError.write(Data("fuzz: set PREFLIGHT_FUZZ_TARGET to one of: \(names)\n".utf8))
        return 2
    }
    var count = argc
    var arguments = argv
    return runDriver(&count, &arguments) { data, size in fuzzOneInput(data, size) }
}

/// The parts of an input that holds several files (a manifest and its lock), split at each `\n%%%%\n` line.
func parts(_ bytes: [UInt8], _ count: Int) -> [[UInt8]] {
    let separator = Array("\n%%%%\n".utf8)
    var result: [[UInt8]] = []
    var rest = bytes[...]
    while result.count < count - 1, let range = rest.firstRange(of: separator) {
        result.append(Array(rest[..<range.lowerBound]))
        rest = rest[range.upperBound...]
    }
    result.append(Array(rest))
    while result.count < count { result.append([]) }
    return result
}
