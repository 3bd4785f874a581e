import Cases
import XCTest

final class IDCollisionTests: XCTestCase {
    private func opened(_ name: String, _ id: String, writer: String, seq: Int, minute: Int) -> Event {
        let day = LocalDate(year: 2026, month: 11, day: 20)!
        let person = Person(name: name, residentID: ResidentID(unchecked: id))
        let body = EventBody.caseOpened(CaseOpened(counsellor: "wangfang", person: person, details: .graduate(GraduateDetails(
            school: "滨州学院", major: "应用化学", degree: .bachelor, graduated: LocalDate(year: 2026, month: 6, day: 30)!))))
        let ts = Timestamp(millisecondsSinceEpoch: Timestamp.noon(of: day, offsetMinutes: 480).millisecondsSinceEpoch + Int64(minute) * 60_000,
                           offsetMinutes: 480)
        return Event(id: "E-\(writer)-\(seq)", writer: writer, seq: seq, recorded: ts, effective: day, actor: "wangfang",
                     caseID: "G-SAMEID1", body: body)
    }

    /// Two laptops drew the same case id for two people: the first opening keeps the case, the
    /// second is listed as a collision instead of being folded in silently.
    func testTheSameIDForTwoPeopleIsACollisionInEveryOrder() {
        let first = opened("张伟", "371602200306150025", writer: "laptop-a", seq: 1, minute: 0)
        let second = opened("李娜", "370102200208080029", writer: "laptop-b", seq: 1, minute: 5)
        for events in [[first, second], [second, first]] {
            let caseload = Caseload(events: events)
            let record = caseload["G-SAMEID1"]
            XCTAssertEqual(record?.name, "张伟")
            XCTAssertEqual(record?.idCollisions.map(\.id), [second.id])
            XCTAssertEqual(caseload.idCollisions.map(\.id), ["G-SAMEID1"])
        }
    }

    func testAReplayedOpeningOfTheSamePersonIsNotACollision() {
        let first = opened("张伟", "371602200306150025", writer: "laptop-a", seq: 1, minute: 0)
        let again = opened("张伟", "371602200306150025", writer: "laptop-b", seq: 1, minute: 5)
        XCTAssertEqual(Caseload(events: [first, again]).idCollisions.count, 0)
    }
}
