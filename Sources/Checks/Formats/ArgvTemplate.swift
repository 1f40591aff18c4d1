/// `{placeholder}` substitution in a tier's argv, one argument at a time.
///
/// A command is an argv array from `preflight.toml`; each argument is filled in on its own, so a value
/// (a path with spaces, an image name) is always exactly one argument and never passes through a shell.
/// `{name}` is a placeholder when `name` is a word (`[A-Za-z_][A-Za-z0-9_-]*`); `{{` and `}}` stand for
/// literal braces; any other brace is kept as written (`{1,2}`, a lone `}`).
public enum ArgvTemplate {
    /// The placeholders a tier command may use.
    public static let known = ["dir", "target", "image", "version", "tier", "base", "junit"]

    /// The first placeholder in `argument` that is not in `known`, or nil.
    public static func unknownPlaceholder(in argument: String) -> String? {
        placeholders(in: argument).first { !known.contains($0) }
    }

    /// Every placeholder name in `argument`, in order.
    public static func placeholders(in argument: String) -> [String] {
        var names: [String] = []
        _ = scan(argument) { name in
            names.append(name)
            return ""
        }
        return names
    }

    /// `argument` with each placeholder replaced by `value(name)`; throws what `value` throws.
    public static func fill<E: Error>(_ argument: String, _ value: (String) throws(E) -> String) throws(E) -> String {
        try scan(argument, value)
    }

    private static func scan<E: Error>(_ argument: String, _ value: (String) throws(E) -> String) throws(E) -> String {
        let chars = Array(argument.unicodeScalars)
        var out = String.UnicodeScalarView()
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c == "{", i + 1 < chars.count, chars[i + 1] == "{" {
                out.append("{")
                i += 2
            } else if c == "}", i + 1 < chars.count, chars[i + 1] == "}" {
                out.append("}")
                i += 2
            } else if c == "{", let close = chars[(i + 1)...].firstIndex(of: "}"),
                isWord(chars[(i + 1)..<close])
            {
                out.append(
                    contentsOf: try value(String(String.UnicodeScalarView(chars[(i + 1)..<close]))).unicodeScalars)
                i = close + 1
            } else {
                out.append(c)
                i += 1
            }
        }
        return String(out)
    }

    private static func isWord(_ name: ArraySlice<Unicode.Scalar>) -> Bool {
        guard let first = name.first, first == "_" || (first.isASCII && first.properties.isAlphabetic) else {
            return false
        }
        return name.allSatisfy {
            $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" || $0 == "-")
        }
    }
}
