import Foundation
import Testing
@testable import Automation
import Domain

@Suite("docs/STRATEGIES.md stays true")
struct DocumentationTests {
    func doc() throws -> String {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("docs/STRATEGIES.md")
        return try String(contentsOf: url, encoding: .utf8)
    }

    @Test func everyCodeIsDocumented() throws {
        let text = try doc()
        for code in StrategyIssue.Code.all + StrategyEvaluator.Code.all {
            #expect(text.contains("`\(code)`"), "docs/STRATEGIES.md does not list \(code)")
        }
        let codes = StrategyIssue.Code.all + StrategyEvaluator.Code.all
        #expect(Set(codes).count == codes.count)
    }

    @Test func theAnnotatedExampleIsValidAndIsTheSwedishFixture() throws {
        let text = try doc()
        let start = try #require(text.range(of: "```yaml\n"))
        let end = try #require(text.range(of: "```", range: start.upperBound..<text.endIndex))
        let example = String(text[start.upperBound..<end.lowerBound])
        #expect(example == (try fixture("se-standard.yaml")))
        #expect(issues(example).isEmpty)
    }
}

@Suite("README's refusal example is what the parser prints")
struct ReadmeExampleTests {
    @Test func theArmsExample() throws {
        let readme = try String(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("README.md"), encoding: .utf8)
        let text = try fixture("se-standard.yaml").replacingOccurrences(of: "percent: 80", with: "percent: 70")
        do {
            _ = try StrategyFile.load(text, file: "se-standard.yaml", asOf: validationDay)
            Issue.record("accepted arms summing to 90")
        } catch {
            #expect(error.issues.count == 1)
            #expect(readme.contains("\n\(error.issues[0].description)\n"), "\(error.issues[0])")
        }
    }
}
