import Cases

/// The person and kind-specific details of a new case, fitted to its kind: graduates of
/// Shandong schools in their twenties, difficulty-group members identified in the past
/// year (4050 women ≥ 40, men ≥ 50), registered unemployed from the local industries.
struct ProfileFactory {
    struct Profile {
        var person: Person
        var education: String?
        var details: CaseDetails
        var field: JobField
        var wish: String
    }

    private var people: PersonFactory
    private let calendar: DemoCalendar
    /// Running numbers for certificates (per year), households (per region) and registrations.
    private var certificateNumbers: [Int: Int] = [:]
    private var householdNumbers: [String: Int] = [:]
    private var registrationNumber: Int

    init(expectedCount: Int, calendar: DemoCalendar, rng: inout SeededGenerator) {
        people = PersonFactory(expectedCount: expectedCount)
        self.calendar = calendar
        registrationNumber = rng.int(100...900)
    }

    // MARK: Graduates

    /// `graduated` overrides the usual "last graduation season before opening".
    mutating func graduate(opened: Int, campus: String?, graduated override: Int?, rng: inout SeededGenerator) -> Profile {
        let school = campus.flatMap(WorkCatalog.school(named:)).flatMap { rng.chance(0.75) ? $0 : nil }
            ?? WorkCatalog.schools.pick(using: &rng)
        let major = rng.pick(school.majors)
        let degree: Degree = school.vocational ? .associate : rng.chance(school.masterShare) ? .master : .bachelor
        let graduated = override ?? graduationDay(before: opened, campus: campus != nil, masters: degree == .master, rng: &rng)
        let ageAtGraduation = switch degree {
        case .associate: rng.int(21...22)
        case .bachelor: rng.int(22...24)
        case .master, .doctor: rng.int(24...25)
        }
        let made = people.make(.init(male: rng.chance(0.5), age: ageAtGraduation, ageOn: LocalDate(daysSinceEpoch: graduated),
                                     outsideShare: 0.35), rng: &rng)
        let field = WorkCatalog.field(ofMajor: major)
        let wish = rng.pick(rng.pick(WorkCatalog.openings(for: field)).positions)
        var intention = EmploymentIntention()
        if rng.chance(0.8) {
            intention = EmploymentIntention(sector: field.sector, place: WorkCatalog.places.pick(using: &rng),
                                            salary: WorkCatalog.salaries.pick(using: &rng))
        }
        var difficulty: [GraduateDifficulty] = []
        if rng.chance(0.1) {
            difficulty.append(rng.pick([.low_income_household, .zero_employment_household, .minimum_living_allowance,
                                        .disabled, .disabled_parent, .poverty_alleviation]))
            let second = rng.pick([GraduateDifficulty.low_income_household, .disabled_parent])
            if rng.chance(0.2), !difficulty.contains(second) { difficulty.append(second) }
        }
        let details = GraduateDetails(school: school.name, major: major, degree: degree, graduated: LocalDate(daysSinceEpoch: graduated),
                                      leftWithoutJob: rng.chance(0.9), intention: intention, difficulty: difficulty)
        return Profile(person: made.person, education: degree.chinese, details: .graduate(details), field: field, wish: wish)
    }

    /// The most recent graduation before opening: late June or early July, or for some
    /// (masters, delayed students) late December or early January. Students met at a spring
    /// campus session graduate that summer, once it has come.
    private func graduationDay(before opened: Int, campus: Bool, masters: Bool, rng: inout SeededGenerator) -> Int {
        let year = LocalDate(daysSinceEpoch: opened).year
        func summer(_ y: Int) -> Int { LocalDate(year: y, month: 6, day: 20)!.daysSinceEpoch + rng.int(0...20) }
        func winter(_ y: Int) -> Int { LocalDate(year: y - 1, month: 12, day: 20)!.daysSinceEpoch + rng.int(0...25) }
        let coming = summer(year)
        if campus, coming > opened, coming <= calendar.lastDay { return coming }
        let summerDay = [coming, summer(year - 1), summer(year - 2)].first { $0 <= opened }!
        let winterDay = [winter(year + 1), winter(year), winter(year - 1)].first { $0 <= opened }!
        return winterDay > summerDay && rng.chance(masters ? 0.3 : 0.08) ? winterDay : summerDay
    }

    // MARK: Difficulty group

    private static let categories = WeightedTable<DifficultyCategory>([
        (.age_4050, 40), (.long_term_unemployed, 12), (.minimum_living_allowance, 10), (.land_lost_farmer, 10),
        (.disability, 8), (.single_parent, 5), (.demobilised_soldier, 4), (.released_prisoner, 1), (.other, 1),
    ])

    mutating func difficulty(opened: Int, rng: inout SeededGenerator) -> Profile {
        var categories = [Self.categories.pick(using: &rng)]
        let second = Self.categories.pick(using: &rng)
        if rng.chance(0.3), !categories.contains(second) { categories.append(second) }
        let male = categories.contains(.demobilised_soldier) ? rng.chance(0.9)
            : categories.contains(.single_parent) ? rng.chance(0.25) : rng.chance(0.5)
        let identified = opened - rng.int(0...45)
        let age = categories.contains(.age_4050) ? (male ? rng.int(50...59) : rng.chance(0.7) ? rng.int(40...49) : rng.int(50...54))
            : rng.int(25...58)
        let made = people.make(.init(male: male, age: age, ageOn: LocalDate(daysSinceEpoch: identified), outsideShare: 0.05), rng: &rng)
        let details = DifficultyDetails(categories: categories, identified: LocalDate(daysSinceEpoch: identified),
                                        certificate: certificate(identified: identified, rng: &rng))
        return profileForWorker(made.person, age: age, details: .difficulty(details), rng: &rng)
    }

