import Cases

/// The parts of a case the rules read. Copying a whole CaseRecord retains every one of its
/// fields (events, notes, person…), each a cold cache line at 100,000 cases; this copies
/// only what the rules use.
struct RuleView {
    let id: String
    let kind: CaseKind
    let status: CaseStatus
    let opened: LocalDate
    let details: RuleDetails
    let contacts: [ContactEntry]
    let services: [ServiceEntry]
    let outcomes: [OutcomeEntry]
    let followUps: [FollowUpEntry]
    let snoozes: [SnoozeEntry]
    let reopenings: [LocalDate]

    init(_ record: borrowing CaseRecord) {
        id = record.id
        kind = record.kind
        status = record.status
        opened = record.opened
        details = RuleDetails(record.details)
        contacts = record.contacts
        services = record.services
        outcomes = record.outcomes
        followUps = record.followUps
        snoozes = record.snoozes
        reopenings = record.reopenings
    }

    /// As ``CaseRecord/placement``.
    var placement: OutcomeEntry? {
        guard status == .placed else { return nil }
        return outcomes.last(where: { $0.kind.isPlacement })
    }

    /// As ``CaseRecord/pendingFollowUp``.
    var pendingFollowUp: FollowUpEntry? {
        guard let latest = followUps.last else { return nil }
        let contactedSince = contacts.contains { $0.order > latest.order }
        return contactedSince ? nil : latest
    }
}

/// The parts of a case's kind-specific details the rules read: dates, categories and the
/// household id. A copy of the whole details would also retain the school, major, employer
/// and other text, each a cold cache line at 100,000 cases, and the rules read none of it.
struct RuleDetails {
    struct Graduate {
        let graduated: LocalDate
        let leftWithoutJob: Bool
    }

    struct Difficulty {
        let categories: [DifficultyCategory]
        let identified: LocalDate
        let household: String?
    }

    struct Unemployed {
        let registered: LocalDate
        let benefitUntil: LocalDate?
    }

    let graduate: Graduate?
    let difficulty: Difficulty?
    let unemployed: Unemployed?

    /// As ``CaseDetails/household``.
    var household: String? { difficulty?.household }

    init(_ details: borrowing CaseDetails) {
        switch details {
        case .graduate(let g):
            graduate = Graduate(graduated: g.graduated, leftWithoutJob: g.leftWithoutJob)
            difficulty = nil
            unemployed = nil
        case .difficulty(let d):
            graduate = nil
            difficulty = Difficulty(categories: d.categories, identified: d.identified, household: d.household)
            unemployed = nil
        case .unemployed(let u):
            graduate = nil
            difficulty = nil
            unemployed = Unemployed(registered: u.registered, benefitUntil: u.benefitUntil)
        }
    }
}
