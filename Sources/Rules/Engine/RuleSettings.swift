import Cases

/// The policy's numbers read out once per evaluation. Reading a setting from ``Policy``
/// builds and hashes a "section/slot" key; the rules read about thirty per case, which at
/// 100,000 cases was most of the engine's time.
struct RuleSettings: Sendable {
    private(set) var enabledRules: [RuleID]
    let dueSoonDays: Int
    let escalateAfterWorkingDays: Int

    let firstContactSpan: Span?
    let firstContactReachedOnly: Bool
    /// first_contact is on and has a span: it speaks for cases never contacted.
    let firstContactActive: Bool
    let followUpWarnDays: Int
    let regularContactSpan: Span?
    let regularContactReachedOnly: Bool
    private(set) var regularContactKinds: [CaseKind]?
    private(set) var postPlacementSpans: [Span]

    let packageSpan: Span?
    let packageWarnDays: Int
    let packageRequired: (briefings: Int, recommendations: Int, guidance: Int, training: Int)
    let zeroEmploymentSpan: Span?
    let difficultyRecommendations: Int?
    let benefitWarnDays: Int?
    let longTermSpan: Span?
    let programmeWarnDays: Int?
    let publicWelfareMaxYears: Int

    /// The same settings in storage of their own (see ``WorkingCalendar/unshared()``).
    func unshared() -> RuleSettings {
        var copy = self
        copy.enabledRules = enabledRules.map { $0 }
        copy.regularContactKinds = regularContactKinds?.map { $0 }
        copy.postPlacementSpans = postPlacementSpans.map { $0 }
        return copy
    }

    init(_ policy: Policy) {
        enabledRules = RuleID.allCases.filter(policy.isEnabled)
        dueSoonDays = policy.dueSoonDays
        escalateAfterWorkingDays = policy.escalateAfterWorkingDays
        firstContactSpan = policy.span(of: .first_contact)
        firstContactReachedOnly = policy.bool("reached_only", of: .first_contact) ?? false
        firstContactActive = policy.isEnabled(.first_contact) && firstContactSpan != nil
        followUpWarnDays = policy.count("warn_days", of: .scheduled_follow_up) ?? 0
        regularContactSpan = policy.span(of: .regular_contact)
        regularContactReachedOnly = policy.bool("reached_only", of: .regular_contact) ?? false
        regularContactKinds = policy.kinds(of: .regular_contact)
        postPlacementSpans = policy.spans(of: .post_placement)
        let package = RuleID.graduate_package
        packageSpan = policy.span(of: package)
        packageWarnDays = policy.count("warn_days", of: package) ?? policy.dueSoonDays
        packageRequired = (policy.count("policy_briefings", of: package) ?? 0,
                           policy.count("job_recommendations", of: package) ?? 0,
                           policy.count("career_guidance", of: package) ?? 0,
                           policy.count("training_or_traineeship", of: package) ?? 0)
        zeroEmploymentSpan = policy.span(of: .zero_employment_clearance)
        difficultyRecommendations = policy.count("job_recommendations", of: .difficulty_recommendations)
        benefitWarnDays = policy.count("warn_days", of: .unemployed_benefit_end)
        longTermSpan = policy.span(of: .unemployed_long_term)
        programmeWarnDays = policy.count("warn_days", of: .programme_end)
        publicWelfareMaxYears = policy.count("public_welfare_max_years", of: .programme_end) ?? 3
    }
}
