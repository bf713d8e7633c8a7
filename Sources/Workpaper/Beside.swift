import Foundation

/// Work done on another thread: its result waited for when it is wanted (`result`), or taken only
/// if it is there already (`ready`). The screen's checklist read at the open, and every item's
/// earlier results taken apart after the first frame.
public final class Beside<T: Sendable>: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var outcome: Result<T, Error>?

    /// `then` runs once the result is there, on the thread that made it.
    public init(then: (@Sendable () -> Void)? = nil, _ work: @escaping @Sendable () throws -> T) {
        DispatchQueue.global().async {
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
