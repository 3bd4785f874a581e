import Cases

/// How cases end: placed, gone, closed, reopened, or still open (and then maybe overdue).
extension CasePlanner {
    private static let outcomes: [CaseKind: WeightedTable<OutcomeKind>] = [
        .graduate: WeightedTable([(.employed, 62), (.flexible, 10), (.further_study, 8), (.enlisted, 3), (.self_employed, 3),
                                  (.public_welfare_post, 1), (.moved_away, 5), (.unreachable, 5), (.declined, 3)]),
        .difficulty: WeightedTable([(.employed, 33), (.public_welfare_post, 22), (.flexible, 20), (.self_employed, 4),
                                    (.moved_away, 4), (.unreachable, 7), (.declined, 10)]),
        .unemployed: WeightedTable([(.employed, 58), (.flexible, 14), (.self_employed, 7), (.public_welfare_post, 3),
                                    (.moved_away, 6), (.unreachable, 6), (.declined, 6)]),
    ]

    /// Time to an ending: most people within a few months, a hard core (more of them in the
    /// difficulty group) much later or not within the year.
    func sampleResolution(for plan: CasePlan, rng: inout SeededGenerator) -> Resolution? {
        let (hardShare, mean): (Double, Double) = switch plan.kind {
        case .graduate: (0.12, 70)
        case .difficulty: (0.35, 90)
        case .unemployed: (0.2, 80)
        }
        let duration = rng.chance(hardShare) ? 60 + rng.int(0...700) : 20 + Int((rng.unit() + rng.unit()) * mean)
        let day = max(calendar.onOrBefore(plan.opened + duration), calendar.adding(workingDays: 5, to: plan.opened))
        guard day < calendar.lastDay else { return nil }
        let outcome = CasePlanner.outcomes[plan.kind]!.pick(using: &rng)
        return Resolution(day: day, outcome: outcome, employer: employer(for: outcome, plan: plan, rng: &rng),
                          startDay: max(plan.opened, calendar.onOrBefore(day - rng.int(0...5))), closeDay: nil)
    }

    /// Where a person ended up. Difficulty-group flexible work is mostly a community
    /// micro-factory; public welfare posts belong to the street offices.
    func employer(for outcome: OutcomeKind, plan: CasePlan, rng: inout SeededGenerator) -> String? {
        switch outcome {
        case .employed:
            return rng.pick(WorkCatalog.openings(for: plan.field)).employer
        case .flexible:
            if plan.kind == .difficulty, rng.chance(0.6) { return "滨城区" + rng.pick(PeopleCatalog.communities) + "微工厂" }
            return rng.pick(["美团外卖", "滴滴出行", "家政服务（个人）", "网店经营", "零工市场"])
        case .public_welfare_post:
            return "滨城区" + rng.pick(PeopleCatalog.cityStreets) + "办事处"
        case .self_employed:
            return rng.pick(["个体便利店", "小吃店", "网店", "汽车美容店", "快递驿站"])
        case .further_study, .enlisted, .moved_away, .unreachable, .declined:
            return nil
        }
    }

    /// Closure, reopening, the open-case overdue fates and the odd reassignment.
    func resolveEnding(_ plan: inout CasePlan, rng: inout SeededGenerator) {
        let lastDay = calendar.lastDay
        if var resolution = plan.resolution {
            var close: Int?
            if resolution.outcome.isPlacement {
                resolution.missesCheck = rng.chance(0.025)
                if [.further_study, .enlisted].contains(resolution.outcome) {
                    // Nothing left to follow: school or the army takes over.
                    close = calendar.adding(workingDays: rng.int(0...8), to: resolution.day)
                } else if !resolution.missesCheck, rng.chance(0.45) {
                    // Closed after the three-month stability check.
                    close = calendar.onOrAfter(resolution.startDay + rng.int(97...130))
                }
            } else {
                close = calendar.adding(workingDays: rng.int(0...5), to: resolution.day)
            }
            if let close, close <= lastDay { resolution.closeDay = close }
            plan.resolution = resolution
            if let closed = resolution.closeDay, closed + 45 <= lastDay, rng.chance(0.07) {
                plan.reopened = min(lastDay, calendar.onOrAfter(closed + rng.int(25...(lastDay - closed - 15))))
            }
        }

        let openAtEnd = plan.resolution == nil || plan.reopened != nil
        if openAtEnd, plan.overdue == nil {
            let since = plan.reopened ?? plan.opened
            let age = lastDay - since
            if plan.reopened == nil, (10...45).contains(age), rng.chance(0.12) {
                plan.overdue = .neverContacted
            } else if age >= 60, rng.chance(0.075) {
                plan.overdue = .silent(days: rng.int(40...min(120, age - 15)))
                plan.silenceSnoozed = rng.chance(0.3)
            } else if age >= 35, rng.chance(0.05) {
                let lastContact = calendar.onOrBefore(lastDay - rng.int(20...34))
                let due = calendar.onOrBefore(lastDay - rng.int(1...12))
                if due > lastContact + 5 { plan.overdue = .missedFollowUp(lastContact: lastContact, due: due) }
            } else if plan.kind == .difficulty, hasFullQuarter(openedOn: plan.opened), rng.chance(0.06) {
                plan.overdue = .fewRecommendations
            }
        }

        let span = plan.activeEnd(lastDay: lastDay) - plan.opened
        if span >= 75, rng.chance(0.03) {
            let day = calendar.onOrBefore(plan.opened + rng.int(30...(span - 20)))
            plan.reassignment = (day, staff.other(than: plan.counsellor, rng: &rng))
        }
    }

    /// Whether a whole calendar quarter has passed since the one the case opened in.
    func hasFullQuarter(openedOn opened: Int) -> Bool {
        let date = LocalDate(daysSinceEpoch: opened)
        let quarterStart = LocalDate(year: date.year, month: (date.quarter - 1) * 3 + 1, day: 1)!
        return quarterStart.adding(months: 6).daysSinceEpoch <= calendar.today
    }
}
