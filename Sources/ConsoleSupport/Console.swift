import ArgumentParser
import Foundation
import VisibleText
import Workpaper

/// Where the commands write (the tool's and the developer binary's): people read standard error
/// and text output, programs read data.
public enum Console {
    /// Messages and text output for people carry names and notes from files: their control,
    /// bidi and zero-width characters are written visibly, never sent to the terminal.
    public static func error(_ text: String) {
        FileHandle.standardError.write(Data((Visible.text(text) + "\n").utf8))
    }

    public static func out(_ text: String) { data(Visible.text(text)) }

    /// Output for programs (JSON, generated YAML), written as it is.
    public static func data(_ text: String) {
        FileHandle.standardOutput.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
    }
}

/// Runs a workpaper operation; on failure prints its message and exits with its code.
public func fail<T>(_ body: () throws(WorkpaperError) -> T) throws -> T {
    do { return try body() } catch {
        Console.error(error.description)
        throw ExitCode(error.exitCode)
    }
}
