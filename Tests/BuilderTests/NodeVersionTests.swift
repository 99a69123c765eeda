import Testing
@testable import Builder

@Suite struct NodeVersionTests {
    @Test(arguments: [
        (">=18", 22), ("14.x", 14), ("1.2.3 || 14.10.3", 14), ("15", 18), ("*", 18), ("^20.1.0", 20), ("~16.4", 16),
        (">= 16 < 19", 18), ("18.17.1", 18), ("v20", 20), ("lts/iron", 20), ("lts/*", 22), ("12 - 14", 14), ("<16", 14),
    ])
    func selectsHighestEvenMajor(_ requested: String, _ major: Int) {
        var warning: String?
        #expect(NodeVersion.major(for: requested, warning: &warning) == major)
        #expect(warning == nil)
    }

    @Test func unparsableWarnsAndUsesTheDefault() {
        var warning: String?
        #expect(NodeVersion.major(for: "latest-and-greatest", warning: &warning) == 18)
        #expect(warning != nil)
    }
}
