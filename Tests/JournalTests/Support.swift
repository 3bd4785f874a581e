import Foundation
import XCTest
import Cases
import Journal

/// A test case with a fresh temporary folder (mkdtemp under /tmp), removed in tearDown.
class JournalTestCase: XCTestCase {
    private(set) var root = ""

    override func setUpWithError() throws {
        try super.setUpWithError()
        var template = Array("/tmp/caseload-tests.XXXXXX".utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw XCTSkip("mkdtemp failed: errno \(errno)")
        }
        root = String(cString: made)
    }

    override func tearDownWithError() throws {
        // removeItem deletes symbolic links (e.g. the /dev/full one), never what they point to.
        if !root.isEmpty { try FileManager.default.removeItem(atPath: root) }
        try super.tearDownWithError()
    }

    /// A data directory under the temporary folder with `config.toml` written, as `caseload init` leaves it.
    func makeDataDirectory(_ name: String = "data", writer: String = "desk-01") throws -> DataDirectory {
        let directory = DataDirectory("\(root)/\(name)")
        try directory.prepare()
        try directory.writeText(directory.config, OfficeConfig(office: "滨州市公共就业服务中心", writer: writer).render())
        return directory
    }

    /// A store whose clock starts at `minutes` after 09:00 and ticks a second per event.
    func openStore(_ directory: DataDirectory, writer: String? = nil, forWriting: Bool = true, seed: UInt64 = 42,
                   minutes: Int = 0) throws -> CaseStore {
        try CaseStore(directory: directory, writerID: writer, forWriting: forWriting,
                      clock: FixedClock(binzhouTime(minutes: minutes), stepMilliseconds: 1_000), randomSeed: seed)
    }
}

// MARK: Files

func readBytes(_ path: String, file: StaticString = #filePath, line: UInt = #line) -> [UInt8] {
    guard let data = FileManager.default.contents(atPath: path) else {
        XCTFail("cannot read \(path)", file: file, line: line)
        return []
    }
    return [UInt8](data)
}

func writeBytes(_ path: String, _ bytes: [UInt8]) throws {
    try Data(bytes).write(to: URL(fileURLWithPath: path))
}

/// The journal's lines without their newlines (the last one may be a fragment).
func splitLines(_ bytes: [UInt8]) -> [[UInt8]] {
    bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init).filter { !$0.isEmpty }
}

/// Byte offset of the start of each complete line.
func lineOffsets(_ bytes: [UInt8]) -> [Int] {
    var offsets = [0]
    for (index, byte) in bytes.enumerated() where byte == 0x0A && index + 1 < bytes.count { offsets.append(index + 1) }
    return offsets
}

func fileMode(_ path: String) -> mode_t? {
    var info = stat()
    return lstat(path, &info) == 0 ? info.st_mode & 0o7777 : nil
}

/// Files in quarantine: fragment names (no `.json`), each with its parsed sidecar.
func quarantineContents(_ directory: DataDirectory) throws -> [(fragment: String, meta: JSONObject)] {
    try Quarantine.list(in: directory).sorted().map { name in
        let path = "\(directory.quarantine)/\(name)"
        let meta = try JSONParser.parse(readBytes(path + ".json")).objectValue ?? JSONObject()
        return (path, meta)
    }
}

// MARK: Events

/// 2026-11-29 09:00 in Binzhou (+08:00) plus `minutes`.
func binzhouTime(minutes: Int = 0, offsetMinutes: Int = 480) -> Timestamp {
    Timestamp(millisecondsSinceEpoch: 1_795_914_000_000 + Int64(minutes) * 60_000, offsetMinutes: offsetMinutes)
}

func day(_ iso: String) -> LocalDate { LocalDate(iso: iso)! }

func makeResidentID(region: String = "371602", birth: String = "19900101", sequence: String = "123") -> String {
    let body = region + birth + sequence
    return body + String(ResidentID.checkCharacter(for: body.map { $0.wholeNumberValue! }))
}

