import Foundation

/// A path named on the command line, turned into a repository path without ever decoding it as text.
///
/// Arguments are bytes: a file name that is not valid UTF-8 must reach the change set as the bytes git
/// stores, so `.`/`..` and the current directory are applied byte by byte, and only the directories
/// around the path are resolved through the file system (`realpath`), never the path itself (it may be
/// a link, or gone).
public enum PathArgument {
    private static let slash = UInt8(ascii: "/")

    /// `argument` relative to `cwd` (both as the kernel gave them) inside the work tree `workdir`.
    /// An argument outside the work tree is kept as written, so the change set reports it unchanged.
    public static func repoPath(_ argument: [UInt8], cwd: [UInt8], workdir: [UInt8]) -> RepoPath {
        insideRepoPath(argument, cwd: cwd, workdir: workdir) ?? RepoPath(bytes: argument)
    }

    /// `repoPath`, or nil when the argument names a path outside the work tree.
    public static func insideRepoPath(_ argument: [UInt8], cwd: [UInt8], workdir: [UInt8]) -> RepoPath? {
        let absolute = argument.first == slash ? argument : cwd + [slash] + argument
        var parts = normalizedComponents(absolute)
        let last = parts.popLast()
        var parent = joined(parts)
        if let resolved = realPath(parent) { parent = resolved }
        let full = last.map { parent == [slash] ? parent + $0 : parent + [slash] + $0 } ?? parent
        var roots = [joined(normalizedComponents(workdir))]
        if let resolved = realPath(roots[0]), resolved != roots[0] { roots.insert(resolved, at: 0) }
        for root in roots {
            if full == root { return .root }
            let prefix = root == [slash] ? root : root + [slash]
            if full.starts(with: prefix) { return RepoPath(bytes: Array(full[prefix.count...])) }
        }
        return nil
    }

    /// `--files` arguments as repository paths; one that lies outside the work tree is a usage error naming it.
    public static func filesInside(_ arguments: [String], workdir: String?) throws(UsageError) -> [RepoPath] {
        let raw = rawBytes(of: arguments, argv: processArguments())
        guard let workdir, let cwd = currentDirectory() else { return raw.map { RepoPath(bytes: $0) } }
        return try raw.map { bytes throws(UsageError) in
            guard let path = insideRepoPath(bytes, cwd: cwd, workdir: Array(workdir.utf8)) else {
                throw UsageError(
                    "--files: '\(RepoPath(bytes: bytes))' is outside the repository (\(workdir)); name files inside it")
            }
            return path
        }
    }

    /// Path arguments of this process (as an argument parser returns them) inside the work tree `workdir`:
    /// their raw argv bytes (`rawBytes`), relative to the current directory (`repoPath`).
    public static func repoPaths(forArguments arguments: [String], workdir: String?) -> [RepoPath] {
        let raw = rawBytes(of: arguments, argv: processArguments())
        guard let workdir, let cwd = currentDirectory() else { return raw.map { RepoPath(bytes: $0) } }
        return raw.map { repoPath($0, cwd: cwd, workdir: Array(workdir.utf8)) }
    }

    /// The components of an absolute path with empty parts and `.` dropped and `..` applied.
    static func normalizedComponents(_ path: [UInt8]) -> [[UInt8]] {
        var parts: [[UInt8]] = []
        for part in path.split(separator: slash, omittingEmptySubsequences: true) {
            if part.elementsEqual([UInt8(ascii: ".")]) { continue }
            if part.elementsEqual([UInt8(ascii: "."), UInt8(ascii: ".")]) {
                if !parts.isEmpty { parts.removeLast() }
                continue
            }
            parts.append(Array(part))
        }
        return parts
    }

    private static func joined(_ parts: [[UInt8]]) -> [UInt8] {
        [slash] + Array(parts.joined(separator: [slash]))
    }

    /// `realpath(3)` over bytes; nil when the path does not exist or cannot be resolved.
    private static func realPath(_ path: [UInt8]) -> [UInt8]? {
        let resolved: UnsafeMutablePointer<CChar>? = (path + [0]).withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { realpath($0, nil) }
        }
        guard let resolved else { return nil }
        defer { free(resolved) }
        return Array(UnsafeBufferPointer(start: resolved, count: strlen(resolved))).map { UInt8(bitPattern: $0) }
    }

    /// The process's current directory as bytes (`getcwd(3)`), or nil when it is gone.
    public static func currentDirectory() -> [UInt8]? {
        guard let cwd = getcwd(nil, 0) else { return nil }
        defer { free(cwd) }
        return Array(UnsafeBufferPointer(start: cwd, count: strlen(cwd))).map { UInt8(bitPattern: $0) }
    }

    /// The bytes of each of `arguments`, found in the process's raw argv in order.
    ///
    /// `CommandLine.arguments` replaces invalid UTF-8 with U+FFFD, so an argument parser only ever sees
    /// repaired text; each parsed argument is matched, in order, with the raw argument that decodes to it.
    public static func rawBytes(of arguments: [String], argv: [[UInt8]]) -> [[UInt8]] {
        var next = 0
        return arguments.map { argument in
            var i = next
            while i < argv.count {
                if String(decoding: argv[i], as: UTF8.self) == argument {
                    next = i + 1
                    return argv[i]
                }
                i += 1
            }
            return Array(argument.utf8)
        }
    }

    /// The process's argv as the kernel passed it, without the program name.
    public static func processArguments() -> [[UInt8]] {
        (1..<Int(CommandLine.argc)).compactMap { i in
            CommandLine.unsafeArgv[i].map {
                Array(UnsafeBufferPointer(start: $0, count: strlen($0))).map { UInt8(bitPattern: $0) }
            }
        }
    }
}
