import Testing
@testable import Domain

@Suite("Days past due and buckets")
struct DelinquencyTests {
    @Test func daysPastDueFromTheOldestUnpaidDueDate() {
        #expect(daysPastDue(oldestUnpaidDueDate: nil, asOf: day("2026-03-02")) == 0)
        #expect(daysPastDue(oldestUnpaidDueDate: day("2026-03-02"), asOf: day("2026-03-02")) == 0)
        #expect(daysPastDue(oldestUnpaidDueDate: day("2026-03-10"), asOf: day("2026-03-02")) == 0)
        #expect(daysPastDue(oldestUnpaidDueDate: day("2026-03-02"), asOf: day("2026-03-03")) == 1)
        #expect(daysPastDue(oldestUnpaidDueDate: day("2026-01-31"), asOf: day("2026-03-02")) == 30)
        #expect(daysPastDue(oldestUnpaidDueDate: day("2023-12-31"), asOf: day("2024-12-31")) == 366)
    }

    @Test(arguments: [(0, "current"), (1, "1-29"), (29, "1-29"), (30, "30-59"), (59, "30-59"),
                      (60, "60-89"), (89, "60-89"), (90, "90+"), (10_000, "90+")])
    func standardBuckets(dpd: Int, label: String) {
        #expect(BucketScheme.standard.bucket(forDaysPastDue: dpd) == label)
    }

    @Test func customSchemeIsUsedAsConfigured() throws {
        let scheme = try BucketScheme(buckets: [
            .init(label: "B0", lowerBound: 0, upperBound: 5),
            .init(label: "B1", lowerBound: 6, upperBound: 180),
            .init(label: "WRITE_OFF", lowerBound: 181, upperBound: nil),
        ])
        #expect(scheme.bucket(forDaysPastDue: 5) == "B0")
        #expect(scheme.bucket(forDaysPastDue: 6) == "B1")
        #expect(scheme.bucket(forDaysPastDue: 181) == "WRITE_OFF")
    }

    @Test func bucketCountLimit() throws {
        func scheme(_ count: Int) -> [BucketScheme.Bucket] {
            (0..<count).map { BucketScheme.Bucket(label: "B\($0)", lowerBound: $0, upperBound: $0 == count - 1 ? nil : $0) }
        }
        #expect(try BucketScheme(buckets: scheme(BucketScheme.bucketCountMax)).bucket(forDaysPastDue: 1000) == "B31")
        #expect(domainError { try BucketScheme(buckets: scheme(BucketScheme.bucketCountMax + 1)) }?.code == "BUCKETS_INVALID")
    }

    @Test func refusesSchemesWithGapsOverlapsOrNoEnd() {
        let cases: [[BucketScheme.Bucket]] = [
            [],
            [.init(label: "a", lowerBound: 1, upperBound: nil)],
            [.init(label: "a", lowerBound: 0, upperBound: 10), .init(label: "b", lowerBound: 12, upperBound: nil)],
            [.init(label: "a", lowerBound: 0, upperBound: 10), .init(label: "b", lowerBound: 10, upperBound: nil)],
            [.init(label: "a", lowerBound: 0, upperBound: 10), .init(label: "b", lowerBound: 11, upperBound: 20)],
            [.init(label: "a", lowerBound: 0, upperBound: nil), .init(label: "b", lowerBound: 1, upperBound: nil)],
            [.init(label: "a", lowerBound: 0, upperBound: 0), .init(label: "a", lowerBound: 1, upperBound: nil)],
            [.init(label: "a", lowerBound: 0, upperBound: 5), .init(label: "b", lowerBound: 6, upperBound: 2)],
        ]
        for buckets in cases {
            #expect(domainError { try BucketScheme(buckets: buckets) }?.code == "BUCKETS_INVALID", "\(buckets)")
        }
    }
}
