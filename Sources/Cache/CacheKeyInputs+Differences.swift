/// Why did this rebuild? The inputs that differ between two keys, in words.
extension CacheKeyInputs {
    public func differences(from old: CacheKeyInputs) -> [String] {
        var result: [String] = []
        if format != old.format { result.append("key format \(old.format) → \(format)") }
        if environment.packageSource != old.environment.packageSource {
            result.append("package source \(old.environment.packageSource) → \(environment.packageSource)")
        }
        result += listDifference("environment", old.environment.identities, environment.identities)
        result += listDifference("base image", old.environment.baseImages, environment.baseImages)
        if dockerfile != old.dockerfile {
            let before = Set(old.dockerfile.split(separator: "\n").map(String.init))
            let after = Set(dockerfile.split(separator: "\n").map(String.init))
            let changed = after.subtracting(before).sorted().prefix(5).map { "+ \($0)" } + before.subtracting(after).sorted().prefix(5).map { "- \($0)" }
            result.append("Dockerfile changed:\n      " + changed.joined(separator: "\n      "))
        }
        result += mapDifference("build argument", old.buildArguments, buildArguments)
        result += listDifference("secret", old.secretNames, secretNames)
        if plan != old.plan { result.append("the plan changed") }
        result += mapDifference("context file", old.context, context)
        result += mapDifference("build option", old.options, options)
        result += mapDifference("dependency key", old.dependencies, dependencies)
        return result
    }

    private func listDifference(_ label: String, _ old: [String], _ new: [String]) -> [String] {
        let removed = Set(old).subtracting(new).sorted().map { "\(label) removed: \($0)" }
        let added = Set(new).subtracting(old).sorted().map { "\(label) added: \($0)" }
        return removed + added
    }

    private func mapDifference(_ label: String, _ old: [String: String], _ new: [String: String]) -> [String] {
        var result: [String] = []
        for key in Set(old.keys).union(new.keys).sorted() {
            switch (old[key], new[key]) {
            case let (before?, after?) where before != after: result.append("\(label) \(key): \(before) → \(after)")
            case let (nil, after?): result.append("\(label) \(key) added: \(after)")
            case let (before?, nil): result.append("\(label) \(key) removed (was \(before))")
            default: break
            }
        }
        return result
    }
}
