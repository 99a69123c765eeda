import Testing
@testable import Documents

@Suite struct DocumentTests {
    @Test func jsonValuesAndBooleans() throws {
        let document = try Document(file: "package.json", text: #"{"a": true, "b": 1, "c": [1.5, "x"], "d": null}"#, format: .json)
        #expect(document.root["a"] == .bool(true))
        #expect(document.root["b"] == .integer(1))
        #expect(document.root["c"] == .array([.double(1.5), .string("x")]))
        #expect(document.root["d"] == .null)
    }

    @Test func jsonErrorNamesTheLine() {
        #expect(throws: DocumentError.self) { try Document(file: "package.json", text: "{\n\"a\": 1,\n\"b\": tru\n}", format: .json) }
        do {
            _ = try Document(file: "package.json", text: "{\n\"a\": 1,\n\"b\": tru\n}", format: .json)
        } catch {
            #expect(error.file == "package.json")
            #expect(error.line == 3)
        }
    }

    @Test func yamlAndItsErrors() throws {
        let document = try Document(file: "pnpm-workspace.yaml", text: "packages:\n  - 'apps/*'\n  - libs/*\nflag: true\n", format: .yaml)
        #expect(document.root["packages"]?.strings == ["apps/*", "libs/*"])
        #expect(document.root["flag"] == .bool(true))
        do {
            _ = try Document(file: "x.yaml", text: "a: [1, 2\nb: 3\n", format: .yaml)
            Issue.record("expected an error")
        } catch {
            #expect(error.file == "x.yaml")
            #expect(error.line != nil)
        }
    }

    /// A billion laughs: aliases of aliases. The budget error says so once, naming the file.
    @Test func yamlAliasBombIsOneCleanError() {
        var text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1..<9 { text += "a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ") + "]\n" }
        do {
            _ = try Document(file: "pnpm-workspace.yaml", text: text, format: .yaml)
            Issue.record("expected an error")
        } catch {
            #expect(error.description.contains("aliases expand to more than"), "\(error)")
            #expect(error.description.components(separatedBy: "invalid YAML").count == 2, "said once: \(error)")
            #expect(error.description.hasPrefix("pnpm-workspace.yaml"), "\(error)")
        }
    }

    @Test func tomlLinesOfKeys() throws {
        let document = try Document(file: "x.toml", text: "a = 1\n\n[b]\nc = 2\n[b.d]\ne = 3\n", format: .toml)
        #expect(document.line(of: ["a"]) == 1)
        #expect(document.line(of: ["b", "c"]) == 4)
        #expect(document.line(of: ["b", "d"]) == 5)
        #expect(document.line(of: ["b", "d", "e"]) == 6)
        #expect(document.root[path: ["b", "d", "e"]] == .integer(3))
    }
}

@Suite struct JSONStringTests {
    /// The literal reads back as the original text both as JSON and as a YAML double-quoted scalar.
    @Test(arguments: ["plain", "quote \" backslash \\ tab \t newline \n return \r", "bell \u{07} formfeed \u{0C}", "ünïcödé ✓", ""])
    func quotedReadsBackAsJSONAndYAML(_ text: String) throws {
        let literal = JSONString.quoted(text)
        #expect(try Document(file: "t.json", text: "{\"k\": \(literal)}", format: .json).root["k"]?.string == text)
        #expect(try Document(file: "t.yaml", text: "k: \(literal)\n", format: .yaml).root["k"]?.string == text)
    }

    @Test func escapesAsSerdeJSON() {
        #expect(JSONString.quoted("a\u{01}b\u{08}") == #""a\u0001b\b""#)
    }
}
