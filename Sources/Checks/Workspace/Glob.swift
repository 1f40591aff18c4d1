/// A path pattern from `preflight.toml`, matched against repository paths byte by byte.
///
/// Syntax, per `/`-separated component:
/// - `*` any run of bytes (possibly empty) within one component; `?` exactly one byte (never `/`);
/// - `[abc]`, `[a-z]`, `[!x]` (or `[^x]`) one byte from (or not from) a class; `]` first in a class is literal;
/// - `\` makes the next character literal;
/// - `**` as a whole component: zero or more components in front of or between others (`**/x` matches `x`
///   and `a/b/x`; `a/**/b` matches `a/b` and `a/x/y/b`), one or more at the end (`devops/**` matches
///   `devops/x` and `devops/a/b` but not `devops` itself, as in gitignore).
///
/// A pattern without any wildcard names a path and everything below it (`libs/common` matches
/// `libs/common` and `libs/common/a.py`). A pattern with a wildcard must match the whole path.
/// `?` and classes work on bytes, so a non-ASCII character is several bytes to them.
public struct Glob: Sendable, Hashable, CustomStringConvertible {
    /// The pattern as written, after removing a leading `./` and trailing `/`.
    public let pattern: String
    private let components: [Component]
    /// The pattern's bytes when it has no wildcard; nil otherwise.
    private let literal: [UInt8]?

