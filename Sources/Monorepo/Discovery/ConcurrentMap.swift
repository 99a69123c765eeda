import Dispatch
import Foundation

extension Array where Element: Sendable {
    /// `map` on all cores, in order. When several elements throw, the error of the first of them
    /// (by position) is rethrown, so the outcome does not depend on thread timing.
    func concurrentMap<T: Sendable>(_ transform: @Sendable (Element) throws -> T) throws -> [T] {
        let results = Results<T>(count: count)
        let stripes = Swift.min(count, ProcessInfo.processInfo.activeProcessorCount * 4)
        DispatchQueue.concurrentPerform(iterations: stripes) { stripe in
            var position = stripe
            while position < count {
                results.slots[position] = Result { try transform(self[position]) }
                position += stripes
            }
        }
        return try results.slots.map { try $0!.get() }
    }
}

/// One slot per element, each written by exactly one worker before `concurrentPerform` returns.
private final class Results<T>: @unchecked Sendable {
    var slots: [Result<T, any Error>?]
    init(count: Int) { slots = Array(repeating: nil, count: count) }
}
