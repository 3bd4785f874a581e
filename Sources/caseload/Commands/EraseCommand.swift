import ArgumentParser
import Cases
import Journal
import Office

/// `caseload erase PERSON --reason R`: erasure by key destruction. See README "Privacy".
struct EraseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "erase",
        abstract: "Erase a person's personal data by destroying their key.",
        discussion: """
        Destroys the person's key (name, resident ID, phone, addresses of every case they have) in this data \
        directory's key store, deletes the snapshot caches and the person's drafts, blanks their ID and phone in quarantined \
        fragments, and records a person_erased event without personal data. The journal lines stay and still verify. \
        Lines written before encryption hold the data in the clear and cannot be erased this way: erase says so and exits 1.
        """)
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The person: a case id, unique id prefix, or resident ID number.") var person: String
    @Option(help: "Why: retention period over, the person's request… (recorded; no personal data here).") var reason: String

    func run() throws {
        let context = try CommandContext(global)
        let reason = try ActionInput.requireText(self.reason, field: "reason")
        let store = try context.openStore(forWriting: true)
        let record = try store.caseload.resolve(person)
        let access = try Access.load(context)
        if let why = access.eraseRefusal(store.caseload.cases(withResidentID: record.residentID.value) + [record]) {
            throw CommandFailure(message: why)
        }
        guard !record.person.isErased else {
            throw ValidationError(field: "person", "\(record.id) is already erased")
        }
        let residentID = record.residentID.value
        let cases = store.caseload.cases(withResidentID: residentID)
        // The keys come from the journal lines themselves, not from how the caseload was built.
        let onDisk = try KeyCheck.keys(ofCases: Set(cases.map(\.id)), in: context.directory)
        let keys = onDisk.keys.filter { store.keys.hasKey($0) }
        let plaintext = cases.filter { onDisk.plaintextCases.contains($0.id) }.map(\.id)
        guard !keys.isEmpty else {
            throw CommandFailure(message: "nothing to destroy: \(cases.map(\.id).joined(separator: ", ")) "
                + "were written before encryption, so their personal data is in the journal in the clear and key destruction cannot erase it")
        }
        let needles = Erasure.needles(residentIDs: [residentID] + Self.correctedValues(cases, field: "id_number"),
                                      phones: cases.compactMap(\.person.phone?.value) + Self.correctedValues(cases, field: "phone"))

        let keyFiles = try store.keys.destroy(keys, writer: store.writerID, on: context.today)
        let scrubbed = try Erasure.scrub(context.directory, needles: needles)
        let summary = scrubbed.deleted.map { "deleted \($0)" } + scrubbed.rewritten.map { "blanked \($0)" }
        let events = cases.map {
            store.makeEvent(caseID: $0.id, actor: context.actor, effective: context.today,
                            body: .personErased(keys: keys.sorted(), reason: reason, scrubbed: summary))
        }
        try store.append(events)
        print("erased \(record.id)\(cases.count > 1 ? " and \(cases.count - 1) more case(s) of the same person" : ""): "
            + "destroyed \(keys.count) key(s) in \(keyFiles.count) key file(s)")
        for line in summary { print("  \(line)") }

        let remaining = Erasure.find(context.directory, needles: needles)
        if !plaintext.isEmpty || !remaining.isEmpty {
            let cases = plaintext.isEmpty ? "" : " (cases \(plaintext.joined(separator: ", ")) were written before encryption)"
            throw CommandFailure(message: "WARNING: erasure incomplete: the person's ID or phone is still in the clear in "
                + (remaining.isEmpty ? "lines written before encryption" : remaining.joined(separator: ", ")) + cases
                + "; key destruction cannot remove journal lines — see README \"Erasure\"")
        }
    }

    /// Values a correction set for a person field, from the opened events of `cases`.
    static func correctedValues(_ cases: [CaseRecord], field: String) -> [String] {
        cases.flatMap(\.events).compactMap { event in
            if case .caseCorrected(let correction) = event.body { return correction.person[field]?.stringValue }
            return nil
        }
    }
}
