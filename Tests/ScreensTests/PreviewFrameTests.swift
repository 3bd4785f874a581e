import Cases
import Demo
import Foundation
import Journal
import Office
import Rules
import Terminal
import XCTest
@testable import Screens

/// On a large office the app's first screen is drawn from `CaseStore.preview` (the user's own
/// cases and the cases their flags read, from the snapshot alone) while the whole store opens.
/// It must be the screen the whole store gives, or it would change under the user's eyes.
final class PreviewFrameTests: XCTestCase {
    private static let today = LocalDate(year: 2026, month: 11, day: 27)!
    private var root: String?

    override func tearDown() {
        if let root { try? FileManager.default.removeItem(atPath: root) }
        super.tearDown()
    }

    func testThePreviewsFirstFrameIsTheWholeStoresForEveryCounsellor() throws {
        let path = NSTemporaryDirectory() + "caseload-preview-\(UUID().uuidString)"
        root = path
        let directory = DataDirectory(path)
        let demo = DemoGenerator.generate(DemoOptions(cases: 800, seed: 11, today: Self.today))
        let noon = Timestamp.noon(of: Self.today, offsetMinutes: 480)
        try DemoWriter.write(demo, to: directory, now: noon)
        let clock = FixedClock(noon, stepMilliseconds: 1000)
        let desk = try CaseStore(directory: directory, forWriting: true, clock: clock)
        try desk.writeSnapshot()

        // After the snapshot: contacts on anyone's cases, a colleague's case moved to each
        // counsellor, and a new case, sealed under the same key, of a person already known.
        let records = desk.caseload.cases.values.sorted { $0.id < $1.id }
        var tail: [Event] = records.prefix(60).map { record in
            desk.makeEvent(caseID: record.id, actor: record.counsellor, effective: Self.today,
                           body: .contactLogged(ContactLogged(channel: .phone, reached: true, note: "快照之后的回访",
                                                              next: Self.today.adding(days: 10))))
        }
        for user in demo.counsellors {
            if let moved = records.last(where: { $0.counsellor != user && $0.status == .open }) {
                tail.append(desk.makeEvent(caseID: moved.id, actor: user, effective: Self.today,
                                           body: .caseReassigned(to: user, from: moved.counsellor)))
            }
        }
        let known = try XCTUnwrap(records.first { $0.kind == .difficulty })
        tail.append(desk.makeEvent(caseID: desk.newCaseID(kind: .unemployed), actor: demo.counsellors[0], effective: Self.today,
                                   body: .caseOpened(CaseOpened(counsellor: demo.counsellors[0], person: known.person, education: "大专",
                                                                details: .unemployed(UnemployedDetails(registered: Self.today)),
                                                                source: nil))))
        try desk.append(tail)
        desk.writer?.close()

        let rules = try OfficeRules(directory: directory)
        // Opened as the app opens it: for writing, the desk's own journal locked (a preview takes no lock).
        let whole = try CaseStore(directory: directory, forWriting: true, clock: clock)
        defer { whole.writer?.close() }
        for user in demo.counsellors {
            let preview = try XCTUnwrap(CaseStore.preview(directory: directory, counsellor: user, clock: clock), user)
            XCTAssertLessThan(preview.caseload.cases.count, whole.caseload.cases.count, "\(user): only part of the office is read")
            let wholeSession = OfficeSession(store: whole, rules: rules, user: user, today: Self.today)
            let previewSession = OfficeSession(store: preview, rules: rules, user: user, today: Self.today)
            XCTAssertEqual(previewSession.caseCounts(for: user).overdue, wholeSession.caseCounts(for: user).overdue, user)
            XCTAssertEqual(previewSession.caseCounts(for: user).escalated, wholeSession.caseCounts(for: user).escalated, user)
            for summary in wholeSession.summaries where summary.counsellor == user {
                XCTAssertEqual(previewSession.summary(of: summary.id).map { "\($0)" }, "\(summary)", "\(user): \(summary.id)")
                XCTAssertEqual(previewSession.flags(for: summary.id), wholeSession.flags(for: summary.id), "\(user): \(summary.id)")
            }
            for language in Language.allCases {
                let expected = App(device: FakeTerminal(width: 100, height: 30), state: AppState(session: wholeSession, language: language))
                    .renderFrame()
                let shown = App.previewFrame(device: FakeTerminal(width: 100, height: 30),
                                             state: AppState(session: previewSession, language: language))
                XCTAssertEqual(shown?.lines, expected.lines, "\(user), \(language): the first screen's text differs from the whole store's")
                XCTAssertTrue(shown == expected, "\(user), \(language): the first screen's styles differ from the whole store's")
            }
        }
    }
}
