/// Text as it may be shown: control characters, bidirectional overrides and zero-width
/// characters in user data are written in a visible notation (`^[` for ESC, `^M`, `<U+202E>`),
/// so nothing typed or imported is ever sent raw to a terminal or hidden in a report.
/// Newlines are kept. Zero-width joiners inside emoji sequences are left alone.
public enum Visible {
    public static func text(_ s: String) -> String {
        // Printable ASCII and newlines need nothing.
        if s.utf8.allSatisfy({ ($0 >= 0x20 && $0 < 0x7F) || $0 == 0x0A }) { return s }
        if !s.unicodeScalars.contains(where: { notation($0) != nil }) { return s }
        var out = ""
        for c in s {
            let scalars = c.unicodeScalars
            if scalars.count == 1, let u = scalars.first {
                if let shown = notation(u) { out += shown; continue }
            } else if scalars.contains(where: { notation($0) != nil && !isEmojiJoiner($0, in: scalars) }) {
                for u in scalars { out += notation(u) ?? String(u) }
                continue
            }
            out.append(c)
        }
        return out
    }

    /// Whether every scalar of `s` is a character of its own, shown as it is: Latin letters and
    /// punctuation, arrows, mathematical operators, box drawing and block elements, kana, CJK ideographs, Hangul syllables, full-width forms. No scalar of these
    /// ranges joins the one before or after it (no combining mark, joiner, variation selector,
    /// jamo, regional indicator or emoji), and none has a visible notation (`Visible`). Text
    /// like this can be measured scalar by scalar instead of by grapheme clusters.
    public static func oneScalarCharacters(_ s: String) -> Bool {
        s.unicodeScalars.allSatisfy { u in
            switch u.value {
            case 0x20...0x7E, 0xA0...0x2FF, 0x2010...0x2027, 0x2030...0x205E, 0x2190...0x22FF, 0x2500...0x259F,
                 0x3000...0x3029, 0x3030...0x303F,
                 0x3041...0x3096, 0x30A0...0x30FF, 0x4E00...0x9FFF, 0xAC00...0xD7A3, 0xFF01...0xFF60:
                return true
            default:
                return false
            }
        }
    }

    /// The visible form of a scalar that must not be shown raw, or nil.
    static func notation(_ u: Unicode.Scalar) -> String? {
        switch u.value {
        case 0x0A: return nil
        case 0x00...0x1F: return "^" + String(UnicodeScalar(u.value + 64)!)
        case 0x7F: return "^?"
        case 0x80...0x9F: return "<U+\(hex(u.value))>"
        // Bidirectional embeddings, overrides, isolates and marks.
        case 0x202A...0x202E, 0x2066...0x2069, 0x200E, 0x200F, 0x061C: return "<U+\(hex(u.value))>"
        // Zero-width space, non-joiner, joiner, word joiner, byte-order mark.
        case 0x200B...0x200D, 0x2060, 0xFEFF: return "<U+\(hex(u.value))>"
        // Prepended concatenation marks, which join the character after them invisibly.
        case 0x0600...0x0605, 0x06DD, 0x070F, 0x0890...0x0891, 0x08E2, 0x110BD, 0x110CD: return "<U+\(hex(u.value))>"
        default: return nil
        }
    }

    /// A zero-width joiner between emoji (👩‍💻) belongs to the emoji.
    static func isEmojiJoiner(_ u: Unicode.Scalar, in scalars: Character.UnicodeScalarView) -> Bool {
        u.value == 0x200D && scalars.contains { $0.properties.isEmojiPresentation || ($0.properties.isEmoji && $0.value > 0xFF) }
    }

    static func hex(_ v: UInt32) -> String {
        let s = String(v, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - s.count)) + s
    }
}
