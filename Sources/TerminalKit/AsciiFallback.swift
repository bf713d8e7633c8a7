/// What the screen draws for its own symbols on a terminal without UTF-8 (`LANG=C`): each has a
/// one-cell ASCII stand-in, so a footer reads "Enter open . / search" rather than "Enter open ? /
/// search". Text of other scripts (names, notes) has no stand-in and shows as "?".
public enum AsciiFallback {
    static let symbols: [String: String] = [
        "·": ".", "…": "~", "—": "-", "–": "-", "→": ">", "←": "<", "↑": "^", "↓": "v", "×": "x",
        "§": "S", "✓": "v", "✔": "v", "✖": "X", "›": ">", "‹": "<", "▸": ">", "•": "*", "“": "\"", "”": "\"",
        "‘": "'", "’": "'", "░": ".", "▒": ":", "█": "#", "▏": "|", "≤": "<", "≥": ">", "ℹ": "i", "⚠": "!", "≠": "#",
        "─": "-", "│": "|", "┌": "+", "┐": "+", "└": "+", "┘": "+", "▲": "^", "▼": "v", "✗": "x",
    ]

    /// The text of one cell as ASCII: itself when it is ASCII, its stand-in, else "?".
    public static func cell(_ text: String) -> String {
        if text.unicodeScalars.allSatisfy(\.isASCII) { return text }
        return symbols[text] ?? "?"
    }
}
