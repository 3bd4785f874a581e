/// Selection and scrolling for a list longer than the screen, as in tig and mutt.
struct ListCursor {
    var count = 0 { didSet { select(selected) } }
    private(set) var selected = 0
    private(set) var top = 0
    var pageSize = 1

    mutating func select(_ index: Int) {
        selected = count == 0 ? 0 : min(max(0, index), count - 1)
        keepVisible()
    }

    mutating func move(_ command: Command) {
        switch command {
        case .down: select(selected + 1)
        case .up: select(selected - 1)
        case .pageDown: select(selected + pageSize)
        case .pageUp: select(selected - pageSize)
        case .top: select(0)
        case .bottom: select(count - 1)
        default: break
        }
    }

    /// Scrolls so that row `first` is at the top, as far as the selection (which stays shown)
    /// and the end of the list allow.
    mutating func scroll(toTop first: Int) {
        top = first
        keepVisible()
    }

    mutating func keepVisible() {
        if selected < top { top = selected }
        if selected >= top + pageSize { top = selected - pageSize + 1 }
        top = max(0, min(top, max(0, count - pageSize)))
    }

    var visibleRange: Range<Int> { top..<min(count, top + pageSize) }
}
