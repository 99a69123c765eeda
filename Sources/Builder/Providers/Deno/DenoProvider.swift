import Documents
import Foundation

/// Deno (spec §3.9): `deno cache` of the first index file, `tasks.start` or `deno run`.
struct DenoProvider: Provider {
    func plan(_ app: App, _ environment: PlanEnvironment) throws(PlanError) -> BuildPlan? {
        let setup = Phase.setup([NixPackage("deno")])
        var phases = [setup]
        let index = app.allFiles().first { file in
            let name = file.split(separator: "/").last.map(String.init) ?? file
            return ["index.ts", "index.tsx", "index.js", "index.jsx"].contains(name)
        }
        if let index {
            var build = Phase.build("deno cache \(index)")
            build.dependsOn = ["install", "setup"]
            phases.append(build)
        }
        var start: StartPhase?
        if let task = try startTask(app) {
            start = StartPhase(cmd: task)
        } else if let index {
            start = StartPhase(cmd: "deno run --allow-all \(index)")
        }
        return BuildPlan(phases: phases, start: start)
    }

    private func startTask(_ app: App) throws(PlanError) -> String? {
        for file in ["deno.json", "deno.jsonc"] where app.includesFile(file) {
            let text = file.hasSuffix("c") ? Self.strippingComments(try app.readFile(file)) : try app.readFile(file)
            do {
                return try Document(file: file, text: text, format: .json).root[path: ["tasks", "start"]]?.string
            } catch {
                throw PlanError.invalidFile(file: error.file, line: error.line, message: error.message)
            }
        }
        return nil
    }

    /// JSONC: removes `//` and `/* */` comments outside strings.
    static func strippingComments(_ text: String) -> String {
        var out = ""
        var inString = false, escaped = false
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            let next = text.index(after: index) < text.endIndex ? text[text.index(after: index)] : nil
            if inString {
                out.append(character)
                if escaped { escaped = false } else if character == "\\" { escaped = true } else if character == "\"" { inString = false }
            } else if character == "\"" {
                inString = true
                out.append(character)
            } else if character == "/", next == "/" {
                while index < text.endIndex, text[index] != "\n" { index = text.index(after: index) }
                continue
            } else if character == "/", next == "*" {
                index = text.index(index, offsetBy: 2, limitedBy: text.endIndex) ?? text.endIndex
                while index < text.endIndex, !(text[index] == "*" && text.index(after: index) < text.endIndex && text[text.index(after: index)] == "/") {
                    if text[index] == "\n" { out.append("\n") }
                    index = text.index(after: index)
                }
                index = text.index(index, offsetBy: 2, limitedBy: text.endIndex) ?? text.endIndex
                continue
            } else {
                out.append(character)
            }
            index = text.index(after: index)
        }
        return out
    }
}
