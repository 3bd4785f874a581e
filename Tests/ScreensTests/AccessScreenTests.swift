import Cases
import Office
import Terminal
import XCTest
@testable import Screens

/// Roles on screen: the status line names the access, a case outside the user's team is a
/// stub (name and the ID's last four), reveals and changes there are refused, auditors read all.
final class AccessScreenTests: XCTestCase {
    /// east: wangfang (counsellor), zhaoli (supervisor); west: liuyang (counsellor), qianwei (supervisor); sunqiang audits.
    static let staff = try! StaffFile.parse(text: """
        auditors = ["sunqiang"]
        [teams.east]
        supervisors = ["zhaoli"]
        counsellors = ["wangfang"]
        [teams.west]
        supervisors = ["qianwei"]
        counsellors = ["liuyang"]
        """, file: "staff.toml")

    /// Opens 王芳's case (liuyang's, team west) from everyone's caseload.
    private func openWangFang(_ fixture: ScreenFixture) -> MemorySurface {
        _ = fixture.press(.function(5))  // everyone's cases
        _ = fixture.press(.function(6))  // sort by name
        let frame = fixture.frame
        guard let row = (3..<12).first(where: { frame.text(row: $0).contains("王芳") }) else {
            XCTFail("王芳 not listed: \(frame.dump())")
            return frame
        }
        for _ in 3..<row { _ = fixture.press(.down) }
        return fixture.press(.enter)
    }

    func testNoStaffFileMeansFullAccessAndTheStatusLineSaysSo() throws {
        let fixture = try ScreenFixture()
        XCTAssertTrue(fixture.frame.text(row: 0).contains("full access · no staff file"), fixture.frame.dump())
        let frame = openWangFang(fixture)
        XCTAssertTrue(frame.contains("371625********0044"), "full details of a colleague's case: \(frame.dump())")
        let chinese = try ScreenFixture(language: .zh)
        XCTAssertTrue(chinese.frame.text(row: 0).contains("完全访问"), chinese.frame.dump())
    }

    func testCounsellorSeesAStubOutsideTheTeamAndCannotRevealOrChangeIt() throws {
        let fixture = try ScreenFixture(staff: Self.staff)
        XCTAssertTrue(fixture.frame.text(row: 0).contains("counsellor · team east"), fixture.frame.dump())
        let frame = openWangFang(fixture)  // fails unless the stub's name is listed on everyone's caseload
        XCTAssertTrue(frame.contains("…0044"), "the stub shows the ID's last four: \(frame.dump())")
        XCTAssertTrue(frame.contains("stub only"), frame.dump())
        XCTAssertFalse(frame.contains("371625"), "no more of the ID than the last four")
        XCTAssertFalse(frame.contains("微信推送岗位"), "no timeline in a stub")
        let before = fixture.session.caseload.eventCount
        let after = fixture.press(.char("i"))
        XCTAssertEqual(fixture.session.caseload.eventCount, before, "nothing revealed, nothing recorded")
        XCTAssertFalse(after.contains("371625199010100044"))
        XCTAssertFalse(fixture.app.state.record(.noteAdded(text: "x"), caseID: "U-WF000004"), "a change outside the team is refused")
        XCTAssertTrue(fixture.app.state.record(.noteAdded(text: "mine"), caseID: "G-OYNN001"), "own case: allowed")
        let person = Person(name: "新人", residentID: ResidentID(unchecked: "371602200101010016"))
        let details = CaseDetails.unemployed(UnemployedDetails(registered: ScreenFixture.today))
        XCTAssertFalse(fixture.app.state.record(.caseOpened(CaseOpened(counsellor: "liuyang", person: person, details: details)),
                                                caseID: "U-NEW0001"), "a new case for another team's counsellor is refused")
        XCTAssertTrue(fixture.app.state.record(.caseOpened(CaseOpened(counsellor: "wangfang", person: person, details: details)),
                                               caseID: "U-NEW0002"), "and for oneself allowed")
    }

    func testTeamMatesAndTheirSupervisorSeeTheCaseInFull() throws {
        for user in ["liuyang", "qianwei"] {
            let fixture = try ScreenFixture(user: user, staff: Self.staff)
            let frame = openWangFang(fixture)
            XCTAssertTrue(frame.contains("371625********0044"), "\(user): \(frame.dump())")
            XCTAssertTrue(frame.contains("微信推送岗位"), "\(user) sees the timeline")
        }
        let supervisor = try ScreenFixture(user: "zhaoli", staff: Self.staff)
        XCTAssertTrue(supervisor.frame.text(row: 0).contains("supervisor · team east"), supervisor.frame.dump())
        let frame = openWangFang(supervisor)
        XCTAssertTrue(frame.contains("stub only"), "another team's case is a stub for a supervisor too: \(frame.dump())")
    }

    func testAuditorSeesEverythingRevealsWithAuditAndChangesNothing() throws {
        let fixture = try ScreenFixture(user: "sunqiang", staff: Self.staff)
        XCTAssertTrue(fixture.frame.text(row: 0).contains("auditor · read-only"), fixture.frame.dump())
        let frame = openWangFang(fixture)
        XCTAssertTrue(frame.contains("371625********0044"), frame.dump())
        let before = fixture.session.caseload.eventCount
        XCTAssertTrue(fixture.press(.char("i")).contains("371625199010100044"), "an auditor may reveal")
        XCTAssertEqual(fixture.session.caseload.eventCount, before + 1, "and the reveal is journaled")
        XCTAssertFalse(fixture.app.state.record(.noteAdded(text: "x"), caseID: "U-WF000004"))
        XCTAssertTrue(fixture.frame.contains("read-only"), fixture.frame.dump())
    }

    func testSomeoneNotInTheStaffFileSeesOnlyStubs() throws {
        let fixture = try ScreenFixture(user: "visitor", staff: Self.staff)
        XCTAssertTrue(fixture.frame.text(row: 0).contains("not in staff file"), fixture.frame.dump())
        XCTAssertTrue(openWangFang(fixture).contains("stub only"))
    }
}
