/// What every command that judges a change starts from: the repository, the change set and what it affects.
public struct ChangeContext {
    public let repository: Repository
    public let changeSet: ChangeSet
    public let affected: Affected

    /// The shared prologue: the repository of the current directory, the change `selection` names, what it
    /// affects; the change set's notes and the graph's warnings are printed.
    public static func load(_ selection: ChangeSelection, output: CommandOutput) throws -> ChangeContext {
        try load(selection, in: Repository(), output: output)
    }

    /// The same in `repository`; `whenChanged` is called with the change set before what it affects is found,
    /// and returns true when it started reading the changed files on a helper itself (`Affected`'s `scanAhead`
    /// is then off).
    public static func load(
        _ selection: ChangeSelection, in repository: Repository,
        output: CommandOutput, whenChanged: (ChangeSet) -> Bool = { _ in false }
    ) throws -> ChangeContext {
        try load(
            selection.request(repository), in: repository, output: output, dependents: selection.dependents,
            whenChanged: whenChanged)
    }

    /// The change set of `request` in `repository` and what it affects; `notes` and `warnings` say which of
    /// the change set's notes and the graph's warnings to print; `dependents`, which importers count;
    /// `whenChanged` is called with the change set before what it affects is found (true: it started reading
    /// the changed files itself).
    public static func load(
        _ request: ChangeRequest, in repository: Repository, output: CommandOutput,
        notes: Bool = true, warnings: Bool = true,
        dependents: Dependents = .transitive, whenChanged: (ChangeSet) -> Bool = { _ in false }
    ) throws -> ChangeContext {
        let changeSet = try ChangeSet.make(repository, request)
        if notes { for note in changeSet.notes { output.error("note: \(note)") } }
        let reading = whenChanged(changeSet)
        let affected = try Affected(changeSet, dependents: dependents, scanAhead: !reading)
        KeptUntilExit.keep(affected)
        try changeSet.ensureReadable()
        if warnings { for warning in affected.warnings { output.error("warning: \(warning)") } }
        return ChangeContext(repository: repository, changeSet: changeSet, affected: affected)
    }
}
