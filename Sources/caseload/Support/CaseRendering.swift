import Cases
import Office

/// JSON and CSV shapes of cases, as documented in the README ("Command line output").
enum CaseRendering {
    /// The fields every shape of a case starts with, stubs included: which case, whose, where.
    private static func whereabouts(_ record: CaseRecord) -> JSONObject {
        var o = JSONObject()
        o["id"] = .string(record.id)
        o["kind"] = .string(record.kind.rawValue)
        o["name"] = .string(record.name)
        o["status"] = .string(record.status.rawValue)
        o["counsellor"] = .string(record.counsellor)
        o["opened"] = .string(record.opened.iso)
        return o
    }

    static func listObject(_ record: CaseRecord, unmasked: Bool) -> JSONObject {
        var o = whereabouts(record)
        o["id_number"] = .string(unmasked ? record.residentID.value : record.residentID.masked)
        o["phone"] = record.person.phone.map { .string(unmasked ? $0.value : $0.masked) } ?? .null
        o["summary"] = .string(record.summary(chinese: true))
        o["last_contact"] = record.lastContact.map { .string($0.date.iso) } ?? .null
        o["next_follow_up"] = record.pendingFollowUp.map { .string($0.date.iso) } ?? .null
        o["close_reason"] = record.closeReason.map(JSONValue.string) ?? .null
        return o
    }

    /// What a user outside the case's team sees (see `Access`): who the person is by name and
    /// the ID's last four characters, where the case is, and whom to ask.
    static func stubObject(_ record: CaseRecord) -> JSONObject {
        var o = whereabouts(record)
        o["id_number"] = .string(Access.stubID(record.residentID))
        o["stub"] = .bool(true)
        return o
    }

    static func detailObject(_ record: CaseRecord, unmasked: Bool) -> JSONObject {
        var o = listObject(record, unmasked: unmasked)
        var person = EventCodec.encode(record.person)
        person["id_number"] = .string(unmasked ? record.residentID.value : record.residentID.masked)
        person["phone"] = record.person.phone.map { .string(unmasked ? $0.value : $0.masked) }
        person["sex"] = record.person.sex.map { .string($0.rawValue) }
        person["birth_date"] = record.person.birthDate.map { .string($0.iso) }
        o["person"] = .object(person)
        o["education"] = record.education.map(JSONValue.string) ?? .null
        o["details"] = .object(EventCodec.encode(record.details))
        o["conflicts"] = .array(record.conflicts.map { conflict in
            .object(JSONObject([("field", .string(conflict.field)),
                                ("kept", unmasked ? conflict.kept : .string(conflict.keptText())), ("kept_by", .string(conflict.keptBy)),
                                ("other", unmasked ? conflict.overwritten : .string(conflict.overwrittenText())),
                                ("other_by", .string(conflict.overwrittenBy))]))
        })
        o["events"] = .array(record.events.map { eventObject($0, undone: record.undone.contains($0.id), unmasked: unmasked) })
        return o
    }

    static func eventObject(_ event: Event, undone: Bool, unmasked: Bool) -> JSONValue {
        var data = EventCodec.encode(event.body)
        if !unmasked, case .object(var person) = data["person"] ?? .null {
            if let id = person["id_number"]?.stringValue { person["id_number"] = .string(ResidentID(unchecked: id).masked) }
            if let phone = person["phone"]?.stringValue { person["phone"] = .string(PhoneNumber(unchecked: phone).masked) }
            data["person"] = .object(person)
        }
        var o = JSONObject()
        o["id"] = .string(event.id)
        o["type"] = .string(event.type)
        o["known"] = .bool(!isUnknown(event.body))
        o["on"] = .string(event.effective.iso)
        o["recorded"] = .string(event.recorded.iso)
        o["by"] = .string(event.actor)
        o["writer"] = .string(event.writer)
        o["seq"] = .int(Int64(event.seq))
        o["undone"] = .bool(undone)
        o["data"] = .object(data)
        return .object(o)
    }

    static func isUnknown(_ body: EventBody) -> Bool {
        if case .unknown = body { return true }
        return false
    }
}

/// RFC 4180 CSV.
enum CSV {
    static func line(_ fields: [String]) -> String {
        fields.map { field in
            if field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
                return "\"" + field.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"") + "\""
            }
            return field
        }.joined(separator: ",")
    }
}