    /// Compiles `pattern`; throws when it is empty, absolute, climbs with `..`, or has a broken class.
    public init(_ pattern: String) throws(GlobError) {
        var text = Substring(pattern)
        while text.hasPrefix("./") { text = text.dropFirst(2) }
        while text.hasSuffix("/") && text.count > 1 { text = text.dropLast() }
        self.pattern = String(text)
        if text.isEmpty || text == "." {
            throw GlobError(pattern: pattern, message: "the pattern is empty; name a path, e.g. 'devops/**'")
        }
        if text.hasPrefix("/") {
            throw GlobError(
                pattern: pattern, message: "the pattern is absolute; write it relative, without the leading '/'")
        }
        var components: [Component] = []
        for part in Array(text.utf8).split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false) {
            if part.isEmpty {
                throw GlobError(pattern: pattern, message: "the pattern has an empty component ('//')")
            }
            let component = try Glob.compile(part, pattern: pattern)
            if case .literal(let bytes) = component, bytes == [UInt8(ascii: ".")] { continue }
            if case .literal(let bytes) = component, bytes == [UInt8(ascii: "."), UInt8(ascii: ".")] {
                throw GlobError(pattern: pattern, message: "'..' is not allowed in a pattern")
            }
            if component == .globstar, components.last == .globstar { continue }
            components.append(component)
        }
        self.components = components
        var literal: [UInt8] = []
        var isLiteral = true
        for (i, component) in components.enumerated() {
            guard case .literal(let bytes) = component else {
                isLiteral = false
                break
            }
            if i > 0 { literal.append(UInt8(ascii: "/")) }
            literal += bytes
        }
        self.literal = isLiteral ? literal : nil
    }

    public var description: String { pattern }

    public static func == (lhs: Glob, rhs: Glob) -> Bool { lhs.pattern == rhs.pattern }
    public func hash(into hasher: inout Hasher) { hasher.combine(pattern) }

    /// The longest leading directory without wildcards: every path the glob matches lies inside it.
    ///
    /// `libs/common/**` gives `libs/common`, `schemas/*.json` gives `schemas`, `**/x` gives the root,
    /// and a wildcard-free pattern gives its own path.
    public var literalPrefix: RepoPath {
        if let literal { return RepoPath(bytes: literal) }
        var bytes: [UInt8] = []
        for component in components {
            guard case .literal(let part) = component else { break }
            if !bytes.isEmpty { bytes.append(UInt8(ascii: "/")) }
            bytes += part
        }
        return RepoPath(bytes: bytes)
    }

    /// True when the glob has no wildcard and so names a path and everything below it.
    public var isLiteral: Bool { literal != nil }

    /// True when `path` (repository-relative) matches.
    public func matches(_ path: RepoPath) -> Bool {
        path.bytes.withUnsafeBufferPointer { match($0, from: 0) }
    }

    /// True when `path` lies below `base` and its part below `base` matches (for runnable-dir globs).
    public func matches(_ path: RepoPath, under base: RepoPath) -> Bool {
        if base.isRoot { return matches(path) }
        let b = base.bytes
        let p = path.bytes
        guard p.count > b.count + 1, p[b.count] == UInt8(ascii: "/"), p.starts(with: b) else { return false }
        return p.withUnsafeBufferPointer { match($0, from: b.count + 1) }
    }

    // MARK: - Matching

    private func match(_ path: UnsafeBufferPointer<UInt8>, from start: Int) -> Bool {
        if let literal {
            let length = path.count - start
            guard length >= literal.count else { return false }
            for i in 0..<literal.count where path[start + i] != literal[i] { return false }
            return length == literal.count || path[start + literal.count] == UInt8(ascii: "/")
        }
        // An empty path has no components: position past the end stands for "nothing left".
        return match(component: 0, path, at: start < path.count ? start : path.count + 1)
    }

    /// Matches `components[index...]` against the components of `path` starting at byte `position`;
    /// `position > path.count` means every path component is used up.
    private func match(component index: Int, _ path: UnsafeBufferPointer<UInt8>, at position: Int) -> Bool {
        if index == components.count { return position > path.count }
        if components[index] == .globstar {
            if index == components.count - 1 { return position <= path.count }
            var p = position
            while true {
                if match(component: index + 1, path, at: p) { return true }
                if p > path.count { return false }
                p = Glob.end(of: path, at: p) + 1
            }
        }
        guard position <= path.count else { return false }
        let end = Glob.end(of: path, at: position)
        let part = UnsafeBufferPointer(rebasing: path[position..<end])
        switch components[index] {
        case .literal(let bytes):
            guard part.elementsEqual(bytes) else { return false }
        case .wildcard(let tokens):
            guard Glob.match(tokens, part) else { return false }
        case .globstar:
            return false
        }
        return match(component: index + 1, path, at: end + 1)
    }

    /// The index of the `/` ending the component at `position`, or `path.count`.
    private static func end(of path: UnsafeBufferPointer<UInt8>, at position: Int) -> Int {
        var i = position
        while i < path.count, path[i] != UInt8(ascii: "/") { i += 1 }
        return i
    }

    /// Matches one component's tokens against one path component (no `/` inside), backtracking on `*`.
    private static func match(_ tokens: [Token], _ part: UnsafeBufferPointer<UInt8>) -> Bool {
        var t = 0
        var p = 0
        var starToken = -1
        var starPosition = 0
        while p < part.count {
            if t < tokens.count {
                switch tokens[t] {
                case .star:
                    starToken = t
                    starPosition = p
                    t += 1
                    continue
                case .byte(let b) where b == part[p]:
                    t += 1
                    p += 1
                    continue
                case .any:
                    t += 1
                    p += 1
                    continue
                case .set(let set) where set.contains(part[p]):
                    t += 1
                    p += 1
                    continue
                default:
                    break
                }
            }
            guard starToken >= 0 else { return false }
            starPosition += 1
            p = starPosition
            t = starToken + 1
        }
        while t < tokens.count, tokens[t] == .star { t += 1 }
        return t == tokens.count
    }

    // MARK: - Compiling

    private static func compile(_ part: ArraySlice<UInt8>, pattern: String) throws(GlobError) -> Component {
        let bytes = Array(part)
        if bytes == [UInt8(ascii: "*"), UInt8(ascii: "*")] { return .globstar }
        var tokens: [Token] = []
        var hasWildcard = false
        var i = 0
        while i < bytes.count {
            let c = bytes[i]
            switch c {
            case UInt8(ascii: "\\"):
                guard i + 1 < bytes.count else {
                    throw GlobError(pattern: pattern, message: "the pattern ends with a lone '\\'")
                }
                tokens.append(.byte(bytes[i + 1]))
                i += 2
            case UInt8(ascii: "*"):
                if i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "*") {
                    throw GlobError(
                        pattern: pattern, message: "'**' must be a whole path component; use '*' within a name")
                }
                hasWildcard = true
                tokens.append(.star)
                i += 1
            case UInt8(ascii: "?"):
                hasWildcard = true
                tokens.append(.any)
                i += 1
            case UInt8(ascii: "["):
                hasWildcard = true
                let (set, next) = try compileClass(bytes, at: i, pattern: pattern)
                tokens.append(.set(set))
                i = next
            default:
                tokens.append(.byte(c))
                i += 1
            }
        }
        if !hasWildcard {
            return .literal(tokens.map { if case .byte(let b) = $0 { b } else { 0 } })
        }
        return .wildcard(tokens)
    }

    /// Compiles the class starting at `bytes[start] == '['`; returns it and the index after its `]`.
    private static func compileClass(_ bytes: [UInt8], at start: Int, pattern: String) throws(GlobError)
        -> (ByteSet, Int)
    {
        var i = start + 1
        var negated = false
        if i < bytes.count, bytes[i] == UInt8(ascii: "!") || bytes[i] == UInt8(ascii: "^") {
            negated = true
            i += 1
        }
        var set = ByteSet()
        var first = true
        while i < bytes.count {
            var c = bytes[i]
            if c == UInt8(ascii: "]") && !first {
                if negated { set.invert() }
                set.remove(UInt8(ascii: "/"))
                return (set, i + 1)
            }
            first = false
            if c == UInt8(ascii: "\\"), i + 1 < bytes.count {
                i += 1
                c = bytes[i]
            }
            if i + 2 < bytes.count, bytes[i + 1] == UInt8(ascii: "-"), bytes[i + 2] != UInt8(ascii: "]") {
                var high = bytes[i + 2]
                var next = i + 3
                if high == UInt8(ascii: "\\"), i + 3 < bytes.count {
                    high = bytes[i + 3]
                    next = i + 4
                }
                guard c <= high else {
                    let range = String(decoding: [c, UInt8(ascii: "-"), high], as: UTF8.self)
                    throw GlobError(
                        pattern: pattern, message: "the class range '\(range)' is reversed; write it low to high")
                }
                for b in c...high { set.insert(b) }
                i = next
            } else {
                set.insert(c)
                i += 1
            }
        }
        throw GlobError(
            pattern: pattern, message: "the class '[' is not closed; add ']' or write '\\[' for a literal '['")
    }

    private enum Component: Sendable, Equatable {
        case literal([UInt8])
        case wildcard([Token])
        case globstar
    }

    private enum Token: Sendable, Equatable {
        case byte(UInt8)
        case any
        case star
        case set(ByteSet)
    }

    /// A set of bytes as a 256-bit map.
    private struct ByteSet: Sendable, Equatable {
        private var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)

        func contains(_ b: UInt8) -> Bool {
            let bit = UInt64(1) << UInt64(b & 63)
            switch b >> 6 {
            case 0: return words.0 & bit != 0
            case 1: return words.1 & bit != 0
            case 2: return words.2 & bit != 0
            default: return words.3 & bit != 0
            }
        }

        mutating func insert(_ b: UInt8) {
            let bit = UInt64(1) << UInt64(b & 63)
            switch b >> 6 {
            case 0: words.0 |= bit
            case 1: words.1 |= bit
            case 2: words.2 |= bit
            default: words.3 |= bit
            }
        }

        mutating func remove(_ b: UInt8) {
            let bit = ~(UInt64(1) << UInt64(b & 63))
            switch b >> 6 {
            case 0: words.0 &= bit
            case 1: words.1 &= bit
            case 2: words.2 &= bit
            default: words.3 &= bit
            }
        }

        mutating func invert() { words = (~words.0, ~words.1, ~words.2, ~words.3) }

        static func == (lhs: ByteSet, rhs: ByteSet) -> Bool { lhs.words == rhs.words }
    }
}

/// A pattern that cannot be compiled into a `Glob`.
public struct GlobError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The pattern as written.
    public let pattern: String
    /// What is wrong, lowercase, no full stop.
    public let message: String

    public var description: String { "bad glob '\(pattern)': \(message)" }
}
