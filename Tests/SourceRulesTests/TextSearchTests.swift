import Testing
@testable import SourceRules

@Suite struct TextSearchTests {
    @Test(arguments: [
        ("deno.land", "deno.land", true), ("import x from 'https://deno.land/std'", "deno.land", true),
        ("at the end: deno.land", "deno.land", true), ("deno.lan", "deno.land", false), ("", "deno.land", false),
        ("dddeno.land", "deno.land", true), ("deno_land deno.lanX", "deno.land", false), ("anything", "", true),
        ("é日本 django_psdb_engine", "django_psdb_engine", true), ("日本", "本", true), ("日本", "\u{672C}x", false),
    ])
    func findsExactlyTheLiteralBytes(_ text: String, _ needle: String, _ expected: Bool) {
        #expect(TextSearch.contains(text, needle) == expected)
        // The same answer as the standard library's search, by bytes.
        #expect(expected == (needle.isEmpty || text.utf8.count >= needle.utf8.count
            && (0...(text.utf8.count - needle.utf8.count)).contains { Array(text.utf8).dropFirst($0).starts(with: needle.utf8) }))
    }
}
