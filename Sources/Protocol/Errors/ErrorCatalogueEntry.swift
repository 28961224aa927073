/// One detail code of ``ErrorCatalogue``.
public struct ErrorCatalogueEntry: Sendable, Hashable {
    /// Where a code comes from.
    public enum Component: String, Sendable, Hashable, CaseIterable {
        /// Decoding a request message (`WireReader`, `schema/WIRE.md` §6).
        case `protocol` = "Protocol"
        /// The HTTP/2 and gRPC transport, before or instead of the method.
        case transport = "Transport"
        /// The `authorization` token and the role's rights.
        case auth = "Auth"
        /// The collect.v1 methods' own checks of a request.
        case services = "Services"
        /// The collection rules (`Sources/Domain`).
        case domain = "Domain"
        /// The database and its writer.
        case store = "Store"
    }

    /// Where a caller meets a code.
    public enum Reach: String, Sendable, Hashable {
        /// In a failed call's `collect-error-bin` trailer.
        case call
        /// Printed by `collect-server` at start-up or by its operator commands; never in a call's trailers.
        case operatorCommand
    }

    /// The stable `UPPER_SNAKE` code.
    public let code: String
    /// The gRPC status a call refused with this code carries.
    public let status: GRPCStatusCode
    /// The part of the system that emits it.
    public let component: Component
    /// What it means, in one line a caller can act on.
    public let meaning: String
    /// Where it is seen.
    public let reach: Reach

    /// Creates an entry.
    public init(_ code: String, _ status: GRPCStatusCode, _ component: Component, _ meaning: String, reach: Reach = .call) {
        self.code = code
        self.status = status
        self.component = component
        self.meaning = meaning
        self.reach = reach
    }
}
