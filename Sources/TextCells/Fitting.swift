/// Horizontal placement of text within a wider field.
public enum Alignment: Sendable, Hashable {
    /// Text starts at the left edge; padding goes on the right.
    case left
    /// Text ends at the right edge; padding goes on the left.
    case right
}

/// Fits `s` into exactly `width` terminal columns.
///
/// Shorter text is padded with spaces on the side given by `align`; longer text
/// is cut with `truncated(_:to:ellipsis:)` and then padded, so a wide character
/// that would be split is replaced by a space. The result's display width is
/// always exactly `width` (or 0 when `width` is not positive).
public func padded(_ s: String, to width: Int, align: Alignment = .left) -> String {
    guard width > 0 else { return "" }
    let fitted = truncated(s, to: width)
    let padding = String(repeating: " ", count: width - fitted.displayWidth)
    switch align {
    case .left: return fitted + padding
    case .right: return padding + fitted
    }
}

/// Shortens `s` so that it occupies at most `width` terminal columns.
///
/// Text that already fits is returned unchanged. Otherwise as many leading
/// characters as fit are kept and `ellipsis` is appended; a wide character is
/// never split, so the result may be one column narrower than `width`. When
/// even the ellipsis does not fit, the text is cut without it.
public func truncated(_ s: String, to width: Int, ellipsis: String = "…") -> String {
    guard width > 0 else { return "" }
    if s.displayWidth <= width { return s }
    let ellipsisWidth = ellipsis.displayWidth
    if ellipsisWidth > width {
        return s.prefix(fittingWidth: width)
    }
    return s.prefix(fittingWidth: width - ellipsisWidth) + ellipsis
}

extension StringProtocol {
    /// The longest leading part of this text whose display width is at most
    /// `width` columns. Never splits a `Character`, so a wide character that
    /// would straddle the limit is left out.
    public func prefix(fittingWidth width: Int) -> String {
        var used = 0
        var end = startIndex
        for index in indices {
            let characterWidth = self[index].displayWidth
            if used + characterWidth > width { break }
            used += characterWidth
            end = self.index(after: index)
        }
        return String(self[..<end])
    }
}