    /// Members of one zero-employment household (零就业家庭): a head, a spouse and a grown
    /// child, sharing the household id, address and identification date.
    mutating func household(opened: Int, size: Int, rng: inout SeededGenerator) -> [Profile] {
        let identified = opened - rng.int(0...20)
        let headMale = rng.chance(0.5)
        let headAge = rng.int(38...58)
        let identifiedDate = LocalDate(daysSinceEpoch: identified)
        let head = people.make(.init(male: headMale, age: headAge, ageOn: identifiedDate, outsideShare: 0.03), rng: &rng)
        let region = head.region
        let number = householdNumbers[region.code, default: rng.int(1...200)] + rng.int(1...7)
        householdNumbers[region.code] = number
        let householdID = "HH-\(region.code)-" + padded(number, 4)

        var members = [(head.person, headAge, headMale, head.surname)]
        if size >= 2 {
            let age = min(59, max(30, headAge + rng.int(-4...4)))
            var spouse = people.make(.init(male: !headMale, age: age, ageOn: identifiedDate, outsideShare: 0, region: region,
                                           hukouAddress: head.person.hukouAddress), rng: &rng)
            spouse.person.community = head.person.community
            members.append((spouse.person, age, !headMale, spouse.surname))
        }
        if size >= 3 {
            let age = rng.int(18...min(27, headAge - 20))
            let fatherSurname = headMale ? head.surname : members[1].3
            var child = people.make(.init(male: rng.chance(0.5), age: age, ageOn: identifiedDate, outsideShare: 0,
                                          surname: fatherSurname, region: region, hukouAddress: head.person.hukouAddress), rng: &rng)
            child.person.community = head.person.community
            members.append((child.person, age, child.person.sex == .male, fatherSurname))
        }
        var profiles: [Profile] = []
        for (person, age, male, _) in members {
            var categories: [DifficultyCategory] = [.zero_employment_household]
            if age >= (male ? 50 : 40), rng.chance(0.5) { categories.append(.age_4050) }
            if rng.chance(0.2) { categories.append(.minimum_living_allowance) }
            let details = DifficultyDetails(categories: categories, identified: identifiedDate,
                                            certificate: certificate(identified: identified, rng: &rng), household: householdID)
            profiles.append(profileForWorker(person, age: age, details: .difficulty(details), rng: &rng))
        }
        return profiles
    }

    private mutating func certificate(identified: Int, rng: inout SeededGenerator) -> String? {
        guard rng.chance(0.9) else { return nil }
        let year = LocalDate(daysSinceEpoch: identified).year
        let number = certificateNumbers[year, default: rng.int(10...500)] + rng.int(1...9)
        certificateNumbers[year] = number
        return "BZKN\(year)" + padded(number, 5)
    }

    // MARK: Registered unemployed

    mutating func unemployed(opened: Int, rng: inout SeededGenerator) -> Profile {
        let registered = opened - (rng.chance(0.9) ? rng.int(0...5) : rng.int(10...60))
        let registeredDate = LocalDate(daysSinceEpoch: registered)
        let age = rng.int(22...55)
        let made = people.make(.init(male: rng.chance(0.52), age: age, ageOn: registeredDate, outsideShare: 0.08), rng: &rng)
        registrationNumber += rng.int(1...5)
        let previous = rng.chance(0.9) ? WorkCatalog.previousEmployers.pick(using: &rng) : nil
        let benefitUntil = rng.chance(0.7) ? registeredDate.adding(months: rng.int(3...24)) : nil
        let details = UnemployedDetails(registered: registeredDate,
                                        registrationNumber: "SD371602\(registeredDate.year)" + padded(registrationNumber, 5),
                                        previousEmployer: previous?.employer, industry: previous?.industry,
                                        benefitUntil: benefitUntil)
        return profileForWorker(made.person, age: age, details: .unemployed(details), rng: &rng)
    }

    /// Education, field and wish for someone who is not a fresh graduate.
    private func profileForWorker(_ person: Person, age: Int, details: CaseDetails, rng: inout SeededGenerator) -> Profile {
        let education = age >= 45
            ? rng.pick(["小学", "初中", "初中", "初中", "高中", "高中", "中专"])
            : rng.pick(["初中", "高中", "高中", "中专", "中专", "大专", "大专", "本科"])
        var details = details
        var field = JobField.general
        if case .unemployed(var unemployed) = details {
            field = unemployed.industry.map(WorkCatalog.field(ofIndustry:)) ?? .general
            if rng.chance(0.6) {
                unemployed.intention = EmploymentIntention(sector: unemployed.industry ?? "不限",
                                                           place: rng.chance(0.85) ? "滨州" : WorkCatalog.places.pick(using: &rng),
                                                           salary: WorkCatalog.salaries.pick(using: &rng))
            }
            details = .unemployed(unemployed)
        }
        let wish = rng.pick(rng.pick(WorkCatalog.openings(for: field)).positions)
        return Profile(person: person, education: education, details: details, field: field, wish: wish)
    }
}

func padded(_ value: Int, _ width: Int) -> String {
    let digits = String(value)
    return String(repeating: "0", count: max(0, width - digits.count)) + digits
}
