import Foundation

public enum WorkpaperError: Error, CustomStringConvertible {
    case noInput(String)
    case exists(String)
    case cannotCreate(String)
    case notAWorkpaper(String)
    case locked(String, LockHolder)
    case io(String)
    case badProgramme(LoadError)
    case usage(String)
    /// A rule refused it (a signature, an event from elsewhere the rules refuse, an open conflict).
    case refused(String)
    /// Another program saved meanwhile: worth trying again.
    case changed(String)

    /// The sysexits code that says this.
    public var exitCode: Int32 {
        switch self {
        case .noInput: 66
        case .exists, .cannotCreate: 73
        case .notAWorkpaper: 65
        case .locked, .changed: 75
        case .io: 74
        case .badProgramme(let e): e.exitCode
        case .usage: 64
        case .refused: 1
        }
    }

    /// The description without the program's name in front, for a status line.
    public var message: String {
        let d = description
        return d.hasPrefix("aimsaudit: ") ? String(d.dropFirst("aimsaudit: ".count)) : d
    }

    public var description: String {
        switch self {
        case .noInput(let m), .exists(let m), .cannotCreate(let m), .notAWorkpaper(let m), .io(let m), .usage(let m), .refused(let m), .changed(let m):
            return "aimsaudit: \(m)"
        case let .locked(path, holder):
            return "aimsaudit: \(path) is open for writing by \(holder.description); try again when it is closed (reading with list, check or export works meanwhile)"
        case .badProgramme(let e):
            return e.description
        }
    }
}
