/// The fields of an intake, by the names the CLI, the forms and roster import share.
public enum IntakeField: String, CaseIterable, Sendable {
    case name, id, phone, hukou, community, education
    // graduate
    case school, major, degree, graduated, leftWithoutJob = "left_without_job", difficulty
    case intentionSector = "intention_sector", intentionPlace = "intention_place", intentionSalary = "intention_salary"
    // difficulty group
    case category, identified, certificate, household
    // registered unemployed
    case registered, registrationNumber = "registration_no", previousEmployer = "previous_employer", industry
    case benefitUntil = "benefit_until"

    /// Fields a kind's form shows, in order.
    public static func fields(for kind: CaseKind) -> [IntakeField] {
        let person: [IntakeField] = [.name, .id, .phone, .hukou, .community, .education]
        switch kind {
        case .graduate:
            return person + [.school, .major, .degree, .graduated, .leftWithoutJob, .difficulty,
                             .intentionSector, .intentionPlace, .intentionSalary]
        case .difficulty:
            return person + [.category, .identified, .certificate, .household]
        case .unemployed:
            return person + [.registered, .registrationNumber, .previousEmployer, .industry, .benefitUntil,
                             .intentionSector, .intentionPlace, .intentionSalary]
        }
    }

    /// Fields that must be filled for the kind.
    public static func required(for kind: CaseKind) -> Set<IntakeField> {
        switch kind {
        case .graduate: [.name, .id, .school, .major, .degree, .graduated]
        case .difficulty: [.name, .id, .category, .identified]
        case .unemployed: [.name, .id, .registered]
        }
    }
}

/// Validates an intake exactly one way, whether it comes from `caseload add`, a form on screen
/// or a roster row. The first problem found is thrown, naming its field.
public enum Intake {
    public static func validate(kind: CaseKind, fields: [IntakeField: String], counsellor: String,
                                today: LocalDate) throws(ValidationError) -> CaseOpened {
        func text(_ field: IntakeField) -> String? {
            guard let value = fields[field]?.trimmingWhitespace(), !value.isEmpty else { return nil }
            return value
        }
        for field in IntakeField.fields(for: kind) where IntakeField.required(for: kind).contains(field) && text(field) == nil {
            throw ValidationError(field: field.rawValue, "is required")
        }
        for (field, value) in fields where value.count > 200 {
            throw ValidationError(field: field.rawValue, "is longer than 200 characters")
        }
        let name = try Person.validateName(text(.name) ?? "")
        let id = try ResidentID.parse(text(.id) ?? "", today: today)
        let phone: PhoneNumber? = try text(.phone).map { (p: String) throws(ValidationError) in try PhoneNumber.parse(p) }
        let person = Person(name: name, residentID: id, phone: phone, hukouAddress: text(.hukou), community: text(.community))
        let intention = EmploymentIntention(sector: text(.intentionSector), place: text(.intentionPlace), salary: text(.intentionSalary))
        let details: CaseDetails
        switch kind {
        case .graduate:
            let graduated = try DateInput.parse(text(.graduated)!, today: today, field: IntakeField.graduated.rawValue)
            guard graduated <= today.adding(days: 366) else {
                throw ValidationError(field: "graduated", "\(graduated.iso) is more than a year away")
            }
            if let birth = id.birthDate, birth.adding(days: 365 * 15) > graduated {
                throw ValidationError(field: "graduated", "\(graduated.iso) is before the person turned 15")
            }
            let leftWithoutJob = try text(.leftWithoutJob).map { (v: String) throws(ValidationError) in try parseYesNo(v, field: "left_without_job") } ?? true
            let difficulty = try text(.difficulty).map { (v: String) throws(ValidationError) in try GraduateDifficulty.parseList(v) } ?? []
            details = .graduate(GraduateDetails(school: text(.school)!, major: text(.major)!, degree: try Degree.parse(text(.degree)!),
                                                graduated: graduated, leftWithoutJob: leftWithoutJob, intention: intention,
                                                difficulty: difficulty))
        case .difficulty:
            let categories = try DifficultyCategory.parseList(text(.category)!)
            let identified = try DateInput.parsePast(text(.identified)!, today: today, field: IntakeField.identified.rawValue)
            if categories.contains(.zero_employment_household), text(.household) == nil {
                throw ValidationError(field: "household", "is required for a zero-employment household")
            }
            details = .difficulty(DifficultyDetails(categories: categories, identified: identified,
                                                    certificate: text(.certificate), household: text(.household)))
        case .unemployed:
            let registered = try DateInput.parsePast(text(.registered)!, today: today, field: IntakeField.registered.rawValue)
            let benefit = try text(.benefitUntil).map { (v: String) throws(ValidationError) in
                try DateInput.parse(v, today: today, field: IntakeField.benefitUntil.rawValue)
            }
            if let benefit, benefit < registered {
                throw ValidationError(field: "benefit_until", "\(benefit.iso) is before the registration date \(registered.iso)")
            }
            details = .unemployed(UnemployedDetails(registered: registered, registrationNumber: text(.registrationNumber),
                                                    previousEmployer: text(.previousEmployer), industry: text(.industry),
                                                    benefitUntil: benefit, intention: intention))
        }
        return CaseOpened(counsellor: counsellor, person: person, education: text(.education), details: details)
    }

    public static func parseYesNo(_ text: String, field: String) throws(ValidationError) -> Bool {
        switch text.trimmingWhitespace().lowercased() {
        case "yes", "y", "true", "1", "是": return true
        case "no", "n", "false", "0", "否": return false
        default: throw ValidationError(field: field, "'\(text)' is not yes or no")
        }
    }

    /// Age-based categories the ID suggests: "4050" is women from 40 and men from 50.
    public static func suggestsAge4050(_ id: ResidentID, today: LocalDate) -> Bool {
        guard let age = id.age(on: today), let sex = id.sex else { return false }
        return sex == .female ? age >= 40 : age >= 50
    }
}

extension Caseload {
    /// The open case of the same kind for this resident ID, which a new intake would duplicate.
    public func openDuplicate(of id: ResidentID, kind: CaseKind) -> CaseRecord? {
        cases(withResidentID: id.value).first { $0.kind == kind && $0.status == .open }
    }
}
