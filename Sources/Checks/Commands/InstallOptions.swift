/// `preflight install`: the typed options, and the entry point that writes the hooks.
public struct InstallOptions: Sendable {
    /// The hooks to install; empty: pre-commit and pre-push.
    public var hooks: [GitHookName]
    /// Replace a hook that is not preflight's instead of keeping it as `<name>.local`.
    public var force: Bool
    /// Also the lockfile merge driver, its `.gitattributes` lines and the two merge hooks.
    public var mergeDriver: Bool
    /// The preflight binary the scripts fall back to.
    public var binary: String

    /// The options as parsed; `binary` is the running executable.
    public init(hooks: [GitHookName] = [], force: Bool = false, mergeDriver: Bool = false, binary: String) {
        self.hooks = hooks
        self.force = force
        self.mergeDriver = mergeDriver
        self.binary = binary
    }

    /// Installs the hooks (and the merge driver) and prints a line for each.
    public func run(output: CommandOutput) throws -> Int32 {
        let repository = try Repository()
        let installer = HookInstaller(repository, binary: binary)
        var wanted = hooks.isEmpty ? [.preCommit, .prePush] : hooks
        if mergeDriver {
            try MergeDriverInstaller(repository).checkDriver(force: force)
            wanted += [GitHookName.preMergeCommit, .postMerge].filter { !wanted.contains($0) }
        }
        try InstallRecord.updating(InstallRecord.path(commonDir: repository.commonDir)) { record in
            for outcome in try installer.install(wanted.map(\.rawValue), force: force, record: &record) {
                output.write("\(installer.directory)/\(outcome.hook): \(outcome.message)\n")
            }
            guard mergeDriver else { return }
            for line in try MergeDriverInstaller(repository).install(force: force, record: &record) {
                output.write(line + "\n")
            }
        }
        return 0
    }

    /// `preflight uninstall`: removes preflight's hooks and the merge driver, restoring what they replaced.
    public static func uninstall(binary: String, output: CommandOutput) throws -> Int32 {
        let repository = try Repository()
        let installer = HookInstaller(repository, binary: binary)
        try InstallRecord.updating(InstallRecord.path(commonDir: repository.commonDir)) { record in
            let outcomes = try installer.uninstall(record: &record)
            if outcomes.isEmpty { output.write("no preflight hooks in \(installer.directory)\n") }
            for outcome in outcomes { output.write("\(installer.directory)/\(outcome.hook): \(outcome.message)\n") }
            for line in try MergeDriverInstaller(repository).uninstall(record: &record) { output.write(line + "\n") }
        }
        return 0
    }
}
