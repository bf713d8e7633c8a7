/// A move in a list, and the keys that ask for it everywhere a list is shown.
public enum ListMove: CaseIterable, Sendable {
    case up, down, top, bottom, pageUp, pageDown

    public var keys: [Key] {
        switch self {
        case .up: [.up, .char("k")]
        case .down: [.down, .char("j")]
        case .top: [.char("g"), .home]
        case .bottom: [.char("G"), .end]
        case .pageUp: [.pageUp, .ctrl("b")]
        case .pageDown: [.pageDown, .ctrl("f"), .char(" ")]
        }
    }

    /// The move a key asks for, if any.
    public init?(_ key: Key) {
        guard let move = Self.allCases.first(where: { $0.keys.contains(key) }) else { return nil }
        self = move
    }
}

/// Where a list is: the selected row and the first row shown. Every list of the screen keeps
/// one; moving, clamping and scrolling are worked out here and nowhere else (as ratatui's
/// `ListState`). Rows are counted from 0.
public struct ListState: Hashable, Sendable {
    public private(set) var selected: Int
    public private(set) var offset: Int

    public init(selected: Int = 0) {
        self.selected = max(0, selected)
        offset = 0
    }

    /// Moves the selection, kept within `count` rows, scrolled so it shows in `rows` lines.
    public mutating func move(_ move: ListMove, count: Int, rows: Int) {
        let page = max(1, rows - 1)
        let current = window(count: count, rows: rows).selected ?? 0
        let target: Int
        switch move {
        case .up: target = current - 1
        case .down: target = current + 1
        case .top: target = 0
        case .bottom: target = count - 1
        case .pageUp: target = current - page
        case .pageDown: target = current + page
        }
        select(target, count: count, rows: rows)
    }

    /// Selects a row (clamped to the list), scrolling as little as needed to show it.
    public mutating func select(_ row: Int, count: Int, rows: Int) {
        selected = min(max(0, row), max(0, count - 1))
        offset = window(count: count, rows: rows).first
    }

    /// Scrolls a list shown without a selection (a page of text): the first row moves.
    public mutating func scroll(_ move: ListMove, count: Int, rows: Int) {
        let last = max(0, count - rows), page = max(1, rows - 1)
        let first = min(offset, last)
        switch move {
        case .up: offset = max(0, first - 1)
        case .down: offset = min(last, first + 1)
        case .top: offset = 0
        case .bottom: offset = last
        case .pageUp: offset = max(0, first - page)
        case .pageDown: offset = min(last, first + page)
        }
        selected = offset
    }

    /// What a list of `count` rows shows in `rows` lines now: the selected row (nil for an empty
    /// list), clamped to the list, and the first row shown, so that the selection is in sight and
    /// the last page is full. The list may have changed since the last move (a search, a resize).
    public func window(count: Int, rows: Int) -> (selected: Int?, first: Int) {
        guard count > 0 else { return (nil, 0) }
        let rows = max(1, rows)
        let sel = min(selected, count - 1)
        var first = min(offset, max(0, count - rows))
        if sel < first { first = sel }
        if sel >= first + rows { first = sel - rows + 1 }
        return (sel, max(0, first))
    }

    /// The first row a page of text (no selection) shows.
    public func firstRow(count: Int, rows: Int) -> Int { min(offset, max(0, count - max(1, rows))) }

    /// "12 of 59": where the selection is, for a list's corner.
    public func position(count: Int) -> String {
        guard let sel = window(count: count, rows: 1).selected else { return "0 of 0" }
        return "\(sel + 1) of \(count)"
    }
}
