import Foundation

/// What work beside the screen brings back into the one loop: actions posted from other threads,
/// taken in by the loop between keys.
final class Mailbox: @unchecked Sendable {
    private let condition = NSCondition()
    private var actions: [Action] = []
    private var running = 0

    /// Whether work is still going on or its results wait to be taken in.
    var busy: Bool { condition.withLock { running > 0 || !actions.isEmpty } }

    func started() { condition.withLock { running += 1 } }

    /// Progress, from the work's own thread.
    func post(_ action: Action) {
        condition.withLock {
            actions.append(action)
            condition.broadcast()
        }
    }

    /// The work's result: the last thing it posts.
    func finished(_ action: Action) {
        condition.withLock {
            actions.append(action)
            running -= 1
            condition.broadcast()
        }
    }

    func take() -> [Action] {
        condition.withLock {
            defer { actions = [] }
            return actions
        }
    }

    /// Sleeps until something is posted (or the deadline passes).
    func wait(until deadline: Date?) {
        condition.withLock {
            guard actions.isEmpty, running > 0 else { return }
            if let deadline { _ = condition.wait(until: deadline) } else { condition.wait() }
        }
    }
}
