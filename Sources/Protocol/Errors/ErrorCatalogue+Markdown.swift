extension ErrorCatalogue {
    /// `docs/ERRORS.md`: every code by component, with its status and meaning.
    public static var markdown: String {
        var lines = [
            "<!-- DO NOT EDIT. Generated from Sources/Protocol/Errors/ErrorCatalogue.swift by",
            "     `collect-server errors --markdown > docs/ERRORS.md`; a test fails when this file is stale. -->",
            "# Error detail codes",
            "",
            "A failed call carries `grpc-status` and, in `collect-error-bin`, an `ErrorDetail` whose `code`",
            "is one of the codes below (`schema/WIRE.md` §8 says how it is encoded). Scripts branch on the",
            "code; the status is what a gRPC library sees. Each code always travels with the status listed.",
            "`collectctl` exits with 10 + the status number (OK is 0).",
            "",
            "Facts (`ErrorDetail.facts`, key/value strings) named in a meaning are always present:",
            "`offset` is the decimal byte offset, from the start of the request message, of the item at",
            "fault; `field_number` is the field being read (absent when none was); `expected_version` and",
            "`current_version` are decimal versions; `local_time` and `next_allowed` are the customer's",
            "local time `YYYY-MM-DD HH:MM` (`next_allowed` empty when no time is allowed).",
            "",
            "Not listed here, since they are not Collect's own: HTTP 405 and 415 replies (no gRPC status);",
            "the health check's NOT_FOUND and INVALID_ARGUMENT (standard gRPC health, no detail); statuses",
            "a client makes up itself from a reset stream or a lost connection (WIRE.md §1).",
            "",
            "Codes marked *operator* are never in a call's trailers: `collect-server` prints them at",
            "start-up or from its operator commands.",
            "",
            "\(all.count) codes.",
        ]
        for component in ErrorCatalogueEntry.Component.allCases {
            let entries = all.filter { $0.component == component }
            guard !entries.isEmpty else { continue }
            lines += ["", "## \(component.rawValue)", "", "| code | gRPC status | meaning |", "|---|---|---|"]
            for entry in entries {
                let reach = entry.reach == .operatorCommand ? " *operator*" : ""
                lines.append("| `\(entry.code)`\(reach) | \(entry.status.name) (\(entry.status.rawValue)) | \(entry.meaning) |")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
