/// Topological order of phases (spec §1.4): Kahn's algorithm in rounds, each round in name order;
/// dependencies on missing phases are ignored.
public enum PhaseOrder {
    public static func sorted(_ phases: [String: Phase]) throws(PlanError) -> [Phase] {
        var remaining = phases
        var order: [Phase] = []
        while !remaining.isEmpty {
            let ready = remaining.keys.sorted().filter { name in
                !(remaining[name]!.dependsOn ?? []).contains { $0 != name && remaining[$0] != nil }
            }
            guard !ready.isEmpty else { throw PlanError.circularDependency(Array(remaining.keys).sorted()) }
            for name in ready {
                order.append(remaining.removeValue(forKey: name)!)
            }
        }
        return order
    }
}
