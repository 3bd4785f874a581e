import Cases

/// What live search matches a case on, prepared once per case so a keystroke is a scan of
/// plain byte arrays rather than string work.
public struct SearchEntry: Sendable {
    public let caseID: String
    /// Name lower-cased (for Latin names and for CJK substring search).
    let name: [UInt8]
    /// Full toneless pinyin without spaces: "zhangwei".
    let pinyin: [UInt8]
    /// Syllable start offsets in `pinyin`, so "wei" matches at a syllable but "angw" does not.
    let syllableStarts: [Int]
    /// Initials: "zw".
    let initials: [UInt8]
    let residentID: [UInt8]
    let phone: [UInt8]
    /// School, employers and previous employer, lower-cased, joined by newlines.
    let places: [UInt8]

    public init(_ record: CaseRecord) {
        caseID = record.id
        name = Array(record.name.lowercased().utf8)
        let syllables = Pinyin.syllables(of: record.name)
        var starts: [Int] = []
        var offset = 0
        for syllable in syllables {
            starts.append(offset)
            offset += syllable.utf8.count
        }
        pinyin = Array(syllables.joined().utf8)
        syllableStarts = starts
        initials = syllables.compactMap { $0.utf8.first }
        residentID = Array(record.residentID.value.utf8)
        phone = Array((record.person.phone?.value ?? "").utf8)
        var placeNames: [String] = []
        switch record.details {
        case .graduate(let g): placeNames.append(g.school)
        case .unemployed(let u): placeNames.append(u.previousEmployer ?? "")
        case .difficulty: break
        }
        placeNames += record.services.compactMap(\.employer)
        placeNames += record.outcomes.compactMap(\.employer)
        places = Array(placeNames.joined(separator: "\n").lowercased().utf8)
    }

    /// Whether this entry matches a normalised query.
    func matches(_ query: SearchQuery) -> Bool {
        switch query.kind {
        case .digits:
            // Resident ID: the whole number or its last digits; phone: any run of 4+ digits.
            if residentID.ends(with: query.bytes) { return true }
            if query.bytes.count >= 4, phone.contains(subsequence: query.bytes) { return true }
            return query.bytes.count >= 6 && residentID.contains(subsequence: query.bytes)
        case .latin:
            if initials.starts(with: query.bytes) { return true }
            for start in syllableStarts where pinyin.count - start >= query.bytes.count {
                if pinyin[start...].starts(with: query.bytes) { return true }
            }
            return name.contains(subsequence: query.bytes) || places.contains(subsequence: query.bytes)
        case .text:
            return name.contains(subsequence: query.bytes) || places.contains(subsequence: query.bytes)
        }
    }
}

/// A typed query, normalised: lower-cased, spaces removed.
public struct SearchQuery: Sendable {
    enum Kind { case digits, latin, text }
    let kind: Kind
    let bytes: [UInt8]

    public init(_ text: String) {
        let trimmed = text.lowercased().filter { !$0.isWhitespace }
        if !trimmed.isEmpty, trimmed.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "x") }), trimmed.contains(where: \.isNumber) {
            // Resident IDs store their check character upper-case.
            bytes = Array(trimmed.uppercased().utf8)
            kind = .digits
            return
        }
        bytes = Array(trimmed.utf8)
        if trimmed.allSatisfy({ $0.isASCII && $0.isLetter }) {
            kind = .latin
        } else {
            kind = .text
        }
    }

    public var isEmpty: Bool { bytes.isEmpty }
}

/// Live search over every case: name, pinyin (full or initials), resident ID (full or last
/// digits), phone, school and employers.
public struct SearchIndex: Sendable {
    private var entries: [String: SearchEntry] = [:]

    public init() {}

    public init(_ caseload: Caseload) {
        for record in caseload.cases.values { entries[record.id] = SearchEntry(record) }
    }

    /// Re-indexes changed cases (after a refresh or an append).
    public mutating func update(_ records: some Sequence<CaseRecord>) {
        for record in records { entries[record.id] = SearchEntry(record) }
    }

    public var count: Int { entries.count }

    /// Ids of the cases among `candidates` (in their order) that match `text`.
    public func filter(_ candidates: [String], matching text: String) -> [String] {
        let query = SearchQuery(text)
        guard !query.isEmpty else { return candidates }
        return candidates.filter { entries[$0]?.matches(query) ?? false }
    }

    public func matches(_ caseID: String, _ query: SearchQuery) -> Bool {
        entries[caseID]?.matches(query) ?? false
    }
}

extension Array where Element == UInt8 {
    func ends(with suffix: [UInt8]) -> Bool {
        count >= suffix.count && self[(count - suffix.count)...].elementsEqual(suffix)
    }

    func contains(subsequence needle: [UInt8]) -> Bool {
        guard !needle.isEmpty else { return true }
        guard needle.count <= count else { return false }
        let first = needle[0]
        var index = 0
        let last = count - needle.count
        while index <= last {
            if self[index] == first && self[index..<(index + needle.count)].elementsEqual(needle) { return true }
            index += 1
        }
        return false
    }
}
