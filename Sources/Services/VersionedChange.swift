import Protocol

/// A change that names the version it was read at (`expected_version`).
///
/// Its idempotency compares the request without that version: the version says when the caller
/// read, not what it changes. `collectctl` fills in the current version when the user gives none,
/// so a retry of the same command reads a newer one (the first attempt moved it); the retry is
/// still the same change and gets the first answer, not `IDEMPOTENCY_KEY_REUSED`.
protocol VersionedChange: WireMessage {
    /// The version the request was made against.
    var expectedVersion: UInt64 { get set }
}

extension VersionedChange {
    /// The encoding the idempotency hash is made of: the request with no version.
    var encodedWithoutVersion: [UInt8] {
        var copy = self
        copy.expectedVersion = 0
        return copy.encoded()
    }
}

extension AddNoteRequest: VersionedChange {}
extension RecordContactRequest: VersionedChange {}
extension SetFlagRequest: VersionedChange {}
extension ClearFlagRequest: VersionedChange {}
extension AmendPlanRequest: VersionedChange {}
extension CancelPlanRequest: VersionedChange {}

extension CreatePlanRequest: VersionedChange {
    /// The case version the plan was agreed against.
    var expectedVersion: UInt64 {
        get { expectedCaseVersion }
        set { expectedCaseVersion = newValue }
    }
}
