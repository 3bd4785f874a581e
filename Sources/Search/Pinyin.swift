import Foundation

/// Pinyin readings of Chinese names, for search by `zhangwei` or `zw`.
///
/// ICU's Mandarin-to-Latin transform (through Foundation) gives the common reading of each
/// character; a surname's reading can differ, so the first character(s) of a name are
/// looked up in `surnameReadings` first.
public enum Pinyin {
    /// Surnames whose reading differs from the character's usual one, and compound surnames.
    public static let surnameReadings: [String: [String]] = [
        "曾": ["zeng"], "单": ["shan"], "仇": ["qiu"], "区": ["ou"], "解": ["xie"], "查": ["zha"],
        "朴": ["piao"], "盖": ["ge"], "乐": ["yue"], "缪": ["miao"], "召": ["shao"], "种": ["chong"],
        "覃": ["qin"], "翟": ["zhai"], "尉迟": ["yu", "chi"], "万俟": ["mo", "qi"], "长孙": ["zhang", "sun"],
        "欧阳": ["ou", "yang"], "令狐": ["ling", "hu"], "澹台": ["tan", "tai"], "阚": ["kan"], "员": ["yun"],
    ]

    /// Lower-case toneless syllables of a name, one per Han character; other characters are
    /// kept as lower-case words (so "Li Na" gives ["li", "na"]).
    public static func syllables(of name: String) -> [String] {
        var memo = Memo()
        return syllables(of: name, memo: &memo)
    }

    /// Readings already looked up. ICU's transform costs tens of microseconds a call, and a
    /// city's names share a few thousand characters, so indexing 100,000 names asks ICU a
    /// few thousand times instead of a few hundred thousand.
    public struct Memo: Sendable {
        var readings: [Character: String] = [:]
        /// Whole names: a city's 100,000 names repeat many times over.
        var names: [String: [String]] = [:]
        public init() {}
    }

    /// `syllables(of:)`, looking each character up in `memo` first.
    public static func syllables(of name: String, memo: inout Memo) -> [String] {
        if let known = memo.names[name] { return known }
        let result = syllablesUncached(of: name, memo: &memo)
        memo.names[name] = result
        return result
    }

    private static func syllablesUncached(of name: String, memo: inout Memo) -> [String] {
        var result: [String] = []
        var rest = Substring(name)
        for length in [2, 1] where rest.count >= length {
            if let reading = surnameReadings[String(rest.prefix(length))] {
                result += reading
                rest = rest.dropFirst(length)
                break
            }
        }
        var latinWord = ""
        for character in rest {
            if isHan(character) {
                if !latinWord.isEmpty { result.append(latinWord); latinWord = "" }
                if let known = memo.readings[character] {
                    result.append(known)
                } else {
                    let reading = reading(of: character)
                    memo.readings[character] = reading
                    result.append(reading)
                }
            } else if character.isLetter || character.isNumber {
                latinWord += character.lowercased()
            } else if !latinWord.isEmpty {
                result.append(latinWord)
                latinWord = ""
            }
        }
        if !latinWord.isEmpty { result.append(latinWord) }
        return result
    }

    static func isHan(_ character: Character) -> Bool {
        guard let scalar = character.unicodeScalars.first else { return false }
        return (0x4E00...0x9FFF).contains(scalar.value) || (0x3400...0x4DBF).contains(scalar.value)
            || (0x20000...0x2FA1F).contains(scalar.value)
    }

    static func reading(of character: Character) -> String {
        let latin = String(character).applyingTransform(.mandarinToLatin, reverse: false) ?? String(character)
        let plain = latin.applyingTransform(.stripDiacritics, reverse: false) ?? latin
        return plain.lowercased().filter { $0.isLetter }
    }
}
