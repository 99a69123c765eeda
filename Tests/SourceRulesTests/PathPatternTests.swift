import Testing
@testable import SourceRules

/// The one pattern type, syntax by syntax. The dockerignore cases follow moby/patternmatcher's
/// rules (and EndToEndTests/DockerignoreOracleTests asks a real engine the same questions).
@Suite struct PathPatternTests {
    static func matches(_ pattern: String, _ syntax: PathPattern.Syntax, _ path: String) throws -> Bool {
        try PathPattern(pattern, syntax: syntax).matchesPathOrAncestor(path)
    }

    @Test(arguments: [
        // Anchored at the root: a bare name matches only there (and what is below it).
        ("data.txt", "data.txt", true), ("data.txt", "sub/data.txt", false), ("**/data.txt", "sub/data.txt", true),
        ("**/data.txt", "data.txt", true), ("*.log", "a.log", true), ("*.log", "logs/b.log", false),
        ("**/*.log", "logs/b.log", true), ("docs/", "docs/a.md", true), ("docs/", "x/docs/a.md", false),
        ("docs", "docs/deep/a.md", true), ("/docs", "docs/a.md", true), ("./docs", "docs/a.md", true),
        // `*` and `?` stay within a segment; `**` crosses them.
        ("src/*.js", "src/a.js", true), ("src/*.js", "src/x/a.js", false), ("src/**/*.js", "src/x/y/a.js", true),
        ("src/**/*.js", "src/a.js", true), ("a?c", "abc", true), ("a?c", "a/c", false),
        ("foo/**", "foo/bar/baz", true), ("foo**", "foobar/baz", true),
        // `**` is any number of directories, also with no slash after it (the regular expression;
        // newer patternmatchers match `**foo` as a plain suffix, docs/caching.md).
        ("**foo", "barfoo", false), ("**foo", "a/b/foo", true), ("**foo", "foo", true), ("**/foo", "barfoo", false),
        // Classes, escapes, literal braces (Docker has no alternation).
        ("[abc].txt", "b.txt", true), ("[^abc].txt", "d.txt", true), ("[^abc].txt", "a.txt", false),
        ("[!x].txt", "!.txt", true), ("[!x].txt", "a.txt", false), ("\\*.txt", "*.txt", true), ("\\*.txt", "a.txt", false),
        ("{a,b}", "{a,b}", true), ("{a,b}", "a", false),
        // Cleaned as Go's filepath.Clean does.
        ("a/../b", "b", true), ("a//b", "a/b", true),
    ])
    func dockerignore(_ pattern: String, _ path: String, _ expected: Bool) throws {
        #expect(try Self.matches(pattern, .dockerignore, path) == expected, "\(pattern) vs \(path)")
    }

    @Test(arguments: [
        ("*.md", "README.md", true), ("*.md", "docs/deep/guide.md", true), ("*.md", "src/md.txt", false),
        ("docs/**", "docs/a/b.txt", true), ("docs", "docs/a/b.txt", true), ("docs/**", "src/docs/a", false),
        ("services/*", "services/api/x.js", true), ("services/*/src", "services/api/src/x", true),
        ("**/package-lock.json", "a/b/package-lock.json", true), ("/nixpacks-ci.toml", "nixpacks-ci.toml", true),
        ("/nixpacks-ci.toml", "a/nixpacks-ci.toml", false), ("services/ap?", "services/api", true),
        ("services/ap?", "services/apis", false), ("a/**/b", "a/b", true), ("a/**/b", "a/x/y/b", true),
        ("build/", "build/out.js", true), ("[Bb]uild", "Build/x", true), ("\\#notes", "#notes", true),
    ])
    func gitignore(_ pattern: String, _ path: String, _ expected: Bool) throws {
        #expect(try Self.matches(pattern, .gitignore, path) == expected, "\(pattern) vs \(path)")
    }

    @Test func gitignoreDirectoryOnlyPatternsSkipFiles() throws {
        let pattern = try PathPattern("build/", syntax: .gitignore)
        #expect(!pattern.matches("build"))
        #expect(pattern.matches("build", isDirectory: true))
        #expect(pattern.matchesPathOrAncestor("x/build/out.js"))
    }

    /// Nixpacks' globset: `*` crosses `/`, braces expand.
    @Test(arguments: [
        ("*.csproj", "src/App/App.csproj", true), ("*.zig", "src/main.zig", true), ("*.cbl", "index.cbl", true),
        ("**/*.{ts,tsx}", "a/b.tsx", true), ("**/*.{ts,tsx}", "b.ts", true), ("**/*.{ts,tsx}", "b.js", false),
        ("crates/*/Cargo.toml", "crates/a/Cargo.toml", true), ("crates/*/Cargo.toml", "crates/a/b/Cargo.toml", true),
        ("?", "/", true),
    ])
    func nixpacks(_ pattern: String, _ path: String, _ expected: Bool) throws {
        #expect(try PathPattern(pattern, syntax: .nixpacks).matches(path) == expected, "\(pattern) vs \(path)")
    }

    /// Workspace globs: the whole path, `*` within a segment.
    @Test(arguments: [
        ("packages/*", "packages/ui", true), ("packages/*", "packages/ui/x", false), ("apps/**", "apps/a/b", true),
        ("./apps/*", "apps/web", true), ("packages/{ui,core}", "packages/core", true), ("packages/{ui,core}", "packages/x", false),
        ("**/pkg-*", "a/b/pkg-x", true), ("packages/*/", "packages/ui", true),
    ])
    func workspace(_ pattern: String, _ path: String, _ expected: Bool) throws {
        #expect(try PathPattern(pattern, syntax: .path).matches(path) == expected, "\(pattern) vs \(path)")
    }

