import XCTest
import Cases

final class EventCodecTests: XCTestCase {
    func testSamplesCoverEveryKnownType() {
        let covered = Set(Samples.everyKnownBody.map(\.typeName))
        XCTAssertEqual(covered, Set(EventBody.knownTypes))
        XCTAssertEqual(EventBody.knownTypes.count, Set(EventBody.knownTypes).count, "no type listed twice")
        XCTAssertEqual(EventBody.knownTypes.count, 17)
    }

    func testEveryKnownBodyRoundTrips() throws {
        for body in Samples.everyKnownBody {
            let data = EventCodec.encode(body)
            let decoded = EventCodec.decode(type: body.typeName, data: data)
            XCTAssertEqual(decoded, body, body.typeName)
            if case .unknown = decoded { XCTFail("\(body.typeName) decoded as unknown") }
            // And through JSON text, as the journal stores it.
            let text = JSONWriter.string(.object(data))
            let reparsed = try XCTUnwrap(try JSONParser.parse(text).objectValue)
            XCTAssertEqual(EventCodec.decode(type: body.typeName, data: reparsed), body, text)
        }
    }

    func testMinimalBodiesRoundTripWithOptionalsAbsent() {
        let minimal: [EventBody] = [
            .caseOpened(CaseOpened(counsellor: "w", person: Person(name: "甲", residentID: ResidentID(unchecked: Samples.graduateID)),
                                   details: .graduate(GraduateDetails(school: "s", major: "m", degree: .doctor,
                                                                      graduated: day("2026-07-01"), leftWithoutJob: false)))),
            .caseOpened(CaseOpened(counsellor: "w", person: Person(name: "乙", residentID: ResidentID(unchecked: Samples.otherID)),
                                   details: .difficulty(DifficultyDetails(categories: [], identified: day("2026-01-01"))))),
            .caseOpened(CaseOpened(counsellor: "w", person: Person(name: "丙", residentID: ResidentID(unchecked: Samples.otherID)),
                                   details: .unemployed(UnemployedDetails(registered: day("2026-01-01"))))),
            .caseCorrected(CaseCorrected()),
            .contactLogged(ContactLogged(channel: .desk, note: "")),
            .serviceRecorded(ServiceRecorded(kind: .subsidy)),
            .followUpScheduled(date: day("2026-12-01"), note: nil),
            .outcomeRecorded(OutcomeRecorded(kind: .declined, date: day("2026-12-01"))),
            .caseReassigned(to: "lijun", from: nil),
            .caseClosed(reason: ""),
            .caseReopened(reason: nil),
            .noteAdded(text: ""),
            .personalDataRevealed(fields: [], purpose: ""),
            .eventUndone(eventID: "X", reason: nil),
            .journalRepaired(journal: "j", offset: 0, length: 0, quarantined: ""),
        ]
        for body in minimal {
            XCTAssertEqual(EventCodec.decode(type: body.typeName, data: EventCodec.encode(body)), body, body.typeName)
        }
        XCTAssertEqual(EventCodec.encode(.caseCorrected(CaseCorrected())), JSONObject(), "empty patches are omitted")
    }

    func testEncodedFieldNames() {
        let contact = EventCodec.encode(.contactLogged(ContactLogged(channel: .phone, reached: false, note: "n", next: day("2026-12-03"))))
        XCTAssertEqual(contact.keys, ["channel", "reached", "note", "next"])
        XCTAssertEqual(contact["next"], "2026-12-03")
        let opened = EventCodec.encode(Samples.graduateOpened(id: Samples.graduateID))
        XCTAssertEqual(opened.keys, ["kind", "counsellor", "person", "education", "details", "source"])
        XCTAssertEqual(opened["person"]?["id_number"], "11010519491231002X")
        XCTAssertEqual(opened["details"]?["difficulty"], .array(["zero_employment_household", "disabled_parent"]))
        XCTAssertEqual(opened["details"]?["intention"]?["sector"], "制造业")
        XCTAssertEqual(EventCodec.encode(.eventUndone(eventID: "E1", reason: nil)), JSONObject([("event", "E1")]))
    }

