import Cases
import Terminal

/// The intake's fields as form fields, their checks as each is left, and what the ID tells:
/// shared by the new-case form, the correction form and outreach mode. Every check calls the
/// same domain validation as `caseload add` and roster imports (`Intake`, `ResidentID`,
/// `PhoneNumber`, `DateInput`), so a form accepts exactly what they accept.
enum IntakeFields {
    static func field(_ intake: IntakeField, required: Bool) -> FormField {
        let (label, kind): (TextKey, FieldKind) = switch intake {
        case .name: (.fieldName, .text(width: 20))
        case .id: (.fieldID, .text(width: 20))
        case .phone: (.fieldPhone, .text(width: 15))
        case .hukou: (.fieldHukou, .text(width: 32))
        case .community: (.fieldCommunity, .text(width: 24))
        case .education: (.fieldEducation, .text(width: 12))
        case .school: (.fieldSchool, .text(width: 24))
        case .major: (.fieldMajor, .text(width: 24))
        case .degree: (.fieldDegree, .choice(ChoiceOption.all(Degree.self), multiple: false))
        case .graduated: (.fieldGraduated, .date)
        case .leftWithoutJob: (.fieldLeftWithoutJob, .choice(ChoiceOption.yesNo, multiple: false))
        case .difficulty: (.fieldDifficulty, .choice(ChoiceOption.all(GraduateDifficulty.self), multiple: true))
        case .intentionSector: (.fieldSector, .text(width: 24))
        case .intentionPlace: (.fieldPlace, .text(width: 24))
        case .intentionSalary: (.fieldSalary, .text(width: 16))
        case .category: (.fieldCategories, .choice(ChoiceOption.all(DifficultyCategory.self), multiple: true))
        case .identified: (.fieldIdentified, .date)
        case .certificate: (.fieldCertificate, .text(width: 20))
        case .household: (.fieldHousehold, .text(width: 20))
        case .registered: (.fieldRegistered, .date)
        case .registrationNumber: (.fieldRegistrationNo, .text(width: 20))
        case .previousEmployer: (.fieldPreviousEmployer, .text(width: 28))
        case .industry: (.fieldIndustry, .text(width: 20))
        case .benefitUntil: (.fieldBenefitUntil, .date)
        }
        return FormField(intake.rawValue, label, kind, required: required)
    }

    /// A kind's form fields, in `IntakeField.fields(for:)` order.
    static func fields(for kind: CaseKind) -> [FormField] {
        let required = IntakeField.required(for: kind)
        return IntakeField.fields(for: kind).map { field($0, required: required.contains($0)) }
    }

    /// Values as `Intake.validate` takes them.
    static func intakeValues(_ values: [String: String]) -> [IntakeField: String] {
        var result: [IntakeField: String] = [:]
        for (key, value) in values {
            if let field = IntakeField(rawValue: key) { result[field] = value }
        }
        return result
    }

    /// Checks one field as it is left; dates and the ID come back normalised.
    static func check(_ key: String, values: [String: String], today: LocalDate) -> FieldCheck {
        guard let field = IntakeField(rawValue: key), let text = values.text(key) else { return .fine }
        if text.count > 200 { return .failed("is longer than 200 characters") }
        return FieldCheck.run { () throws(ValidationError) -> String? in
            switch field {
            case .name: return try Person.validateName(text)
            case .id: return try ResidentID.parse(text, today: today).value
            case .phone: return try PhoneNumber.parse(text).value
            case .graduated:
                let date = try DateInput.parse(text, today: today, field: key)
                guard date <= today.adding(days: 366) else { throw ValidationError(field: key, "\(date.iso) is more than a year away") }
                if let birth = values.text(IntakeField.id.rawValue).flatMap({ try? ResidentID.parse($0, today: today) })?.birthDate,
                   birth.adding(days: 365 * 15) > date {
                    throw ValidationError(field: key, "\(date.iso) is before the person turned 15")
                }
                return date.iso
            case .identified, .registered: return try DateInput.parsePast(text, today: today, field: key).iso
            case .benefitUntil:
                let date = try DateInput.parse(text, today: today, field: key)
                if let registered = values.text(IntakeField.registered.rawValue).flatMap({ try? DateInput.parsePast($0, today: today, field: "") }),
                   date < registered {
                    throw ValidationError(field: key, "\(date.iso) is before the registration date \(registered.iso)")
                }
                return date.iso
            default: return nil
            }
        }
    }

    /// What a valid ID tells, shown beside it: birth date, sex, age, and "fits 4050".
    static func idNote(_ values: [String: String], state: AppState) -> FieldNote? {
        guard let text = values.text(IntakeField.id.rawValue), let id = try? ResidentID.parse(text, today: state.session.today),
              let birth = id.birthDate, let age = id.age(on: state.session.today) else { return nil }
        let s = state.strings
        var note = s.format(.formBorn, birth.iso, id.sex == .female ? s[.female] : s[.male], age)
        if Intake.suggestsAge4050(id, today: state.session.today) { note += " · " + s[.formFits4050] }
        return FieldNote(text: note)
    }

    /// The open case of `kind` this ID already has (other than `except`), for a warning.
    static func duplicate(_ values: [String: String], kind: CaseKind, state: AppState, except: String? = nil) -> CaseRecord? {
        guard let text = values.text(IntakeField.id.rawValue), let id = try? ResidentID.parse(text, today: state.session.today),
              let existing = state.session.caseload.openDuplicate(of: id, kind: kind), existing.id != except else { return nil }
        return existing
    }

    /// "already has an open Graduate case G-… (name)", to show beside the ID.
    static func duplicateText(_ existing: CaseRecord, state: AppState) -> String {
        state.strings.format(.formDuplicateShort, existing.kind.label(chinese: state.chinese), existing.id, existing.name)
    }

    /// A case's current values, as the correction form starts with them.
    static func values(of record: CaseRecord) -> [String: String] {
        var v: [String: String] = [:]
        let person = record.person
        v["name"] = person.name
        v["id"] = person.residentID.value
        v["phone"] = person.phone?.value
        v["hukou"] = person.hukouAddress
        v["community"] = person.community
        v["education"] = record.education
        func intention(_ i: EmploymentIntention) {
            v["intention_sector"] = i.sector
            v["intention_place"] = i.place
            v["intention_salary"] = i.salary
        }
        switch record.details {
        case .graduate(let g):
            v["school"] = g.school
            v["major"] = g.major
            v["degree"] = g.degree.rawValue
            v["graduated"] = g.graduated.iso
            v["left_without_job"] = g.leftWithoutJob ? "yes" : "no"
            v["difficulty"] = g.difficulty.map(\.rawValue).joined(separator: ",")
            intention(g.intention)
        case .difficulty(let d):
            v["category"] = d.categories.map(\.rawValue).joined(separator: ",")
            v["identified"] = d.identified.iso
            v["certificate"] = d.certificate
            v["household"] = d.household
        case .unemployed(let u):
            v["registered"] = u.registered.iso
            v["registration_no"] = u.registrationNumber
            v["previous_employer"] = u.previousEmployer
            v["industry"] = u.industry
            v["benefit_until"] = u.benefitUntil?.iso
            intention(u.intention)
        }
        return v
    }
}
