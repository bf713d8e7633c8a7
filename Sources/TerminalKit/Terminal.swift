/// What the app needs of a terminal. `CursesTerminal` is the real one; `MemoryTerminal` serves tests.
public protocol Terminal: AnyObject {
    var size: (width: Int, height: Int) { get }
    /// The next key, or nil when `timeout` (seconds) passes first; nil timeout waits for a key.
    func readKey(timeout: Double?) -> Key?
    /// Shows the canvas (a real terminal writes only the cells that changed).
    func draw(_ canvas: Canvas)
    /// Leaves the screen to the shell (for $EDITOR) and comes back.
    func suspend()
    func resume()
    /// Between `suspend` and `resume`: stops the program's job until the shell continues it
    /// (Ctrl-Z, `fg`); false when there is no shell with job control to return to (the program
    /// leads its own session).
    func stopJob() -> Bool
    /// Forgets what is on the screen, so the next frame is written whole (Ctrl-L).
    func invalidate()
}

/// A terminal in memory: keys are queued in, frames are kept for assertions.
public final class MemoryTerminal: Terminal {
    public var size: (width: Int, height: Int)
    public var keys: [Key]
    public private(set) var frames: [Canvas] = []
    public var last: Canvas? { frames.last }

    public init(width: Int = 80, height: Int = 24, keys: [Key] = []) {
        size = (width, height)
        self.keys = keys
    }

    public func readKey(timeout: Double?) -> Key? { keys.isEmpty ? nil : keys.removeFirst() }
    public func draw(_ canvas: Canvas) { frames.append(canvas) }
    public func suspend() {}
    public func resume() {}
    /// How often the program was stopped for the shell (Ctrl-Z).
    public private(set) var stops = 0
    public func stopJob() -> Bool { stops += 1; return true }
    public private(set) var invalidations = 0
    public func invalidate() { invalidations += 1 }
}
