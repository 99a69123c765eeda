import Dispatch
import Synchronization
import Testing
import Host

@Suite struct BackgroundValueTests {
    /// The work starts when the value is made, on another thread, before anyone asks for it; it
    /// runs once however often the value is read.
    @Test func computesOnceWithoutBeingAsked() {
        let started = DispatchSemaphore(value: 0)
        let runs = Atomic<Int>(0)
        let value = BackgroundValue<[String]> {
            runs.add(1, ordering: .relaxed)
            started.signal()
            return ["debian:trixie-slim", "api:latest"]
        }
        #expect(started.wait(timeout: .now() + 10) == .success, "the work did not start before the value was read")
        #expect(value.value == ["debian:trixie-slim", "api:latest"])
        #expect(value.value == ["debian:trixie-slim", "api:latest"])
        #expect(runs.load(ordering: .relaxed) == 1)
    }

    /// Reading waits for slow work, and an optional nil answer comes back as nil.
    @Test func readingWaitsForTheAnswer() {
        let release = DispatchSemaphore(value: 0)
        let value = BackgroundValue<Set<String>?> {
            release.wait()
            return nil
        }
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.05) { release.signal() }
        #expect(value.value == nil)
    }
}
