import ArgumentParser
import Cases
import Journal
import Office

struct AddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add", abstract: "Open a case. Prints the new case id.",
        subcommands: [AddGraduate.self, AddDifficulty.self, AddUnemployed.self])
}

/// Person fields shared by the three kinds.
struct PersonOptions: ParsableArguments {
    @Option(help: "Full name (any script; Chinese first).") var name: String
    @Option(name: .customLong("id"), help: "Resident ID number, 18 characters.") var residentID: String
    @Option(help: "Mobile phone, 11 digits.") var phone: String?
    @Option(help: "Household registration (hukou) address.") var hukou: String?
    @Option(help: "Current community or street.") var community: String?
    @Option(help: "Education, free text (e.g. 本科, 高中).") var education: String?
    @Option(name: .customLong("counsellor"), help: "Owning counsellor (default: --as).") var counsellor: String?

    var fields: [IntakeField: String] {
        var fields: [IntakeField: String] = [.name: name, .id: residentID]
        fields[.phone] = phone
        fields[.hukou] = hukou
        fields[.community] = community
        fields[.education] = education
        return fields
    }
}

/// Validates, refuses duplicates, and appends a `case_opened`.
private func openCase(kind: CaseKind, fields: [IntakeField: String], counsellor: String?, global: GlobalOptions) throws {
    let context = try CommandContext(global)
    let owner = counsellor?.trimmingWhitespace() ?? context.actor
    try ActionInput.counsellorID(owner, field: "counsellor")
    let opened = try Intake.validate(kind: kind, fields: fields, counsellor: owner, today: context.today)
    let access = try Access.load(context)
    try access.requireWrite(nil, action: "add")
    guard access.seesFull(counsellor: owner) else {
        throw CommandFailure(message: "\(owner) is outside your team; add refused (\(access.label))")
    }
    let store = try context.openStore(forWriting: true)
    if let existing = store.caseload.openDuplicate(of: opened.person.residentID, kind: kind) {
        throw ValidationError(field: "id", "\(opened.person.residentID.masked) already has an open \(kind.rawValue) case \(existing.id) (\(existing.name))")
    }
    let id = store.newCaseID(kind: kind)
    try store.append(store.makeEvent(caseID: id, actor: context.actor, effective: context.today, body: .caseOpened(opened)))
    print(id)
}

struct AddGraduate: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "graduate", abstract: "Open a college graduate case (高校毕业生).")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var person: PersonOptions
    @Option(help: "School.") var school: String
    @Option(help: "Major.") var major: String
    @Option(help: ArgumentHelp("Degree: \(Degree.helpList).")) var degree: String
    @Option(parsing: .unconditional, help: "Graduation date (YYYY-MM-DD).") var graduated: String
    @Option(help: ArgumentHelp("Graduate-in-difficulty reasons, comma-separated: \(GraduateDifficulty.helpList).")) var difficulty: String?
    @Option(name: .customLong("left-without-job"), help: "Left school without a job: yes or no (default yes).") var leftWithoutJob: String?
    @Option(help: "Intended sector.") var sector: String?
    @Option(help: "Intended place of work.") var place: String?
    @Option(help: "Expected salary.") var salary: String?

    func run() throws {
        var fields = person.fields
        fields[.school] = school
        fields[.major] = major
        fields[.degree] = degree
        fields[.graduated] = graduated
        fields[.difficulty] = difficulty
        fields[.leftWithoutJob] = leftWithoutJob
        fields[.intentionSector] = sector
        fields[.intentionPlace] = place
        fields[.intentionSalary] = salary
        try openCase(kind: .graduate, fields: fields, counsellor: person.counsellor, global: global)
    }
}

struct AddDifficulty: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "difficulty", abstract: "Open an employment-difficulty group case (就业困难人员).")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var person: PersonOptions
    @Option(help: ArgumentHelp("Categories, comma-separated: \(DifficultyCategory.helpList).")) var category: String
    @Option(parsing: .unconditional, help: "Identification date (YYYY-MM-DD).") var identified: String
    @Option(help: "Certificate number.") var certificate: String?
    @Option(help: "Household id (required for a zero-employment household).") var household: String?

    func run() throws {
        var fields = person.fields
        fields[.category] = category
        fields[.identified] = identified
        fields[.certificate] = certificate
        fields[.household] = household
        try openCase(kind: .difficulty, fields: fields, counsellor: person.counsellor, global: global)
    }
}

struct AddUnemployed: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "unemployed", abstract: "Open a registered unemployed case (失业登记人员).")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var person: PersonOptions
    @Option(parsing: .unconditional, help: "Registration date (YYYY-MM-DD).") var registered: String
    @Option(name: .customLong("registration-no"), help: "Registration number.") var registrationNumber: String?
    @Option(name: .customLong("benefit-until"), parsing: .unconditional, help: "Unemployment benefit end date.") var benefitUntil: String?
    @Option(name: .customLong("previous-employer"), help: "Previous employer.") var previousEmployer: String?
    @Option(help: "Previous industry.") var industry: String?
    @Option(help: "Intended sector.") var sector: String?
    @Option(help: "Intended place of work.") var place: String?
    @Option(help: "Expected salary.") var salary: String?

    func run() throws {
        var fields = person.fields
        fields[.registered] = registered
        fields[.registrationNumber] = registrationNumber
        fields[.benefitUntil] = benefitUntil
        fields[.previousEmployer] = previousEmployer
        fields[.industry] = industry
        fields[.intentionSector] = sector
        fields[.intentionPlace] = place
        fields[.intentionSalary] = salary
        try openCase(kind: .unemployed, fields: fields, counsellor: person.counsellor, global: global)
    }
}
