import Cases
import Journal

/// Puts a generated caseload into a data directory.
public enum DemoWriter {
    /// Events per append: one write and one fsync each, so a large demo is not thousands of fsyncs.
    static let batchSize = 4096

    /// Writes `config.toml` (the demo office, writer `desk-01` or the first journal) and each
    /// writer's journal via `JournalWriter`, appending in batches.
    ///
    /// Refuses with `.config` if the directory already holds journals: a demo never mixes with
    /// (or overwrites) real casework. `now` is only used for journal housekeeping; the events
    /// carry their own back-dated timestamps.
    /// `sealed: false` writes person fields in the clear, as before encryption: only for the
    /// benchmark's comparison and tests of old data.
    public static func write(_ demo: DemoCaseload, to directory: DataDirectory, now: Timestamp, sealed: Bool = true) throws(JournalError) {
        let existing = directory.writers()
        guard existing.isEmpty else {
            throw .config("\(directory.root) already holds journals (\(existing.joined(separator: ", "))); "
                + "the demo needs an empty data directory, e.g. --data /tmp/caseload-demo")
        }
        let writers = demo.writers.filter { !(demo.eventsByWriter[$0] ?? []).isEmpty }
        for writer in writers { try DataDirectory.validateWriterID(writer) }
        try directory.prepare()
        let deskWriter = writers.contains("desk-01") ? "desk-01" : writers.first ?? "desk-01"
        try directory.writeText(directory.config, OfficeConfig(office: demo.office, writer: deskWriter).render())

        // One key store for every writer: a person seen on two desks keeps one key.
        let keys = try PersonKeyStore(directory: directory)
        for writer in writers {
            let journal = try JournalWriter(directory: directory, writer: writer, now: now)
            if sealed { journal.keys = keys }
            defer { journal.close() }
            let events = demo.eventsByWriter[writer] ?? []
            var start = 0
            while start < events.count {
                let end = min(start + batchSize, events.count)
                try journal.append(Array(events[start..<end]))
                start = end
            }
        }
    }
}
