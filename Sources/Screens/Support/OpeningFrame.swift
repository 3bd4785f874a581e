import Terminal
import TextCells

/// What the terminal shows while a large office opens, instead of a frozen shell prompt: the
/// office's name and a word that the caseload is being read. It has no status line, so nothing
/// mistakes it for the first screen.
public enum OpeningFrame {
    /// Below this many bytes of journals and snapshot an open takes a few tens of milliseconds,
    /// and a frame shown that briefly would only flicker.
    public static let worthShowingBytes = 32 << 20

    public static func render(size: TerminalSize, language: Language, office: String, bytes: Int) -> MemorySurface {
        var surface = MemorySurface(width: max(1, size.width), height: max(1, size.height))
        let strings = Strings(language)
        let lines: [(String, Style)] = [
            (office, Style(.title, .bold)),
            (strings[.opening], .normal),
            (strings.format(.openingSize, bytes >> 20), Style(.muted)),
        ]
        for (index, line) in lines.enumerated() {
            let row = size.height / 2 - 1 + index
            guard row >= 0, row < size.height else { continue }
            let fitted = truncated(line.0, to: size.width)
            let col = max(0, (size.width - fitted.displayWidth) / 2)
            surface.put(fitted, at: row, col: col, style: line.1, maxWidth: size.width - col)
        }
        return surface
    }
}
