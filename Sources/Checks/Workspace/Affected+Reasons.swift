/// One affected target's reasons, in the order found, each once.
///
/// A handful is searched in the list; past `listLimit` a set stands beside it, so adding one stays O(1) when a
/// target has thousands (`--all`).
struct Reasons {
    private(set) var list: [Reason] = []
    private var set: Set<Reason>?
    private static let listLimit = 16

    /// Adds `reason` unless it is already there.
    mutating func insert(_ reason: Reason) {
        if set != nil {
            guard set?.insert(reason).inserted == true else { return }
        } else {
            if list.contains(reason) { return }
            if list.count == Reasons.listLimit { set = Set(list).union([reason]) }
        }
        list.append(reason)
    }
}
