import Cases

/// Rules about services and programmes: the graduate package, quarterly
/// recommendations, household clearance, benefits and programme ends.
extension Evaluator {
    /// "1+3+1+1" within N months of graduation, for graduates who left school
    /// without a job. Not applied when the case opened after the deadline
    /// (nothing the counsellor could do would meet it).
    func graduatePackage() -> Flag? {
        let rule = RuleID.graduate_package
        guard record.status == .open, let g = record.details.graduate, g.leftWithoutJob,
              let span = settings.packageSpan else { return nil }
        let progress = PackageProgress(record: record, settings: settings, calendar: calendar)
        guard !progress.isComplete, let deadline = progress.deadline, record.opened <= deadline else { return nil }
        let warn = settings.packageWarnDays
        guard let window = dueWindow(rule, on: deadline, warnDays: warn) else { return nil }
        return flag(rule, window) { timing, due in
            let w = Self.when(timing)
            return ("1+3+1+1 incomplete \(progress) (missing \(progress.missing(chinese: false))); deadline \(due.iso), \(span) after graduation, \(w.english)",
                    "“1+3+1+1”服务未完成 \(progress)（缺\(progress.missing(chinese: true))）；毕业后\(span.chinese)截止\(due.iso)，\(w.chinese)")
        }
    }

    /// Zero-employment household cleared within N days of identification
    /// (零就业家庭动态清零). One flag per household, on its earliest-identified
    /// open member case; any member's placement clears it.
    func zeroEmploymentClearance() -> Flag? {
        let rule = RuleID.zero_employment_clearance
        guard record.status == .open, let span = settings.zeroEmploymentSpan else { return nil }
        func qualifies(_ r: CaseRecord) -> Bool {
            r.status == .open && r.details.difficulty?.categories.contains(.zero_employment_household) == true
        }
        guard let mine = record.details.difficulty, mine.categories.contains(.zero_employment_household) else { return nil }
        // The other members; the flag sits on the qualifying member identified first (then smallest id).
        let others = context.household.filter { $0.id != record.id }
        let lead = (mine.identified, record.id)
        if others.contains(where: { qualifies($0) && ($0.details.difficulty!.identified, $0.id) < lead }) { return nil }
        let identified = mine.identified
        func placedSince(_ outcomes: [OutcomeEntry]) -> Bool { outcomes.contains { $0.kind.isPlacement && $0.date >= identified } }
        if placedSince(record.outcomes) || others.contains(where: { placedSince($0.outcomes) }) { return nil }
        let memberCount = others.count + 1
        let due = span.date(after: identified, calendar: calendar)
        let name = mine.household.map { " \($0)" } ?? ""
        guard let window = dueWindow(rule, on: due) else { return nil }
        return flag(rule, window, household: mine.household) { timing, due in
            let count = memberCount
            let who = count == 1 ? "1 member case" : "\(count) member cases"
            switch timing {
            case .overdue:
                let gone = elapsed(since: identified, unit: span.unit)
                return ("Zero-employment household\(name): no member placed \(gone) after identification on \(identified.iso) (policy: within \(span); \(who))",
                        "零就业家庭\(name)：认定（\(identified.iso)）后\(gone.chinese)仍无成员就业（规定：\(span.chinese)内清零；\(count)个成员案例）")
            case .dueIn:
                let w = Self.when(timing)
                return ("Zero-employment household\(name): place a member by \(due.iso), \(w.english) (policy: within \(span) of identification; \(who))",
                        "零就业家庭\(name)：需于\(due.iso)前安置一名成员，\(w.chinese)（规定：认定后\(span.chinese)内清零；\(count)个成员案例）")
            }
        }
    }

    /// At least N job recommendations each calendar quarter while open, from
    /// the first full quarter after opening. The current quarter is flagged
    /// near its end; a short previous quarter stays overdue until the current
    /// quarter reaches the number.
    func difficultyRecommendations() -> Flag? {
        let rule = RuleID.difficulty_recommendations
        guard record.status == .open, record.kind == .difficulty,
              let required = settings.difficultyRecommendations, required > 0 else { return nil }
        let current = Quarter(containing: today)
        let previous = current.previous
        let services = record.services
        func given(_ q: Quarter) -> Int {
            var count = 0
            for index in services.indices where services[index].kind == .job_recommendation && q.contains(services[index].date) {
                count += 1
            }
            return count
        }
        let now = given(current)
        guard now < required else { return nil }
        let quarter = previous.start >= record.opened && given(previous) < required ? previous : current
        guard quarter.start >= record.opened else { return nil }
        let done = given(quarter)
        guard let window = dueWindow(rule, on: quarter.end) else { return nil }
        return flag(rule, window) { timing, due in
            let w = Self.when(timing)
            return ("\(quarter): \(done) of \(required) job recommendations; quarter ends \(due.iso), \(w.english) (policy: \(required) per quarter)",
                    "\(quarter.chinese)：岗位推荐\(done)/\(required)次；季度截止\(due.iso)，\(w.chinese)（规定：每季度至少\(required)次）")
        }
    }

