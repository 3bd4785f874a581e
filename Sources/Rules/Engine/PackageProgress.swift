import Cases

/// Progress of a graduate's "1+3+1+1" services: policy briefing, job
/// recommendations, career guidance, training or traineeship offer.
public struct PackageProgress: Sendable, Hashable, CustomStringConvertible {
    /// One part of the package: how many were given against how many are required.
    public struct Part: Sendable, Hashable {
        public let done: Int
        public let required: Int
        public var isComplete: Bool { done >= required }
        /// "2/3"; a count above the requirement shows as complete ("3/3").
        public var text: String { "\(min(done, required))/\(required)" }
    }

    public let policyBriefing: Part
    public let jobRecommendations: Part
    public let careerGuidance: Part
    public let trainingOrTraineeship: Part
    /// Graduation date plus the policy's period; nil for non-graduate cases.
    public let deadline: LocalDate?

    /// Counts `record`'s services (all of them, late ones included, so that
    /// completing the package late still clears the flag).
    public init(record: CaseRecord, policy: Policy, calendar: WorkingCalendar = WorkingCalendar()) {
        self.init(record: RuleView(record), settings: RuleSettings(policy), calendar: calendar)
    }

    init(record: borrowing RuleView, settings: borrowing RuleSettings, calendar: borrowing WorkingCalendar) {
        var briefings = 0, recommendations = 0, guidance = 0, training = 0
        for service in record.services {
            switch service.kind {
            case .policy_briefing: briefings += 1
            case .job_recommendation: recommendations += 1
            case .career_guidance: guidance += 1
            case .training_referral, .traineeship: training += 1
            default: break
            }
        }
        let required = settings.packageRequired
        policyBriefing = Part(done: briefings, required: required.briefings)
        jobRecommendations = Part(done: recommendations, required: required.recommendations)
        careerGuidance = Part(done: guidance, required: required.guidance)
        trainingOrTraineeship = Part(done: training, required: required.training)
        if let graduated = record.details.graduate?.graduated, let span = settings.packageSpan {
            deadline = span.date(after: graduated, calendar: calendar)
        } else {
            deadline = nil
        }
    }

    public var parts: [Part] { [policyBriefing, jobRecommendations, careerGuidance, trainingOrTraineeship] }

    public var isComplete: Bool { parts.allSatisfy(\.isComplete) }

    /// "1/1 · 2/3 · 0/1 · 1/1".
    public var description: String { parts.map(\.text).joined(separator: " · ") }

    /// Names of the missing parts with what is missing: "2 job recommendations, career guidance".
    public func missing(chinese: Bool) -> String {
        let names: [(Part, String, String)] = [
            (policyBriefing, "policy briefing", "政策宣讲"),
            (jobRecommendations, "job recommendations", "岗位推荐"),
            (careerGuidance, "career guidance", "职业指导"),
            (trainingOrTraineeship, "training or traineeship offer", "培训或见习机会"),
        ]
        return names.filter { !$0.0.isComplete }.map { part, en, zh in
            let gap = part.required - part.done
            return chinese ? "\(zh)\(gap)次" : "\(gap) \(en)"
        }.joined(separator: chinese ? "、" : ", ")
    }
}
