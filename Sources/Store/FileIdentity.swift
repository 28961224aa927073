import Glibc

/// Which file a path names: its device and inode. A database file deleted, or replaced by
/// another file under the same name, has another identity (or none) than the one opened.
public struct FileIdentity: Sendable, Hashable {
    public var device: UInt64
    public var inode: UInt64

    /// The identity of the file at `path` now, nil when there is none.
    public init?(path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
    }

    /// What became of the file opened as `opened` at `path`, nil when it is still there.
    public static func change(at path: String, opened: FileIdentity) -> String? {
        guard let now = FileIdentity(path: path) else { return "\(path) was deleted" }
        return now == opened ? nil : "\(path) was replaced by another file"
    }
}
