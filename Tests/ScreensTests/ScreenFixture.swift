import Cases
import Foundation
import Journal
import Office
import Rules
import Terminal
import XCTest
@testable import Screens

/// A small office on disk, opened as the app opens it, driven through a FakeTerminal.
final class ScreenFixture {
    static let today = LocalDate(year: 2026, month: 11, day: 27)!  // a Friday
    let root: String
    let session: OfficeSession
    let terminal: FakeTerminal
    let app: App

    /// `staff`: the office's staff file, as `Access.load` would read it (nil: no staff file).
    init(language: Language = .en, width: Int = 100, height: Int = 30, user: String = "wangfang", staff: StaffFile? = nil) throws {
        root = NSTemporaryDirectory() + "caseload-screens-\(UUID().uuidString)"
        let directory = DataDirectory(root)
        try directory.prepare()
        try directory.writeText(directory.config, OfficeConfig(office: "滨城区就业服务中心", writer: "desk-01").render())
        let writer = try JournalWriter(directory: directory, writer: "desk-02", now: Timestamp.noon(of: Self.today, offsetMinutes: 480))
        try writer.append(ScreenFixture.events())
        writer.close()
        let store = try CaseStore(directory: directory, forWriting: true,
                                  clock: FixedClock(Timestamp.noon(of: Self.today, offsetMinutes: 480), stepMilliseconds: 1000))
        session = OfficeSession(store: store, rules: OfficeRules(), user: user, today: Self.today)
        terminal = FakeTerminal(width: width, height: height)
        app = App(device: terminal, state: AppState(session: session, language: language,
                                                    access: staff.map { Access(user: user, staff: $0) }))
    }

    deinit { try? FileManager.default.removeItem(atPath: root) }

    /// Sends keys one by one, as the loop would, and returns the frame after the last.
    @discardableResult
    func press(_ keys: Key...) -> MemorySurface {
        for key in keys { _ = app.handle(key) }
        return app.renderFrame()
    }

    func type(_ text: String) -> MemorySurface {
        for key in Key.typing(text) { _ = app.handle(key) }
        return app.renderFrame()
    }

    var frame: MemorySurface { app.renderFrame() }

    // MARK: Cases

    static func events() -> [Event] {
        var events: [Event] = []
        var clock = 0
        func add(_ caseID: String, _ daysAgo: Int, _ body: EventBody, actor: String = "wangfang") {
            clock += 1
            let day = today.adding(days: -daysAgo)
            let ts = Timestamp(millisecondsSinceEpoch: Timestamp.noon(of: day, offsetMinutes: 480).millisecondsSinceEpoch + Int64(clock),
                               offsetMinutes: 480)
            events.append(Event(id: "EV\(events.count)", recorded: ts, effective: day, actor: actor, caseID: caseID, body: body))
        }
        func graduate(_ name: String, _ id: String, phone: String?, counsellor: String = "wangfang") -> EventBody {
            .caseOpened(CaseOpened(counsellor: counsellor,
                                   person: Person(name: name, residentID: ResidentID(unchecked: id), phone: phone.map(PhoneNumber.init(unchecked:))),
                                   details: .graduate(GraduateDetails(school: "滨州学院", major: "应用化学", degree: .bachelor,
                                                                      graduated: LocalDate(year: 2026, month: 6, day: 30)!))))
        }
        // 欧阳娜娜: contacted recently, fine.
        add("G-OYNN001", 40, graduate("欧阳娜娜", "371602200306150025", phone: "13812345678"))
        add("G-OYNN001", 3, .contactLogged(ContactLogged(channel: .phone, note: "电话回访，意向化工质检")))
        // Li Na: same school, contacted recently.
        add("G-LINA0002", 40, graduate("Li Na", "370102200208080029", phone: nil))
        add("G-LINA0002", 2, .contactLogged(ContactLogged(channel: .desk, note: "窗口咨询")))
        // 张伟: difficulty group, never contacted since opening 60 days ago: overdue.
        add("D-ZW000003", 60, .caseOpened(CaseOpened(
            counsellor: "wangfang", person: Person(name: "张伟", residentID: ResidentID(unchecked: "371621197205120032")),
            details: .difficulty(DifficultyDetails(categories: [.age_4050], identified: today.adding(days: -60))))))
        // 王芳 (unemployed) belongs to another counsellor.
        add("U-WF000004", 20, .caseOpened(CaseOpened(
            counsellor: "liuyang", person: Person(name: "王芳", residentID: ResidentID(unchecked: "371625199010100044")),
            details: .unemployed(UnemployedDetails(registered: today.adding(days: -20))))), actor: "liuyang")
        add("U-WF000004", 5, .contactLogged(ContactLogged(channel: .wechat, note: "微信推送岗位")), actor: "liuyang")
        return events
    }
}
