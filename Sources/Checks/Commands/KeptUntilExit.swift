/// What a command-line run keeps alive until the process exits instead of releasing it: freeing the listings
/// and graphs of a large repository object by object costs time the process is about to give back anyway.
/// Still reachable, so no leak checker reports it.
public enum KeptUntilExit {
    /// Set by the executable at start; a library user (the tests) releases as usual.
    nonisolated(unsafe) public static var enabled = false
    /// Only the thread that loads a change touches it.
    nonisolated(unsafe) private static var objects: [AnyObject] = []

    /// Keeps `object` until exit when enabled.
    static func keep(_ object: AnyObject) {
        if enabled { objects.append(object) }
    }
}
