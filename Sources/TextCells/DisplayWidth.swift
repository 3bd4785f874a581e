/// Terminal column widths of Unicode text.
///
/// Terminals lay text out in fixed-width cells: most characters take one cell,
/// East Asian Wide and Fullwidth characters (CJK ideographs, kana, Hangul,
/// fullwidth forms) and emoji shown in emoji presentation take two, and
/// combining marks, zero-width and control characters take none.
///
/// Widths are measured per grapheme cluster (`Character`), because that is what
/// a terminal draws as one glyph: a Character is as wide as its first scalar with
/// a non-zero width, capped at 2. Emoji presentation sequences (a base followed
/// by U+FE0F, keycaps, flags, ZWJ sequences) are 2.
public enum DisplayWidth {
    /// The number of terminal columns a single scalar occupies: 0, 1 or 2.
    ///
    /// 0 for combining marks, zero-width and format characters and control
    /// characters; 2 for East Asian Wide and Fullwidth characters and emoji with
    /// default emoji presentation; 1 otherwise.
    public static func of(_ scalar: Unicode.Scalar) -> Int {
        let value = scalar.value
        // Fast path: printable ASCII is by far the most common input.
        if value >= 0x20 && value < 0x7F { return 1 }
        // And CJK ideographs (names, schools, summaries): wide, never marks, so no property lookup.
        if (0x4E00...0x9FFF).contains(value) || (0x3400...0x4DBF).contains(value) { return 2 }
        if isZeroWidth(scalar) { return 0 }
        if isWide(value) || scalar.properties.isEmojiPresentation { return 2 }
        return 1
    }

    /// The number of terminal columns one grapheme cluster occupies: 0, 1 or 2.
    public static func of(_ character: Character) -> Int {
        let scalars = character.unicodeScalars
        // An explicit emoji presentation selector turns a text-style base
        // (e.g. ❤ U+2764) into a two-column emoji glyph.
        if scalars.count > 1 && scalars.contains(emojiPresentationSelector) {
            return 2
        }
        for scalar in scalars {
            let width = of(scalar)
            if width > 0 { return min(width, 2) }
        }
        return 0
    }

    /// The number of terminal columns a string occupies, summed per `Character`.
    public static func of(_ string: some StringProtocol) -> Int {
        var total = 0
        for character in string {
            total += of(character)
        }
        return total
    }

    /// U+FE0F VARIATION SELECTOR-16, requests emoji presentation.
    private static let emojiPresentationSelector: Unicode.Scalar = "\u{FE0F}"

    private static func isZeroWidth(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        // Hangul medial vowels and final consonants combine with a leading
        // consonant into one syllable block.
        if (0x1160...0x11FF).contains(value) || (0xD7B0...0xD7FF).contains(value) {
            return true
        }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .control:
            return true
        case .format:
            // U+00AD SOFT HYPHEN is visible in terminals (wcwidth gives it 1).
            return value != 0x00AD
        default:
            return false
        }
    }

    /// East Asian Wide (W) and Fullwidth (F) ranges from Unicode's
    /// EastAsianWidth.txt, merged and limited to blocks that terminals render
    /// as two columns. Emoji with default emoji presentation are recognised via
    /// `isEmojiPresentation` instead of being listed here.
    private static let wideRanges: [ClosedRange<UInt32>] = [
        0x1100...0x115F,   // Hangul Jamo leading consonants
        0x2E80...0x303E,   // CJK radicals, Kangxi radicals, CJK symbols and punctuation
        0x3041...0x33FF,   // Hiragana, Katakana, Bopomofo, Hangul compatibility Jamo, CJK compatibility
        0x3400...0x4DBF,   // CJK Unified Ideographs Extension A
        0x4E00...0x9FFF,   // CJK Unified Ideographs
        0xA000...0xA4CF,   // Yi syllables and radicals
        0xA960...0xA97F,   // Hangul Jamo Extended-A
        0xAC00...0xD7A3,   // Hangul syllables
        0xF900...0xFAFF,   // CJK Compatibility Ideographs
        0xFE10...0xFE19,   // Vertical forms
        0xFE30...0xFE6F,   // CJK compatibility forms, small form variants
        0xFF00...0xFF60,   // Fullwidth ASCII variants
        0xFFE0...0xFFE6,   // Fullwidth signs
        0x16FE0...0x16FE4, // Ideographic symbols and punctuation
        0x17000...0x18CFF, // Tangut, Khitan
        0x1B000...0x1B2FF, // Kana supplement and extensions, Nushu
        0x1F200...0x1F2FF, // Enclosed ideographic supplement
        0x20000...0x2FFFD, // CJK Unified Ideographs Extensions B–F, compatibility supplement
        0x30000...0x3FFFD, // CJK Unified Ideographs Extensions G–H
    ]

    private static func isWide(_ value: UInt32) -> Bool {
        // Everything below U+1100 is narrow; skip the search.
        guard value >= 0x1100 else { return false }
        var low = 0
        var high = wideRanges.count - 1
        while low <= high {
            let middle = (low + high) / 2
            let range = wideRanges[middle]
            if value < range.lowerBound {
                high = middle - 1
            } else if value > range.upperBound {
                low = middle + 1
            } else {
                return true
            }
        }
        return false
    }
}

extension Character {
    /// The number of terminal columns this character occupies: 0, 1 or 2.
    public var displayWidth: Int { DisplayWidth.of(self) }
}

extension StringProtocol {
    /// The number of terminal columns this text occupies.
    public var displayWidth: Int { DisplayWidth.of(self) }
}