    func testUnknownTypeIsKeptAndReencodesToTheSameData() throws {
        let data = try XCTUnwrap(JSONParser.parse(
            #"{"z":1,"a":{"nested":[true,null,"未来"]},"m":-2.5,"id_number":"11010519491231002X"}"#).objectValue)
        let body = EventCodec.decode(type: "future_thing", data: data)
        XCTAssertEqual(body, .unknown(type: "future_thing", data: data))
        XCTAssertEqual(body.typeName, "future_thing")
        XCTAssertEqual(EventCodec.encode(body), data)
        XCTAssertEqual(EventCodec.encode(body).keys, ["z", "a", "m", "id_number"], "key order survives")
        XCTAssertEqual(JSONWriter.string(.object(EventCodec.encode(body))), JSONWriter.string(.object(data)))
    }

    /// A known type whose required data is missing or malformed is kept whole as `.unknown`.
    func testKnownTypeWithMissingRequiredDataDecodesToUnknown() throws {
        var openedWithoutPerson = EventCodec.encode(Samples.graduateOpened())
        openedWithoutPerson["person"] = nil
        var openedWithBadKind = EventCodec.encode(Samples.graduateOpened())
        openedWithBadKind["kind"] = "retiree"
        var graduateWithoutSchool = EventCodec.encode(Samples.graduateOpened())
        var details = try XCTUnwrap(graduateWithoutSchool["details"]?.objectValue)
        details["school"] = nil
        graduateWithoutSchool["details"] = .object(details)
        var personWithoutID = EventCodec.encode(Samples.graduateOpened())
        var person = try XCTUnwrap(personWithoutID["person"]?.objectValue)
        person["id_number"] = nil
        personWithoutID["person"] = .object(person)
        var difficultyWithBadDate = EventCodec.encode(Samples.difficultyOpened())
        var difficulty = try XCTUnwrap(difficultyWithBadDate["details"]?.objectValue)
        difficulty["identified"] = "2026-02-30"
        difficultyWithBadDate["details"] = .object(difficulty)

        let cases: [(String, JSONObject)] = [
            ("case_opened", openedWithoutPerson),
            ("case_opened", openedWithBadKind),
            ("case_opened", graduateWithoutSchool),
            ("case_opened", personWithoutID),
            ("case_opened", difficultyWithBadDate),
            ("case_opened", JSONObject()),
            ("contact_logged", JSONObject([("note", "no channel")])),
            ("contact_logged", JSONObject([("channel", "carrier_pigeon")])),
            ("service_recorded", JSONObject([("kind", 3)])),
            ("follow_up_scheduled", JSONObject([("date", "tomorrow")])),
            ("outcome_recorded", JSONObject([("kind", "employed")])),
            ("outcome_recorded", JSONObject([("date", "2026-12-01")])),
            ("case_reassigned", JSONObject([("from", "a")])),
            ("case_closed", JSONObject()),
            ("case_closed", JSONObject([("reason", 1)])),
            ("note_added", JSONObject([("body", "x")])),
            ("personal_data_revealed", JSONObject([("fields", "phone")])),
            ("flag_snoozed", JSONObject([("rule", "r"), ("until", "2026-12-01")])),
            ("event_undone", JSONObject([("reason", "r")])),
            ("journal_repaired", JSONObject([("journal", "j"), ("offset", "0"), ("length", 1), ("quarantined", "q")])),
        ]
        for (type, data) in cases {
            let body = EventCodec.decode(type: type, data: data)
            XCTAssertEqual(body, .unknown(type: type, data: data), "\(type) \(JSONWriter.string(.object(data)))")
            XCTAssertEqual(body.typeName, type)
            XCTAssertEqual(EventCodec.encode(body), data, "kept byte for byte")
        }
    }

    func testEventMergedOrderIsTimestampThenWriterThenSeq() {
        let a = makeEvent("a", case: "G-1", .noteAdded(text: ""), writer: "desk-01", seq: 5, minutes: 0)
        let b = makeEvent("b", case: "G-1", .noteAdded(text: ""), writer: "desk-02", seq: 1, minutes: 0)
        let c = makeEvent("c", case: "G-1", .noteAdded(text: ""), writer: "desk-01", seq: 6, minutes: 0)
        let d = makeEvent("d", case: "G-1", .noteAdded(text: ""), writer: "a-laptop", seq: 9, minutes: 1)
        XCTAssertEqual([d, c, b, a].sorted(by: Event.mergedOrder).map(\.id), ["a", "c", "b", "d"])
        XCTAssertFalse(Event.mergedOrder(a, a))
        XCTAssertEqual(a.type, "note_added")
    }

    func testIdentifiersAreCrockfordAndSeedable() {
        var one = SeededGenerator(seed: 9)
        var two = SeededGenerator(seed: 9)
        let id = Identifiers.caseID(kind: .difficulty, using: &one)
        XCTAssertEqual(id, Identifiers.caseID(kind: .difficulty, using: &two))
        XCTAssertTrue(id.hasPrefix("D-"))
        XCTAssertEqual(id.count, 9)
        let event = Identifiers.eventID(using: &one)
        XCTAssertEqual(event.count, 12)
        let alphabet = Set("0123456789ABCDEFGHJKMNPQRSTVWXYZ")
        XCTAssertTrue((id.dropFirst(2) + event).allSatisfy { alphabet.contains($0) })
    }
}
