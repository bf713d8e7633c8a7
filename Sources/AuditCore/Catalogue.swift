import Foundation

/// A built-in requirements catalogue, shipped as a data file (identifiers, short titles and our own
/// one-line paraphrase of what to look for; never the standard's text).
public struct Catalogue: Sendable, Decodable, Equatable {
    public struct Group: Sendable, Decodable, Hashable {
        public var id: String
        public var title: String
        public var parent: String?
    }

    public enum Kind: String, Sendable, Codable {
        /// A clause requirement (4.1 … 10.2), always on the checklist when in scope.
        case clause
        /// An Annex A control, which the Statement of Applicability must decide.
        case control
        /// The organisation's own requirement from the programme file.
        case own
    }

    public struct Requirement: Sendable, Decodable, Hashable {
        public var id: String
        public var title: String
        public var group: String
        public var kind: Kind
        public var lookFor: String
        enum CodingKeys: String, CodingKey { case id, title, group, kind, lookFor = "look_for" }
    }

    public var id: String
    public var title: String
    public var groups: [Group]
    public var requirements: [Requirement]

    /// The groups from the top down to the requirement's nearest heading (A.6 › A.6.2).
    public func groupPath(of requirement: Requirement) -> [Group] {
        var path: [Group] = []
        var next: String? = requirement.group
        while let id = next, let g = groups.first(where: { $0.id == id }) {
            path.insert(g, at: 0)
            next = g.parent
        }
        return path
    }

    public func isHeading(_ id: String) -> Bool { groups.contains { $0.id == id } }

    /// ISO/IEC 42001:2023: the 32 assessable clause requirements and the 38 Annex A controls.
    public static let iso42001: Catalogue = {
        do {
            return try JSONDecoder().decode(Catalogue.self, from: Data(PackageResources.iso42001_2023_json))
        } catch {
            preconditionFailure("the built-in catalogue does not decode: \(error)")
        }
    }()

    /// Catalogues a programme may name in `catalogues:`.
    public static let builtIn: [String: Catalogue] = [iso42001.id: iso42001]
}

/// What the tool knows of any requirement a programme can name.
public struct RequirementInfo: Sendable, Hashable, Codable {
    public var id: String
    public var title: String
    public var kind: Catalogue.Kind
    public var group: String
    public var lookFor: String
}

public enum RequirementID {
    /// `9.2.1` is within `9.2` and `9`; `10.2` is not within `1`.
    public static func isWithin(_ id: String, prefix: String) -> Bool {
        id == prefix || id.hasPrefix(prefix + ".")
    }

    /// Natural order: 4.1 < 9.2.2 < 10.1 < A.2.2 < A.10.2 < own ids.
    public static func precedes(_ a: String, _ b: String) -> Bool {
        // The dot-separated parts in turn (empty parts skipped), without building arrays: the
        // checklist of a large programme sorts by this.
        var x = Parts(a), y = Parts(b)
        while true {
            switch (x.next(), y.next()) {
            case let (p?, q?) where p != q:
                switch (Int(p), Int(q)) {
                case let (m?, n?): return m < n
                case (.some, nil): return true
                case (nil, .some): return false
                case (nil, nil): return p < q
                }
            case (.some, .some): continue
            case (nil, .some): return true
            case (_, nil): return false
            }
        }
    }

    /// The non-empty parts of an id between dots, as `split(separator: ".")` gives them.
    struct Parts {
        let text: String
        var at: String.Index
        init(_ text: String) { self.text = text; at = text.startIndex }
        mutating func next() -> Substring? {
            let utf8 = text.utf8
            while at < utf8.endIndex, utf8[at] == UInt8(ascii: ".") { at = utf8.index(after: at) }
            guard at < utf8.endIndex else { return nil }
            var end = at
            while end < utf8.endIndex, utf8[end] != UInt8(ascii: ".") { end = utf8.index(after: end) }
            defer { at = end }
            return text[at ..< end]
        }
    }
}

/// Names one checklist item: a requirement, or a requirement as applied to one AI system (`A.6.2.6@claimsort`).
public struct ItemKey: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var requirement: String
    public var system: String?
    public init(requirement: String, system: String? = nil) { self.requirement = requirement; self.system = system }

    /// Splits `REQ@system`; nil when either part is empty or there is more than one `@`.
    public init?(_ text: String) {
        let parts = text.split(ascii: UInt8(ascii: "@"), omittingEmptySubsequences: false)
        guard let first = parts.first, !first.isEmpty, parts.count <= 2 else { return nil }
        if parts.count == 2 {
            guard !parts[1].isEmpty else { return nil }
            self.init(requirement: String(first), system: String(parts[1]))
        } else {
            self.init(requirement: String(first))
        }
    }

    public var description: String { system.map { "\(requirement)@\($0)" } ?? requirement }

    public static func < (a: ItemKey, b: ItemKey) -> Bool {
        if a.requirement != b.requirement { return RequirementID.precedes(a.requirement, b.requirement) }
        switch (a.system, b.system) {
        case (nil, nil): return false
        case (nil, _): return true
        case (_, nil): return false
        case let (x?, y?): return x < y
        }
    }
}

extension String {
    /// The text split on an ASCII separator, as `split(separator:)` splits it by characters, but on
    /// the bytes when the text is ASCII (every key and id in practice): by characters it took
    /// thousands of instructions a text, and the screen's open splits 30,000 at 10,000 items.
    public func split(ascii separator: UInt8, omittingEmptySubsequences: Bool = true) -> [Substring] {
        // Over the bytes at once: whether the text is ASCII and how many parts, then the parts
        // (through the index views and a growing array it was 2,000 instructions a text).
        let parts = utf8.withContiguousStorageIfAvailable { bytes -> [Substring]? in
            var separators = 0
            for b in bytes {
                if b >= 0x80 { return nil }
                if b == separator { separators += 1 }
            }
            var parts: [Substring] = []
            parts.reserveCapacity(separators + 1)
            var from = 0
            for end in 0...bytes.count where end == bytes.count || bytes[end] == separator {
                if !omittingEmptySubsequences || from < end {
                    parts.append(self[utf8.index(startIndex, offsetBy: from) ..< utf8.index(startIndex, offsetBy: end)])
                }
                from = end + 1
            }
            return parts
        } ?? nil
        return parts ?? split(separator: Character(Unicode.Scalar(separator)), omittingEmptySubsequences: omittingEmptySubsequences)
    }
}
