// TEMPORARY: replaced by Configuration.swift from the config-work branch at merge.
public struct ConfigurationError: Error, CustomStringConvertible, Sendable {
    public let file: String
    public let line: Int?
    public let key: String?
    public let message: String
    public var description: String { "\(file)\(line.map { ":\($0)" } ?? ""): \(message)" }
}
public struct TargetDeclaration: Sendable, Equatable {
    public var path: RepoPath
    public var deps: [RepoPath] = []
    public var inputs: [String] = []
}
public struct Configuration: Sendable, Equatable {
    public struct Workspace: Sendable, Equatable {
        public var markers = ["runnable_dir"]
        public var globalInputs = ["preflight.toml"]
        public var defaultBranch = "main"
    }
    public struct LinkSettings: Sendable, Equatable { public var commonSource: String? = nil }
    public var workspace = Workspace()
    public var targets: [TargetDeclaration] = []
    public var links = LinkSettings()
    public static let `default` = Configuration()
    public static func parse(_ bytes: [UInt8], file: String) throws(ConfigurationError) -> Configuration { .default }
}
public struct RepoConfig: Sendable, Equatable {
    public let imageName: String?
    public static func parse(_ bytes: [UInt8], file: String) throws(ConfigurationError) -> RepoConfig {
        RepoConfig(imageName: nil)
    }
}
public struct Glob: Sendable, Hashable {
    let pattern: String
    public init(_ pattern: String) throws(ConfigurationError) { self.pattern = pattern }
    public func matches(_ path: RepoPath) -> Bool { path.description == pattern || path.isInside(RepoPath(pattern)) }
}
