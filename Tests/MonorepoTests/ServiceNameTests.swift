import Testing
@testable import Monorepo

@Suite struct ServiceNameTests {
    @Test(arguments: [
        ("services/api", "api"), ("services/API", "api"), ("apps/my app", "my-app"), ("a/b.c_d-e", "b.c_d-e"),
        ("x/_hidden", "svc-_hidden"), ("x/-dash", "svc--dash"), ("x/café", "svc-café"), ("", "root"), ("tools/v2+beta", "v2-beta"),
    ])
    func namesComeFromTheDirectory(path: String, name: String) {
        #expect(ServiceName.derived(fromPath: path) == name)
    }

    @Test func validNamesAreAsciiLettersDigitsAndPunctuation() {
        #expect(ServiceName.isValid("web-2.api_x"))
        #expect(ServiceName.isValid("9lives"))
        #expect(!ServiceName.isValid(""))
        #expect(!ServiceName.isValid("-web"))
        #expect(!ServiceName.isValid("café"))
        #expect(!ServiceName.isValid("web app"))
        #expect(!ServiceName.isValid("web/app"))
    }
}