    @Test func negationIsParsedPerSyntax() throws {
        #expect(try PathPattern("!keep.txt", syntax: .dockerignore).isNegated)
        #expect(try PathPattern("!keep.txt", syntax: .gitignore).isNegated)
        #expect(try PathPattern("!packages/old", syntax: .path).isNegated)
        #expect(try !PathPattern("!x", syntax: .nixpacks).isNegated, "globset has no negation: ! is a literal")
    }

    @Test(arguments: PathPattern.Syntax.allCases)
    func badPatternsAreErrorsThatNameThem(_ syntax: PathPattern.Syntax) {
        for bad in ["[", "a[b", "[z-a]"] {
            #expect(throws: PatternError.self, "\(bad) in \(syntax)") { try PathPattern(bad, syntax: syntax) }
        }
        if syntax == .nixpacks || syntax == .path {
            #expect(throws: PatternError.self) { try PathPattern("{a,b", syntax: syntax) }
            #expect(throws: PatternError.self) { try PathPattern("a}", syntax: syntax) }
        }
        let error = try? PathPattern("[z-a]", syntax: syntax)
        #expect(error == nil)
        do {
            _ = try PathPattern("[z-a]", syntax: syntax)
        } catch {
            #expect(error.description.contains("[z-a]") && error.description.contains("reversed"))
        }
    }

    @Test func braceExpansionIsBounded() throws {
        let bomb = String(repeating: "{a,b,c,d}", count: 10)
        #expect(throws: PatternError.self) { try PathPattern(bomb, syntax: .nixpacks) }
        // Found by bench/make_hostile.py: 40,000 nested braces overflowed the stack.
        let deep = String(repeating: "{a,", count: 40_000) + String(repeating: "}", count: 40_000)
        #expect(throws: PatternError.self) { try PathPattern(deep, syntax: .path) }
        let nested = String(repeating: "{a,", count: 31) + "b" + String(repeating: "}", count: 31)
        #expect(try PathPattern(nested, syntax: .path).matches("b"))
    }

    /// The matcher is linear: a pattern that makes naive backtracking explode returns at once.
    @Test func noExponentialBacktracking() throws {
        let pattern = try PathPattern(String(repeating: "*a", count: 40) + "b", syntax: .gitignore)
        #expect(!pattern.matches(String(repeating: "a", count: 4000)))
        let crossing = try PathPattern(String(repeating: "**/a", count: 20) + "/b", syntax: .path)
        #expect(!crossing.matches(Array(repeating: "a", count: 200).joined(separator: "/")))
    }

    @Test func unicodeCharactersAreOneCharacterEach() throws {
        #expect(try PathPattern("caf?.txt", syntax: .gitignore).matches("café.txt"))
        #expect(try PathPattern("[é]", syntax: .path).matches("é"))
    }
}

@Suite struct IgnoreRulesTests {
    func excluded(_ text: String, _ syntax: PathPattern.Syntax = .dockerignore) throws -> (String) -> Bool {
        let rules = try IgnoreRules(parsing: text, syntax: syntax, file: ".dockerignore")
        return { rules.isExcluded($0) }
    }

    /// The cases of the issue: Docker anchors at the context root.
    @Test func dockerAnchorsPatternsAtTheRoot() throws {
        let isExcluded = try excluded("data.txt\n*.log\ndocs/\n")
        #expect(isExcluded("data.txt"))
        #expect(!isExcluded("sub/data.txt"))
        #expect(isExcluded("a.log"))
        #expect(!isExcluded("logs/b.log"))
        #expect(isExcluded("docs/a.md"))
        #expect(!isExcluded("x/docs/a.md"))
    }

    @Test func exceptionsReIncludeAndTheLastMatchWins() throws {
        let isExcluded = try excluded("*.md\n!README.md\ndocs\n!docs/keep.md\nREADME.md\n")
        #expect(isExcluded("CHANGES.md"))
        #expect(isExcluded("README.md"), "excluded again by the last line")
        #expect(isExcluded("docs/a.md"))
        #expect(!isExcluded("docs/keep.md"), "Docker re-includes a file below an excluded directory")
    }

    @Test func dockerCommentsWhitespaceAndBOM() throws {
        let isExcluded = try excluded("\u{FEFF}# comment\n  spaced.txt  \n #not-a-comment\n! keep.txt\n*.txt\r\n")
        #expect(isExcluded("spaced.txt"))
        #expect(isExcluded("#not-a-comment"), "only a line that starts with # is a comment")
        #expect(isExcluded("keep.txt"), "*.txt comes after the exception")
        #expect(!isExcluded("comment"))
    }

    @Test func gitCannotReIncludeBelowAnExcludedDirectory() throws {
        let isExcluded = try excluded("build/\n!build/keep.txt\n*.tmp\n!important.tmp\n", .gitignore)
        #expect(isExcluded("build/keep.txt"))
        #expect(isExcluded("a/b.tmp"))
        #expect(!isExcluded("important.tmp"))
        #expect(!isExcluded("src/build.js"))
    }

    @Test func aBadLineIsAnErrorWithItsLine() {
        do {
            _ = try IgnoreRules(parsing: "ok\n\n[broken\n", syntax: .dockerignore, file: "services/web/.dockerignore")
            Issue.record("no error")
        } catch {
            #expect(error.file == "services/web/.dockerignore")
            #expect(error.line == 3)
            #expect(error.description.hasPrefix("services/web/.dockerignore:3: "))
        }
        #expect(throws: IgnoreFileError.self) { try IgnoreRules(parsing: "!\n", syntax: .dockerignore, file: "x") }
        #expect(IgnoreRules.lenient("ok\n[broken\n", syntax: .gitignore).rules.count == 1)
    }
}
