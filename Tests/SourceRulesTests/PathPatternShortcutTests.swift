import Testing
@testable import SourceRules

/// The plain comparisons that stand in for common globs agree with the token matcher.
@Suite struct PathPatternShortcutTests {
    static let patterns = ["**/*.py", "*.py", "*.ts", "Cargo.toml", "**/go.mod", "**/*.{js,ts}", "src/*.rs", "**/.env", "*", "**/*"]
    static let paths = ["main.py", "a/b/main.py", ".py", "a/.py", "main.pyc", "x.ts", "a/x.ts", "Cargo.toml", "a/Cargo.toml",
                        "go.mod", "svc/go.mod", "svc/go.modx", "src/main.rs", "src/a/main.rs", ".env", "a/.env", "a.env", "", "a/"]

    @Test(arguments: PathPattern.Syntax.allCases)
    func shortcutsAgreeWithTheMatcher(_ syntax: PathPattern.Syntax) throws {
        var shortcutsSeen = 0
        for source in Self.patterns {
            let pattern = try PathPattern(source, syntax: syntax)
            if !pattern.shortcuts.contains(nil) { shortcutsSeen += 1 }
            for path in Self.paths {
                #expect(pattern.matches(path) == pattern.matchesByTokens(path), "\(syntax) \(source) on \(path)")
            }
        }
        #expect(shortcutsSeen >= 3, "the common globs take the shortcut")
    }
}
