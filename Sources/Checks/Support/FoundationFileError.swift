import Foundation

/// Foundation's file errors in preflight's words: lowercase, the errno's meaning (`not a directory`),
/// never `The operation could not be completed. (NSCocoaErrorDomain error 512.)`.
///
/// Foundation wraps the system's error in a Cocoa code (512 is "unknown write error") and keeps the errno
/// as the underlying POSIX error; that errno is what says what went wrong.
public enum FoundationFileError {
    /// The reason behind a Foundation file error, lowercase; nil when `error` is not Foundation's (an error
    /// of preflight's own already says what it means).
    public static func reason(_ error: any Error) -> String? {
        let ns = error as NSError
        if ns.domain == NSPOSIXErrorDomain { return errnoText(Int32(ns.code)) }
        guard ns.domain == NSCocoaErrorDomain else { return nil }
        let underlying = (error as? CocoaError)?.underlying ?? ns.userInfo[NSUnderlyingErrorKey] as? any Error
        if let posix = underlying.map({ $0 as NSError }), posix.domain == NSPOSIXErrorDomain {
            return errnoText(Int32(posix.code))
        }
        switch CocoaError.Code(rawValue: ns.code) {
        case .fileNoSuchFile, .fileReadNoSuchFile: return errnoText(ENOENT)
        case .fileReadNoPermission, .fileWriteNoPermission: return errnoText(EACCES)
        case .fileWriteOutOfSpace: return errnoText(ENOSPC)
        case .fileWriteVolumeReadOnly: return errnoText(EROFS)
        case .fileWriteFileExists: return errnoText(EEXIST)
        case .fileReadInapplicableStringEncoding, .fileReadUnknownStringEncoding: return "the file is not valid utf-8"
        default: return "file error \(ns.code)"
        }
    }

    /// The path a Foundation file error names, when it names one.
    public static func path(_ error: any Error) -> String? {
        let info = (error as NSError).userInfo
        return info[NSFilePathErrorKey] as? String ?? (info[NSURLErrorKey] as? URL)?.path
    }

    /// `reason(error)`, or the error's own description when it is not Foundation's.
    public static func describe(_ error: any Error) -> String { reason(error) ?? "\(error)" }

    /// An error's text for people: a Foundation file error as `cannot use PATH: reason`, any other as its
    /// description. The last word before an error reaches the user.
    public static func message(for error: any Error) -> String {
        guard let reason = reason(error) else { return "\(error)" }
        return path(error).map { "cannot use \($0): \(reason)" } ?? reason
    }

    private static func errnoText(_ code: Int32) -> String { String(cString: strerror(code)).lowercased() }
}
