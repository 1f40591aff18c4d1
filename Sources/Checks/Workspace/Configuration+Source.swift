/// A dotted key path in a configuration file, e.g. `target[0].deps` or `runnable.timeout.fast`.
///
/// Indices count the tables of an array of tables (`[[target]]`) from 0, in file order.
struct ConfigKey: CustomStringConvertible, Equatable {
    enum Component: Equatable {
        case key(String)
        case index(Int)
    }

    var components: [Component] = []

    static let root = ConfigKey()

    func appending(_ key: String) -> ConfigKey { ConfigKey(components: components + [.key(key)]) }
    func appending(index: Int) -> ConfigKey { ConfigKey(components: components + [.index(index)]) }

    var description: String {
        var out = ""
        for component in components {
            switch component {
            case .key(let key):
                if !out.isEmpty { out += "." }
                out += key
            case .index(let i):
                out += "[\(i)]"
            }
        }
        return out
    }
}
