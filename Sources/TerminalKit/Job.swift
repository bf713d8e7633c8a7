import Foundation

/// Job control as a shell user expects it of a full-screen program: Ctrl-Z stops it until `fg`,
/// and a program it starts (the user's editor) owns the terminal until it ends. Callers leave
/// the screen first (curses' `endwin`), so the terminal is in the shell's modes meanwhile.
public enum Job {
    /// How a program run in the foreground ended.
    public enum Outcome: Equatable, Sendable {
        case exited(Int32)
        case killed(signal: Int32)
        /// It could not be started (the error number, e.g. ENOENT).
        case notStarted(errno: Int32)
    }

    /// Stops this program, and the rest of its job, until the shell continues it (`fg`). Without
    /// a shell that does job control (an orphaned process group) the kernel ignores the stop and
    /// this returns at once.
    public static func stop() {
        withDefault([SIGTSTP]) {
            unblock([SIGTSTP, SIGCONT])
            // The whole process group, as a shell's Ctrl-Z would: a wrapper that started us stops too.
            kill(0, SIGTSTP)
        }
    }

    /// Runs a program in this process group, which is the terminal's foreground group, so it may
    /// read the terminal; waits for it as system(3) does, ignoring SIGINT and SIGQUIT meanwhile
    /// (they are the child's to act on). If the program stops itself with its job (an editor's
    /// Ctrl-Z), this program stops with it and waits on after `fg`.
    public static func runInForeground(_ argv: [String], environment: [String: String]) -> Outcome {
        guard let program = argv.first else { return .notStarted(errno: ENOENT) }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // The child starts with no signal blocked and every job-control and terminal signal at its
        // default, whatever this program does with them.
        var none = sigset_t(), defaults = sigset_t()
        sigemptyset(&none)
        sigemptyset(&defaults)
        for s in [SIGINT, SIGQUIT, SIGTSTP, SIGTTIN, SIGTTOU, SIGCONT, SIGWINCH, SIGHUP, SIGTERM, SIGPIPE, SIGCHLD] { sigaddset(&defaults, s) }
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var args = argv.map { strdup($0) } + [nil]
        var env = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for p in args + env { free(p) } }
        return ignoring([SIGINT, SIGQUIT]) {
            withDefault([SIGTSTP]) {
                unblock([SIGTSTP, SIGCONT])
                var pid: pid_t = 0
                let spawned = posix_spawnp(&pid, program, nil, &attributes, &args, &env)
                guard spawned == 0 else { return .notStarted(errno: spawned) }
                var status: Int32 = 0
                while waitpid(pid, &status, 0) == -1 {
                    guard errno == EINTR else { return .notStarted(errno: errno) }
                }
                // WIFEXITED / WTERMSIG, which Swift does not import.
                return status & 0x7F == 0 ? .exited((status >> 8) & 0xFF) : .killed(signal: status & 0x7F)
            }
        }
    }

    /// The name of a signal: "KILL", "TERM", or its number.
    public static func name(ofSignal s: Int32) -> String {
        let names: [Int32: String] = [SIGHUP: "HUP", SIGINT: "INT", SIGQUIT: "QUIT", SIGABRT: "ABRT", SIGKILL: "KILL",
                                      SIGSEGV: "SEGV", SIGPIPE: "PIPE", SIGTERM: "TERM", SIGBUS: "BUS"]
        return names[s].map { "SIG\($0)" } ?? "signal \(s)"
    }

    /// Runs `body` with the signals at their default action, then puts back what was there.
    static func withDefault<T>(_ signals: [Int32], _ body: () -> T) -> T { with(SIG_DFL, signals, body) }

    static func ignoring<T>(_ signals: [Int32], _ body: () -> T) -> T { with(SIG_IGN, signals, body) }

    private static func with<T>(_ handler: __sighandler_t?, _ signals: [Int32], _ body: () -> T) -> T {
        var previous: [sigaction] = []
        for s in signals {
            var action = sigaction(), old = sigaction()
            action.__sigaction_handler.sa_handler = handler
            sigemptyset(&action.sa_mask)
            sigaction(s, &action, &old)
            previous.append(old)
        }
        defer { for (s, old) in zip(signals, previous) { var o = old; sigaction(s, &o, nil) } }
        return body()
    }

    private static func unblock(_ signals: [Int32]) {
        var set = sigset_t()
        sigemptyset(&set)
        for s in signals { sigaddset(&set, s) }
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
    }
}
