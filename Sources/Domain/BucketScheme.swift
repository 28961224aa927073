/// Delinquency buckets: contiguous, non-overlapping ranges of days past due that start at 0 and
/// end with an open-ended bucket, each with a label (e.g. "current", "1-29", ..., "90+").
public struct BucketScheme: Sendable, Hashable {
    /// One bucket: days past due from `lowerBound` through `upperBound` (nil: no upper end).
    public struct Bucket: Sendable, Hashable {
        /// Label shown in reports and stored on the case.
        public let label: String
        /// Smallest days-past-due in the bucket.
        public let lowerBound: Int
        /// Largest days-past-due in the bucket; nil for the last, open-ended bucket.
        public let upperBound: Int?

        /// A bucket; `upperBound`, when given, must not be below `lowerBound`.
        public init(label: String, lowerBound: Int, upperBound: Int?) {
            self.label = label
            self.lowerBound = lowerBound
            self.upperBound = upperBound
        }

        /// True when `daysPastDue` falls in this bucket.
        public func contains(_ daysPastDue: Int) -> Bool {
            daysPastDue >= lowerBound && upperBound.map { daysPastDue <= $0 } ?? true
        }
    }

    /// Most buckets a scheme may have.
    public static let bucketCountMax = 32

    /// The buckets, in ascending order.
    public let buckets: [Bucket]

    /// A scheme. Refused (`BUCKETS_INVALID`) unless the buckets start at 0, follow each other
    /// without gap or overlap, only the last is open-ended, labels are unique and non-empty, and
    /// there are at most `bucketCountMax`.
    public init(buckets: [Bucket]) throws(DomainError) {
        func invalid(_ message: String) -> DomainError {
            DomainError(code: DomainError.Code.bucketsInvalid, fieldPath: "buckets", message: message)
        }
        guard !buckets.isEmpty, buckets.count <= BucketScheme.bucketCountMax else {
            throw invalid("expected 1 to \(BucketScheme.bucketCountMax) buckets, got \(buckets.count)")
        }
        guard buckets[0].lowerBound == 0 else { throw invalid("the first bucket must start at 0 days past due") }
        var labels = Set<String>()
        for (index, bucket) in buckets.enumerated() {
            guard !bucket.label.isEmpty, labels.insert(bucket.label).inserted else {
                throw invalid("bucket labels must be non-empty and unique: '\(bucket.label)'")
            }
            let isLast = index == buckets.count - 1
            guard let upper = bucket.upperBound else {
                guard isLast else { throw invalid("only the last bucket may be open-ended ('\(bucket.label)' is not last)") }
                continue
            }
            guard upper >= bucket.lowerBound else { throw invalid("bucket '\(bucket.label)' ends before it starts") }
            guard !isLast else { throw invalid("the last bucket must be open-ended ('\(bucket.label)' ends at \(upper))") }
            guard buckets[index + 1].lowerBound == upper + 1 else {
                throw invalid("bucket '\(buckets[index + 1].label)' must start at \(upper + 1), right after '\(bucket.label)'")
            }
        }
        self.buckets = buckets
    }

    /// current (0), 1-29, 30-59, 60-89, 90+.
    public static let standard: BucketScheme = {
        do {
            return try BucketScheme(buckets: [
                Bucket(label: "current", lowerBound: 0, upperBound: 0),
                Bucket(label: "1-29", lowerBound: 1, upperBound: 29),
                Bucket(label: "30-59", lowerBound: 30, upperBound: 59),
                Bucket(label: "60-89", lowerBound: 60, upperBound: 89),
                Bucket(label: "90+", lowerBound: 90, upperBound: nil),
            ])
        } catch {
            preconditionFailure("the standard bucket scheme is invalid: \(error)")
        }
    }()

    /// The label of the bucket containing `daysPastDue` (which must be ≥ 0).
    public func bucket(forDaysPastDue daysPastDue: Int) -> String {
        precondition(daysPastDue >= 0, "days past due cannot be negative: \(daysPastDue)")
        // The scheme covers 0...∞ without gaps, so some bucket always matches.
        return buckets.last { $0.lowerBound <= daysPastDue }!.label
    }
}
