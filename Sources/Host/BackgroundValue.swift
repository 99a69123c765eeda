import Dispatch
import Synchronization

/// A value computed on another thread from the moment it is made; `value` waits for it. For
/// questions whose answer is needed late but takes long to come (the engine's image list, about
/// 70 ms with a few thousand images), so the wait overlaps the work before.
public final class BackgroundValue<Value: Sendable>: Sendable {
    private let result = Mutex<Value?>(nil)
    private let finished = DispatchGroup()

    public init(_ compute: @escaping @Sendable () -> Value) {
        finished.enter()
        DispatchQueue.global().async {
            let value = compute()
            self.result.withLock { $0 = value }
            self.finished.leave()
        }
    }

    /// The value, once computed (waiting until then).
    public var value: Value {
        finished.wait()
        return result.withLock { $0! }
    }
}
