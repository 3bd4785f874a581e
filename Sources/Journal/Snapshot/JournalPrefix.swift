/// Checks that a journal still holds what a snapshot recorded for it.
enum JournalPrefix {
    /// Whether the journal at `path` has a complete line ending exactly at `position.offset`
    /// whose SHA-256 is `position.hash` (the chain hash there). Because every line carries the
    /// hash of the one before, a journal that was cut, replaced or rewritten up to that point
    /// no longer matches. Reads only the last line before the offset.
    static func matches(_ path: String, _ position: JournalPosition) -> Bool {
        if position.offset == 0 { return position.seq == 0 && position.lines == 0 && position.hash == JournalLine.genesisHash }
        guard position.seq > 0, position.lines > 0, let size = FileIO.fileSize(path), size >= position.offset else { return false }
        var window = min(position.offset, 4096)
        while true {
            guard let bytes = try? FileIO.read(path, from: position.offset - window, count: window), bytes.count == window,
                  bytes.last == 0x0A else { return false }
            let lineEnd = bytes.count - 1
            if let newline = bytes[0..<lineEnd].lastIndex(of: 0x0A) {
                return hash(bytes[(newline + 1)..<lineEnd]) == position.hash
            }
            if window == position.offset { return hash(bytes[0..<lineEnd]) == position.hash }
            window = min(position.offset, window * 8)
        }
    }

    /// The first journal (by name) in `positions`, other than `except`, that no longer matches
    /// what a snapshot recorded for it: the warm open's check and the preview's.
    static func firstMismatch(in positions: [String: JournalPosition], of directory: DataDirectory,
                              except: String? = nil) -> (name: String, position: JournalPosition)? {
        positions.sorted { $0.key < $1.key }.first { $0.key != except && !matches(directory.journal(writer: $0.key), $0.value) }
            .map { ($0.key, $0.value) }
    }

    private static func hash(_ line: ArraySlice<UInt8>) -> String {
        line.withUnsafeBufferPointer { ChainDigest(hashing: $0).hex }
    }
}
