import Cases

/// Bytes moved out of a journal are never deleted: they go to `quarantine/` with a
/// sidecar that says where they came from, so an administrator can inspect or restore them.
public enum Quarantine {
    /// Saves `bytes` taken from `file` at `offset`, durably, before the caller truncates.
    /// Returns the fragment's path.
    @discardableResult
    public static func store(_ bytes: [UInt8], from file: String, offset: Int, reason: String, at now: Timestamp,
                             in directory: DataDirectory, suffix: String = "frag") throws(JournalError) -> String {
        try FileIO.makeDirectory(directory.quarantine)
        let base = file.split(separator: "/").last.map(String.init) ?? file
        let stamp = now.iso.filter { $0.isNumber }.prefix(17)
        let path = "\(directory.quarantine)/\(base).\(offset).\(stamp).\(suffix)"
        try FileIO.writeAtomically(path, bytes)
        var meta = JSONObject()
        meta["file"] = .string(file)
        meta["offset"] = .int(Int64(offset))
        meta["length"] = .int(Int64(bytes.count))
        meta["sha256"] = .string(JournalLine.hash(bytes))
        meta["reason"] = .string(reason)
        meta["at"] = .string(now.iso)
        do {
            try FileIO.writeAtomically(path + ".json", Array((JSONWriter.string(.object(meta), pretty: true) + "\n").utf8))
        } catch {
            // A fragment without its sidecar says nothing about where it came from; the bytes are
            // still in the journal (the caller truncates only after this returns), so drop it.
            FileIO.unlink(path)
            throw error
        }
        return path
    }

    /// Fragment files currently in quarantine.
    public static func list(in directory: DataDirectory) -> [String] {
        FileIO.listDirectory(directory.quarantine).filter { !$0.hasSuffix(".json") }
    }
}
