import Documents
import Foundation
import SourceRules
import Testing
@testable import Monorepo

@Suite struct ConfigTests {
    func config(_ text: String) throws -> MonorepoConfig {
        try MonorepoConfig(document: Document(file: "nixpacks-ci.toml", text: text, format: .toml))
    }

    @Test func fullConfigurationDecodes() throws {
        let parsed = try config("""
        version = 1
        [discovery]
        auto = true
        include = ["services/*"]
        exclude = ["services/old*"]
        [changes]
        ignore = ["**/*.md", "docs/**"]
        global = [".tool-versions"]
        [services.api]
        path = "./services/api/"
        image = "acme/api"
        dependsOn = ["shared"]
        inputs = ["proto/**"]
        [services.shared]
        path = "libs/shared"
        library = true
        """)
        #expect(parsed.include.map(\.source) == ["services/*"])
        #expect(parsed.ignore.count == 2)
        #expect(parsed.services.map(\.name) == ["api", "shared"])
        #expect(parsed.services[0].path == "services/api")
        #expect(parsed.services[0].image == "acme/api")
        #expect(parsed.services[1].library)
    }

    @Test func unknownKeyNamesFileKeyAndLine() throws {
        let text = """
        version = 1
        [changes]
        ignore = ["docs/**"]
        ignroe = ["x"]
        """
        #expect(throws: MonorepoError.invalidConfig(file: "nixpacks-ci.toml", line: 4, key: "changes.ignroe",
                                                    message: "unknown key; known keys here: global, ignore")) {
            try config(text)
        }
    }

    @Test func wrongTypeIsAnError() throws {
        do {
            _ = try config("[services.api]\npath = 3\n")
            Issue.record("expected an error")
        } catch let error as MonorepoError {
            #expect(error.description == "nixpacks-ci.toml:2 key 'services.api.path': expected a string, found an integer")
        }
    }

    @Test func syntaxErrorHasTheLine() throws {
        do {
            _ = try config("version = 1\n[changes\nignore = []\n")
            Issue.record("expected an error")
        } catch let error as DocumentError {
            #expect(error.file == "nixpacks-ci.toml")
            #expect(error.line == 2)
        }
    }

    @Test func serviceWithoutPathOrLeavingTheRepoIsAnError() throws {
        #expect(throws: MonorepoError.self) { try config("[services.api]\nimage = \"x\"\n") }
        #expect(throws: MonorepoError.self) { try config("[services.api]\npath = \"../outside\"\n") }
        #expect(throws: MonorepoError.self) { try config("[services.\"bad name\"]\npath = \"x\"\n") }
        #expect(throws: MonorepoError.self) { try config("version = 2\n") }
    }
}

@Suite struct GlobTests {
    @Test(arguments: [
        ("*.md", "README.md", true), ("*.md", "docs/deep/guide.md", true), ("*.md", "src/md.txt", false),
        ("docs/**", "docs/a/b.txt", true), ("docs", "docs/a/b.txt", true), ("docs/**", "src/docs/a", false),
        ("services/*", "services/api", true), ("services/*", "services/api/x.js", true), ("services/*/src", "services/api/src/x", true),
        ("**/package-lock.json", "a/b/package-lock.json", true), ("/nixpacks-ci.toml", "nixpacks-ci.toml", true),
        ("services/ap?", "services/api", true), ("services/ap?", "services/apis", false),
    ])
    func matches(_ pattern: String, _ path: String, _ expected: Bool) throws {
        #expect(try PathPattern(pattern, syntax: .gitignore).matchesPathOrAncestor(path) == expected)
    }

    @Test func exactMatchForWorkspaceGlobs() throws {
        #expect(try PathPattern("packages/*", syntax: .path).matches("packages/a"))
        #expect(try !PathPattern("packages/*", syntax: .path).matches("packages/a/b"))
        #expect(try PathPattern("./apps/**", syntax: .path).matches("apps/x/y"))
    }
}
