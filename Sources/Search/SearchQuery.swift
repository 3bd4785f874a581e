/// A typed query, normalised: lower-cased, spaces removed.
public struct SearchQuery: Sendable, Equatable {
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

    /// Whether every case this query matches is also matched by `shorter`, so a search can
    /// narrow the previous keystroke's results instead of scanning every case again.
    /// True when this query extends `shorter` and both are of the same kind (a digits
    /// query shorter than 4 or 6 digits matches fewer fields, so digits never narrow).
    public func narrows(_ shorter: SearchQuery) -> Bool {
        kind == shorter.kind && kind != .digits && bytes.count >= shorter.bytes.count && bytes.starts(with: shorter.bytes)
    }
}
