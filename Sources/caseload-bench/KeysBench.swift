import ArgumentParser
import Cases
import Foundation
import Journal

/// `--only-keys`: the person key store's share of an open, phase by phase, printed as they go
/// (wall and CPU time; the CPU time is steadier on a shared machine). For profiling.
extension Bench {
    func runKeysOnly() throws {
        guard !directory.writers().isEmpty else { throw ArgumentParser.ValidationError("--only-keys needs --data with journals") }
        func timed(_ label: String, _ body: () throws -> String) rethrows {
            let cpu = Monotonic.processCPUMilliseconds()
            let (note, ms) = try Monotonic.time(body)
            print("\(label) \(Format.milliseconds(ms)) (cpu \(Format.milliseconds(Monotonic.processCPUMilliseconds() - cpu)))\(note.isEmpty ? "" : ", " + note)")
        }
        var sealed: [Event] = []
        for writer in directory.writers() {
            let path = directory.journal(writer: writer)
            sealed += JournalScanner.scan([UInt8](try Data(contentsOf: URL(fileURLWithPath: path))), file: path, writer: writer).events.filter(\.mayBeSealed)
        }
        let caseload = SnapshotFile.load(from: directory).snapshot?.caseload
        for _ in 0..<options.openRuns {
            var store: PersonKeyStore?
            try timed("keys: read keys/") {
                store = try PersonKeyStore(directory: directory)
                return ""
            }
            guard let keys = store else { continue }
            if let caseload {
                timed("keys: check a snapshot's \(Format.count(caseload.cases.count)) cases") {
                    keys.staleProtection(in: caseload) ?? "usable"
                }
                timed("keys: learn a snapshot's \(Format.count(caseload.cases.count)) cases (on first seal, not at open)") {
                    keys.learn(from: caseload)
                    return "\(keys.opened.keyByCase.count) cases' keys"
                }
            }
            timed("keys: open \(Format.count(sealed.count)) sealed persons") {
                var batch = sealed
                return "\(keys.open(&batch).missing.count) missing"
            }
        }
    }
}
