/// The one way preflight trims text (bytes have `Requirement.trim`): by Unicode scalar, so a lone `\r` is
/// trimmed as surely as `\r\n`.
extension String {
    /// Without the leading and trailing scalars that `set` holds.
    package func trimmingCharacters(in set: String) -> String {
        let drop = Set(set.unicodeScalars)
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !drop.contains($0) }),
            let last = scalars.lastIndex(where: { !drop.contains($0) })
        else { return "" }
        return String(scalars[first...last])
    }

    /// Without leading and trailing spaces, tabs and line breaks.
    package func trimmingWhitespace() -> String { trimmingCharacters(in: " \t\r\n") }
}