    /// Contact the person N days before the unemployment benefit ends
    /// (失业保险金领取期满); any contact from then on clears it.
    func benefitEnd() -> Flag? {
        let rule = RuleID.unemployed_benefit_end
        guard record.status == .open, let end = record.details.unemployed?.benefitUntil,
              let warn = settings.benefitWarnDays else { return nil }
        if contacted(onOrAfter: end.adding(days: -warn)) { return nil }
        guard let window = dueWindow(rule, on: end, warnDays: warn) else { return nil }
        return flag(rule, window) { timing, due in
            switch timing {
            case .overdue(let n):
                return ("Unemployment benefit ended on \(due.iso), \(n) days ago, with no contact from \(warn) days before (policy: contact \(warn) days ahead)",
                        "失业保险金已于\(due.iso)期满（\(n)天前），期满前\(warn)天起未联系（规定：提前\(warn)天联系）")
            case .dueIn:
                let w = Self.when(timing)
                return ("Unemployment benefit ends on \(due.iso) (\(w.english)): contact to plan what follows (policy: \(warn) days ahead)",
                        "失业保险金将于\(due.iso)期满（\(w.chinese)）：请联系并制定后续服务计划（规定：提前\(warn)天）")
            }
        }
    }

    /// After N months of continuous registration, suggest difficulty-group
    /// identification (long-term unemployed). Cleared once the same person has
    /// a difficulty case with the long_term_unemployed category.
    func longTermUnemployed() -> Flag? {
        let rule = RuleID.unemployed_long_term
        guard record.status == .open, let registered = record.details.unemployed?.registered,
              let span = settings.longTermSpan else { return nil }
        let identified = context.samePerson.contains {
            $0.details.difficulty?.categories.contains(.long_term_unemployed) == true
        }
        if identified { return nil }
        let due = span.date(after: registered, calendar: calendar)
        guard let window = dueWindow(rule, on: due) else { return nil }
        return flag(rule, window) { timing, due in
            let w = Self.when(timing)
            return ("Registered unemployed since \(registered.iso), \(span) on \(due.iso) (\(w.english)): consider difficulty-group identification (long-term unemployed)",
                    "自\(registered.iso)登记失业，\(due.iso)满\(span.chinese)（\(w.chinese)）：考虑认定为就业困难人员（长期失业人员）")
        }
    }

    /// Traineeship planned end or public welfare post subsidy end, flagged N
    /// days ahead; the latest programme of each kind counts. Any contact or
    /// outcome from the warning date on clears it.
    func programmeEnd() -> [Flag] {
        let rule = RuleID.programme_end
        guard let warn = settings.programmeWarnDays else { return [] }
        let maxYears = settings.publicWelfareMaxYears
        var flags: [Flag] = []
        for kind in [ServiceKind.traineeship, .public_welfare_post] {
            let services = record.services
            var latest = services.endIndex
            while latest > services.startIndex, services[latest - 1].kind != kind { latest -= 1 }
            guard latest > services.startIndex else { continue }
            let service = services[latest - 1]
            let cap = service.date.adding(months: 12 * maxYears)
            let end: LocalDate
            let capped: Bool
            switch (kind, service.ends) {
            case (.public_welfare_post, let ends?): (end, capped) = ends > cap ? (cap, true) : (ends, false)
            case (.public_welfare_post, nil): (end, capped) = (cap, true)
            case (_, let ends?): (end, capped) = (ends, false)
            case (_, nil): continue
            }
            let warnFrom = end.adding(days: -warn)
            if contacted(onOrAfter: warnFrom) || record.outcomes.contains(where: { $0.recordedOn >= warnFrom }) { continue }
            guard let window = dueWindow(rule, on: end, warnDays: warn) else { continue }
            let at = service.employer.map { " at \($0)" } ?? ""
            let atZh = service.employer.map { "（\($0)）" } ?? ""
            let what = kind == .traineeship ? "Traineeship\(at) ends" : "Public welfare post\(at) subsidy ends"
            let whatZh = kind == .traineeship ? "就业见习\(atZh)" : "公益性岗位\(atZh)补贴"
            let limit = capped ? " (\(maxYears)-year limit)" : ""
            let limitZh = capped ? "（最长\(maxYears)年）" : ""
            flags.append(flag(rule, window) { timing, due in
                let w = Self.when(timing)
                return ("\(what) \(due.iso)\(limit), \(w.english): plan what follows (policy: \(warn) days ahead)",
                        "\(whatZh)于\(due.iso)到期\(limitZh)，\(w.chinese)：请安排后续（规定：提前\(warn)天）")
            })
        }
        return flags
    }
}

/// A calendar quarter.
struct Quarter: Equatable, CustomStringConvertible {
    let year: Int
    let number: Int

    init(containing date: LocalDate) {
        year = date.year
        number = date.quarter
    }

    private init(year: Int, number: Int) {
        self.year = year
        self.number = number
    }

    var start: LocalDate { LocalDate(year: year, month: (number - 1) * 3 + 1, day: 1) ?? LocalDate(daysSinceEpoch: 0) }
    var end: LocalDate { start.adding(months: 3).adding(days: -1) }
    var previous: Quarter { number == 1 ? Quarter(year: year - 1, number: 4) : Quarter(year: year, number: number - 1) }
    func contains(_ date: LocalDate) -> Bool { date >= start && date <= end }
    var description: String { "Q\(number) \(year)" }
    var chinese: String { "\(year)年第\(number)季度" }
}