/// An unappended event (the writer assigns writer and seq).
func makeEvent(_ id: String, case caseID: String, _ body: EventBody, minutes: Int, actor: String = "wangfang",
               offsetMinutes: Int = 480) -> Event {
    let recorded = binzhouTime(minutes: minutes, offsetMinutes: offsetMinutes)
    return Event(id: id, recorded: recorded, effective: recorded.localDate, actor: actor, caseID: caseID, body: body)
}

enum Samples {
    static func opened(_ kind: CaseKind, id: String = makeResidentID(), counsellor: String = "wangfang") -> EventBody {
        let person = Person(name: "王芳", residentID: ResidentID(unchecked: id), phone: PhoneNumber(unchecked: "13800138000"),
                            hukouAddress: "山东省滨州市滨城区", community: "市中街道")
        let details: CaseDetails = switch kind {
        case .graduate:
            .graduate(GraduateDetails(school: "滨州学院", major: "软件工程", degree: .bachelor, graduated: day("2026-06-30"),
                                      intention: EmploymentIntention(sector: "IT"), difficulty: [.zero_employment_household]))
        case .difficulty:
            .difficulty(DifficultyDetails(categories: [.age_4050, .zero_employment_household], identified: day("2026-03-02"),
                                          certificate: "BZ-1", household: "HH-17"))
        case .unemployed:
            .unemployed(UnemployedDetails(registered: day("2026-09-01"), registrationNumber: "SY-88", benefitUntil: day("2027-03-01")))
        }
        return .caseOpened(CaseOpened(counsellor: counsellor, person: person, education: "本科", details: details,
                                      source: JSONObject([("file", "roster.csv"), ("row", 3)])))
    }

    /// At least one body of every known type.
    static var everyKnownBody: [EventBody] {
        [
            opened(.graduate), opened(.difficulty), opened(.unemployed),
            .caseCorrected(CaseCorrected(person: JSONObject([("phone", "13700000000")]), details: JSONObject([("school", "山东大学")]),
                                         reason: "typo")),
            .contactLogged(ContactLogged(channel: .phone, reached: false, note: "无人接听\n\"再打\"\t\\", next: day("2026-12-03"))),
            .serviceRecorded(ServiceRecorded(kind: .job_recommendation, employer: "魏桥创业集团", position: "质检员", note: "面试",
                                             ends: day("2027-06-01"))),
            .followUpScheduled(date: day("2026-12-10"), note: "回访"),
            .outcomeRecorded(OutcomeRecorded(kind: .employed, employer: "京博控股", date: day("2026-12-01"))),
            .caseReassigned(to: "lijun", from: "wangfang"),
            .caseClosed(reason: "稳定就业"),
            .caseReopened(reason: nil),
            .noteAdded(text: "控制字符 \u{01} 和 emoji 😀 和 \u{2028}"),
            .personalDataRevealed(fields: ["id_number", "phone"], purpose: "社保核验"),
            .flagSnoozed(rule: "regular_contact", until: day("2026-12-20"), reason: "住院"),
            .eventUndone(eventID: "E-0003", reason: "wrong case"),
            .casesMerged(into: "G-AAAAAAA", from: "G-BBBBBBB"),
            .journalRepaired(journal: "desk-02", offset: 4096, length: 311, quarantined: "desk-02.jsonl.4096.frag"),
            .personErased(keys: ["K-0123456789ABCDEF"], reason: "retention period over", scrubbed: ["deleted drafts/x.json"]),
            .reportRun(scope: "team:east", format: "json"),
        ]
    }
}

/// A line with a correct checksum for any text: `body` is the line up to (not including) `,"sum":"`.
func sealedLine(_ body: String) -> [UInt8] { sealedLine(Array(body.utf8)) }

