import Foundation

/// Work done on another thread: its result waited for when it is wanted (`result`), or taken only
/// if it is there already (`ready`). The screen's checklist read at the open, and every item's
/// earlier results taken apart after the first frame.
public final class Beside<T: Sendable>: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var outcome: Result<T, Error>?

    /// `then` runs once the result is there, on the thread that made it. Unless it is `urgent`
    /// (what the first frame waits for), the work gives way to the keys (`yieldToKeys`).
    public init(urgent: Bool = false, then: (@Sendable () -> Void)? = nil, _ work: @escaping @Sendable () throws -> T) {
        DispatchQueue.global().async {
            if !urgent { yieldToKeys() }
            self.outcome = Result { try work() }
            self.done.signal()
            then?()
        }
    }

    /// The work's result, once it is done (the semaphore orders the write before this read).
    public func result() -> Result<T, Error> {
        done.wait()
        done.signal()
        return outcome!
    }

    /// The work's result if it is done, without waiting.
    public var ready: Result<T, Error>? {
        guard done.wait(timeout: .now()) == .success else { return nil }
        done.signal()
        return outcome
    }
}

/// Lowers the calling thread's priority (nice 10; on Linux the nice value is the thread's own):
/// work beside the screen gives way to the thread that answers keys whenever more threads are at
/// work than there are cores (with two cores, a key came 2–6 ms late as the screen's whole state,
/// its search buffer and the earlier results were made beside it). A thread of the pool stays
/// lowered: what it runs later is work beside the screen too.
public func yieldToKeys() {
    _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 10)
}
