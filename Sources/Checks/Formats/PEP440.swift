/// A Python package version (PEP 440), normalised as `packaging.version.Version` does.
///
/// Accepts `v` prefixes, any case, `-`/`_`/`.` separators, spelled-out pre-release names (`alpha`, `beta`,
/// `c`, `pre`, `preview`), implicit numbers (`1.0a` is `1.0a0`), implicit post releases (`1.0-1`) and local
/// labels; orders by epoch, release (trailing zeros ignored), pre-release, post release, dev release and
/// local label, dev-only releases before pre-releases. Never traps on any input.
public struct PEP440: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let epoch: Numeral
    public let release: [Numeral]
    /// `a`, `b` or `rc` with its number.
    public let pre: (label: String, number: Numeral)?
    public let post: Numeral?
    public let dev: Numeral?
    /// Local label segments (`ubuntu.1`), lowercased.
    public let local: [String]

    public var isPrerelease: Bool { pre != nil || dev != nil }

    public init(_ text: String) throws(PEP440Error) {
        var s = Substring(text.trimmingWhitespace().lowercased())
        if s.first == "v" { s = s.dropFirst() }
        let epoch = try PEP440.epoch(&s, text: text)
        let local = try PEP440.localLabel(&s, text: text)
        let (release, end) = try PEP440.release(s, text: text)
        var suffix = Suffix(rest: s[end...])
        let pre = suffix.pre()
        let post = suffix.post()
        let dev = suffix.dev()
        guard suffix.rest.isEmpty else {
            throw PEP440Error(text: text, reason: "unexpected '\(suffix.rest.prefix(20))'")
        }
        self.epoch = epoch
        self.release = release
        self.pre = pre
        self.post = post
        self.dev = dev
        self.local = local.map { Numeral($0)?.digits ?? $0 }
    }

    /// Takes the `N!` epoch off the front of `s`; 0 when there is none.
    private static func epoch(_ s: inout Substring, text: String) throws(PEP440Error) -> Numeral {
        guard let bang = s.firstIndex(of: "!") else { return Numeral(0) }
        guard let e = Numeral(s[..<bang]) else {
            throw PEP440Error(text: text, reason: "epoch '\(s[..<bang])' is not a number")
        }
        s = s[s.index(after: bang)...]
        return e
    }

    /// Takes the `+label` local label off the end of `s`, split into its segments; none when there is no `+`.
    private static func localLabel(_ s: inout Substring, text: String) throws(PEP440Error) -> [String] {
        guard let plus = s.firstIndex(of: "+") else { return [] }
        let label = s[s.index(after: plus)...]
        let local = label.split(omittingEmptySubsequences: false) { $0 == "." || $0 == "-" || $0 == "_" }.map(
            String.init)
        guard !local.isEmpty,
            local.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) } })
        else {
            throw PEP440Error(
                text: text, reason: "local label '\(label)' may hold only letters and digits separated by '.'")
        }
        s = s[..<plus]
        return local
    }

    /// The release numbers (digits and dots) at the front of `s`, and where they end.
    private static func release(_ s: Substring, text: String) throws(PEP440Error) -> ([Numeral], Substring.Index) {
        var release: [Numeral] = []
        var i = s.startIndex
        while true {
            let start = i
            while i < s.endIndex, s[i].isASCII, s[i].isNumber { i = s.index(after: i) }
            guard let n = Numeral(s[start..<i]) else {
                throw PEP440Error(
                    text: text, reason: release.isEmpty ? "a version starts with a number" : "empty release segment")
            }
            release.append(n)
            if i < s.endIndex, s[i] == ".", s.index(after: i) < s.endIndex, s[s.index(after: i)].isNumber {
                i = s.index(after: i)
                continue
            }
            break
        }
        return (release, i)
    }

    /// What follows the release: the pre-release, post release and dev release parts, read in that order.
    private struct Suffix {
        var rest: Substring

        /// Drops one `.`, `-` or `_` separator.
        mutating func separator() {
            if let c = rest.first, c == "." || c == "-" || c == "_" { rest = rest.dropFirst() }
        }

        /// Takes a number, after an optional separator; nil (and nothing taken) when no digits follow.
        mutating func number() -> Numeral? {
            var r = rest
            if let c = r.first, c == "." || c == "-" || c == "_" { r = r.dropFirst() }
            let digits = r.prefix { $0.isASCII && $0.isNumber }
            guard let n = Numeral(digits) else { return nil }
            rest = r.dropFirst(digits.count)
            return n
        }

        /// Takes a pre-release (`a`, `b`, `rc` or a spelling of one) with its number (0 when implicit).
        mutating func pre() -> (String, Numeral)? {
            let before = rest
            separator()
            let spellings: [(String, String)] = [
                ("alpha", "a"), ("beta", "b"), ("preview", "rc"), ("pre", "rc"),
                ("rc", "rc"), ("a", "a"), ("b", "b"), ("c", "rc"),
            ]
            guard let (word, label) = spellings.first(where: { rest.hasPrefix($0.0) }) else {
                rest = before
                return nil
            }
            rest = rest.dropFirst(word.count)
            return (label, number() ?? Numeral(0))
        }

        /// Takes a post release: `post`, `rev` or `r` with its number, or the implicit `-N`.
        mutating func post() -> Numeral? {
            let beforePost = rest
            separator()
            if let word = ["post", "rev", "r"].first(where: { rest.hasPrefix($0) }) {
                rest = rest.dropFirst(word.count)
                return number() ?? Numeral(0)
            } else if beforePost.first == "-",
                let n = Numeral(beforePost.dropFirst().prefix { $0.isASCII && $0.isNumber })
            {
                // An implicit post release: `1.0-1`.
                rest = beforePost.dropFirst().drop { $0.isASCII && $0.isNumber }
                return n
            }
            rest = beforePost
            return nil
        }

        /// Takes a dev release: `dev` with its number (0 when implicit).
        mutating func dev() -> Numeral? {
            let beforeDev = rest
            separator()
            guard rest.hasPrefix("dev") else {
                rest = beforeDev
                return nil
            }
            rest = rest.dropFirst(3)
            return number() ?? Numeral(0)
        }
    }

    public static func parse(_ text: String) -> PEP440? { try? PEP440(text) }

    /// The normalised form (`1.0rc1.post2.dev3+local`).
    public var description: String {
        var s = epoch.isZero ? "" : "\(epoch)!"
        s += release.map(\.digits).joined(separator: ".")
        if let pre { s += "\(pre.label)\(pre.number)" }
        if let post { s += ".post\(post)" }
        if let dev { s += ".dev\(dev)" }
        if !local.isEmpty { s += "+" + local.joined(separator: ".") }
        return s
    }

    /// The release without trailing zeros: `1.0` and `1.0.0` are equal.
    private var trimmedRelease: [Numeral] {
        var r = release
        while r.count > 1, r.last?.isZero == true { r.removeLast() }
        return r
    }

    /// packaging's sort key, as comparable tiers: (pre tier, pre), (post tier, post), (dev tier, dev).
    private var preKey: (Int, Int, Numeral) {
        if pre == nil && post == nil && dev != nil { return (-1, 0, Numeral(0)) }  // 1.0.dev1 < 1.0a1
        guard let pre else { return (1, 0, Numeral(0)) }
        return (0, ["a": 0, "b": 1, "rc": 2][pre.label] ?? 2, pre.number)
    }

    public static func == (l: PEP440, r: PEP440) -> Bool { !(l < r) && !(r < l) }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(epoch)
        hasher.combine(trimmedRelease)
        hasher.combine(pre?.label)
        hasher.combine(pre?.number)
        hasher.combine(post)
        hasher.combine(dev)
        hasher.combine(local)
    }

    public static func < (l: PEP440, r: PEP440) -> Bool {
        if l.epoch != r.epoch { return l.epoch < r.epoch }
        let lr = l.trimmedRelease
        let rr = r.trimmedRelease
        if lr != rr { return lr.lexicographicallyPrecedes(rr) }
        let lp = l.preKey
        let rp = r.preKey
        if lp.0 != rp.0 { return lp.0 < rp.0 }
        if lp.1 != rp.1 { return lp.1 < rp.1 }
        if lp.2 != rp.2 { return lp.2 < rp.2 }
        switch (l.post, r.post) {
        case (nil, .some): return true
        case (.some, nil): return false
        case (let a?, let b?) where a != b: return a < b
        default: break
        }
        switch (l.dev, r.dev) {
        case (.some, nil): return true
        case (nil, .some): return false
        case (let a?, let b?) where a != b: return a < b
        default: break
        }
        return localPrecedes(l.local, r.local)
    }

    /// No local label sorts first; segments compare numerically when both are numbers, a number above a word.
    private static func localPrecedes(_ a: [String], _ b: [String]) -> Bool {
        for (x, y) in zip(a, b) where x != y {
            switch (Numeral(x), Numeral(y)) {
            case (let n?, let m?): if n != m { return n < m }
            case (.some, nil): return false
            case (nil, .some): return true
            case (nil, nil): return x < y
            }
        }
        return a.count < b.count
    }
}

/// Text that is not a PEP 440 version, and why.
public struct PEP440Error: Error, CustomStringConvertible, Sendable {
    public let text: String
    public let reason: String
    public var description: String { "'\(text.prefix(80))' is not a PEP 440 version: \(reason)" }
}
