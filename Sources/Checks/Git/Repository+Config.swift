internal import CGit2
import Model

extension Repository {
    /// Sets `key` in the repository's own config (`.git/config`, the local level).
    public func setLocalConfig(_ key: String, _ value: String) throws(GitError) {
        let local = try localConfig()
        defer { git_config_free(local) }
        try check(git_config_set_string(local, key, value), "git_config_set_string")
    }

    /// Removes `key` from the repository's own config; false when it was not set there.
    @discardableResult
    public func removeLocalConfig(_ key: String) throws(GitError) -> Bool {
        let local = try localConfig()
        defer { git_config_free(local) }
        let code = git_config_delete_entry(local, key)
        if code == GIT_ENOTFOUND.rawValue { return false }
        try check(code, "git_config_delete_entry")
        return true
    }

    /// The value of `key` in the repository's own config, read fresh.
    public func localConfigString(_ key: String) throws(GitError) -> String? {
        let local = try localConfig()
        defer { git_config_free(local) }
        var buffer = git_buf()
        defer { git_buf_dispose(&buffer) }
        let code = git_config_get_string_buf(&buffer, local, key)
        if code == GIT_ENOTFOUND.rawValue { return nil }
        try check(code, "git_config_get_string_buf")
        guard let text = buffer.ptr else { return nil }
        return String(cString: text)
    }

    /// The local level of the repository's config; the caller frees it.
    private func localConfig() throws(GitError) -> OpaquePointer? {
        var config: OpaquePointer?
        try check(git_repository_config(&config, handle), "git_repository_config")
        defer { git_config_free(config) }
        var local: OpaquePointer?
        try check(git_config_open_level(&local, config, GIT_CONFIG_LEVEL_LOCAL), "git_config_open_level")
        return local
    }
}
