import Domain

/// The cases of one country that a predicate matches, as a box: one range of values per fact.
/// Predicates are conjunctions of per-fact conditions, so each is exactly one box, and "which
/// cases does this segment get that no earlier segment took" is box subtraction, done exactly.
struct SegmentRegion: Hashable {
    /// The values one fact may take in the region.
    enum Axis: Hashable {
        /// Whole numbers from `lower` through `upper`; empty when `lower > upper`.
        case interval(Int64, Int64)
        /// Text values: `members`, or everything but `members` when `complement`.
        case set(Set<String>, complement: Bool)

        var isEmpty: Bool {
            switch self {
            case .interval(let lower, let upper): lower > upper
            case .set(let members, let complement): !complement && members.isEmpty
            }
        }

        func intersection(_ other: Axis) -> Axis {
            switch (self, other) {
            case (.interval(let a, let b), .interval(let c, let d)):
                return .interval(Swift.max(a, c), Swift.min(b, d))
            case (.set(let a, let ca), .set(let b, let cb)):
                switch (ca, cb) {
                case (false, false): return .set(a.intersection(b), complement: false)
                case (false, true): return .set(a.subtracting(b), complement: false)
                case (true, false): return .set(b.subtracting(a), complement: false)
                case (true, true): return .set(a.union(b), complement: true)
                }
            default:
                preconditionFailure("axes of different kinds")
            }
        }

        /// `self` without `other`: at most two pieces.
        func subtracting(_ other: Axis) -> [Axis] {
            switch (self, other) {
            case (.interval(let a, let b), .interval(let c, let d)):
                var pieces: [Axis] = []
                if c > a { pieces.append(.interval(a, Swift.min(b, c - 1))) }
                if d < b { pieces.append(.interval(Swift.max(a, d + 1), b)) }
                return pieces.filter { !$0.isEmpty }
            case (.set, .set(let members, let complement)):
                let rest = intersection(.set(members, complement: !complement))
                return rest.isEmpty ? [] : [rest]
            default:
                preconditionFailure("axes of different kinds")
            }
        }
    }

    var axes: [Axis]

    var isEmpty: Bool { axes.contains { $0.isEmpty } }

    func intersects(_ other: SegmentRegion) -> Bool {
        !zip(axes, other.axes).contains { $0.intersection($1).isEmpty }
    }

    /// The parts of `self` outside `other`, as disjoint boxes.
    func subtracting(_ other: SegmentRegion) -> [SegmentRegion] {
        guard intersects(other) else { return [self] }
        var pieces: [SegmentRegion] = []
        var inside = axes
        for index in axes.indices {
            for piece in axes[index].subtracting(other.axes[index]) {
                var axesOfPiece = inside
                axesOfPiece[index] = piece
                pieces.append(SegmentRegion(axes: axesOfPiece))
            }
            inside[index] = axes[index].intersection(other.axes[index])
        }
        return pieces
    }

    /// The region of `predicate` in `country`, nil when the predicate excludes the country.
    init?(_ predicate: SegmentPredicate, country: Country) {
        if let countries = predicate.countries, !countries.contains(country) { return nil }
        func bounded(_ bounds: IntBounds?, floor: Int64) -> Axis {
            .interval(Swift.max(floor, bounds?.min ?? floor), bounds?.max ?? Int64.max)
        }
        func money(_ bounds: [Currency: IntBounds]?) -> Axis {
            guard let bounds else { return .interval(Int64.min, Int64.max) }
            guard let own = bounds[country.currency] else { return .interval(1, 0) }
            return .interval(own.min ?? Int64.min, own.max ?? Int64.max)
        }
        func flag(_ required: Bool?) -> Axis {
            switch required {
            case nil: .interval(0, 1)
            case true?: .interval(1, 1)
            case false?: .interval(0, 0)
            }
        }
        let allBuckets = Set(BucketScheme.standard.buckets.map(\.label))
        axes = [
            bounded(predicate.daysPastDue, floor: 0),
            .set(predicate.buckets ?? allBuckets, complement: false),
            money(predicate.overdue),
            money(predicate.balance),
            flag(predicate.hasPhone),
            flag(predicate.hasEmail),
            flag(predicate.directDebit),
            predicate.languages.map { .set($0, complement: false) } ?? .set([], complement: true),
            bounded(predicate.brokenPromises, floor: 0),
            bounded(predicate.daysSinceLastContact, floor: 0),
        ] + CaseFlagKind.allCases.map { flag(predicate.flags[$0]) }
    }

    init(axes: [Axis]) { self.axes = axes }
}
