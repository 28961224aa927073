import Protocol

/// A change that names the version it was read at (`expected_version`).
///
/// Its idempotency compares the request without that version: the version says when the caller
/// read, not what it changes. `collectctl` fills in the current version when the user gives none,
/// so a retry of the same command reads a newer one (the first attempt moved it); the retry is
/// still the same change and gets the first answer, not `IDEMPOTENCY_KEY_REUSED`.
protocol VersionedChange: WireMessage {
    /// The version the request was made against.
    var versionRead: UInt64 { get set }
}

extension VersionedChange {
    /// The encoding the idempotency hash is made of: the request with no version.
    var encodedWithoutVersion: [UInt8] {
        var copy = self
        copy.versionRead = 0
        return copy.encoded()
    }
}

extension AddNoteRequest: VersionedChange {
    var versionRead: UInt64 { get { expectedVersion } set { expectedVersion = newValue } }
}

extension RecordContactRequest: VersionedChange {
    var versionRead: UInt64 { get { expectedVersion } set { expectedVersion = newValue } }
}

extension SetFlagRequest: VersionedChange {
    var versionRead: UInt64 { get { expectedVersion } set { expectedVersion = newValue } }
}

extension ClearFlagRequest: VersionedChange {
    var versionRead: UInt64 { get { expectedVersion } set { expectedVersion = newValue } }
}

extension CreatePlanRequest: VersionedChange {
    var versionRead: UInt64 { get { expectedCaseVersion } set { expectedCaseVersion = newValue } }
}

extension AmendPlanRequest: VersionedChange {
    var versionRead: UInt64 { get { expectedVersion } set { expectedVersion = newValue } }
}

extension CancelPlanRequest: VersionedChange {
    var versionRead: UInt64 { get { expectedVersion } set { expectedVersion = newValue } }
}