/// `sealedLine` for any bytes (a mutated line need not be UTF-8).
func sealedLine(_ body: [UInt8]) -> [UInt8] {
    body + Array(#","sum":""#.utf8) + Array(CRC32C.hex(CRC32C.checksum(body)).utf8) + Array(#""}"#.utf8)
}

/// The line with a correct checksum over its (mutated) body: everything before its last
/// `,"sum":"` (or all of it), sealed again, so decoding gets past the CRC.
func rechecksummed(_ line: [UInt8]) -> [UInt8] {
    let marker = Array(#","sum":""#.utf8)
    var cut = line.count
    if let found = (0...max(0, line.count - marker.count)).reversed().first(where: { line[$0...].starts(with: marker) }) {
        cut = found
    }
    return sealedLine(Array(line[..<cut]))
}

/// Every observable part of a caseload as text in a canonical order.
func canonicalDump(_ caseload: Caseload) -> String {
    func opt(_ value: (some Any)?) -> String { value.map { "\($0)" } ?? "nil" }
    func describe(_ event: Event) -> String {
        "\(event.id) \(event.writer)#\(event.seq) \(event.recorded.iso) \(event.effective) \(event.actor) \(event.type) "
            + JSONWriter.string(.object(EventCodec.encode(event.body)))
    }
    var lines = ["events \(caseload.eventCount)", "orphans \(caseload.orphanCaseIDs.sorted())"]
    lines += caseload.officeEvents.map { "office \(describe($0))" }
    for record in caseload.allCases {
        let p = record.person
        lines.append("case \(record.id) \(record.kind) \(record.status) \(opt(record.closeReason)) \(record.counsellor) \(record.opened)")
        lines.append("  person \(p.name) \(p.residentID.value) \(opt(p.phone?.value)) \(opt(p.hukouAddress)) \(opt(p.community)) \(opt(record.education))")
        lines.append("  details \(record.details) source \(opt(record.source))")
        lines.append("  \(record.contacts) \(record.services) \(record.outcomes) \(record.followUps)")
        lines.append("  \(record.snoozes) \(record.notes) \(record.reopenings) \(record.undone.sorted()) \(record.conflicts)")
        lines += record.events.map { "  event \(describe($0))" }
    }
    lines += caseload.orphanCaseIDs.sorted().map { "orphan \($0) \(caseload.events(forCase: $0).map(describe))" }
    return lines.joined(separator: "\n")
}

// MARK: Processes

struct ProcessResult {
    var status: Int32
    var output: String
}

/// Runs a program found on PATH, or nil when it is not installed.
func runTool(_ name: String, _ arguments: [String]) throws -> ProcessResult? {
    let path = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        .map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    guard let path else { return nil }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: path)
    process.arguments = arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return ProcessResult(status: process.terminationStatus, output: String(decoding: data, as: UTF8.self))
}

extension JournalTestCase {
    /// Writes each writer's events, in order, through its own `JournalWriter`.
    func write(_ history: [Event], to directory: DataDirectory, writers: [String]) throws {
        for writer in writers {
            let events = history.filter { $0.writer == writer }
            let journal = try JournalWriter(directory: directory, writer: writer, now: binzhouTime())
            if !events.isEmpty { try journal.append(events) }
            journal.close()
        }
    }

    /// `history` written whole into one directory, and into another only up to `cut` lines of
    /// each journal, snapshotted there and then given the whole journals: its snapshot covers a
    /// prefix, and the rest of each journal is a tail.
    func snapshotOverPrefix(_ history: [Event], cut: [String: Int], writers: [String],
                            name: String) throws -> (full: DataDirectory, partial: DataDirectory) {
        let full = try makeDataDirectory("full-\(name)")
        try write(history, to: full, writers: writers)
        let partial = try makeDataDirectory("partial-\(name)")
        try write(history.filter { $0.seq <= cut[$0.writer, default: 0] }, to: partial, writers: writers)
        try CaseStore(directory: partial, forWriting: false, clock: FixedClock(binzhouTime()), snapshots: .ignore).writeSnapshot()
        try replaceJournals(of: partial, with: full, writers: writers)
        return (full, partial)
    }

    /// Gives `target` the journals of `source` (a longer history over the same prefix).
    func replaceJournals(of target: DataDirectory, with source: DataDirectory, writers: [String]) throws {
        for writer in writers where FileManager.default.fileExists(atPath: source.journal(writer: writer)) {
            try Data(readBytes(source.journal(writer: writer))).write(to: URL(fileURLWithPath: target.journal(writer: writer)))
        }
    }
}
