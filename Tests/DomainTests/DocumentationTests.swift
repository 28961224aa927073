import Testing
@testable import Domain

@Suite("docs/DOMAIN.md stays complete")
struct DocumentationTests {
    /// docs/DOMAIN.md, read without Foundation via the C library.
    func domainDoc() -> String? {
        let path = String(#filePath.split(separator: "/", omittingEmptySubsequences: false).dropLast(3)
            .joined(separator: "/")) + "/docs/DOMAIN.md"
        guard let file = fopen(path, "r") else { return nil }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = fread(&buffer, 1, buffer.count, file)
            if count == 0 { break }
            bytes += buffer[0..<count]
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test func everyErrorCodeIsDocumented() throws {
        let doc = try #require(domainDoc())
        for code in DomainError.Code.all + ContactRules.Code.all + ContactGate.Code.all {
            #expect(doc.contains("`\(code)`"), "docs/DOMAIN.md does not list \(code)")
        }
    }

    @Test func codesAreUniqueAndUpperSnake() {
        let codes = DomainError.Code.all + ContactRules.Code.all + ContactGate.Code.all
        #expect(Set(codes).count == codes.count)
        #expect(codes.allSatisfy(DomainError.isUpperSnake))
        #expect(!DomainError.isUpperSnake("lower_case") && !DomainError.isUpperSnake("TRAILING_") && !DomainError.isUpperSnake(""))
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
