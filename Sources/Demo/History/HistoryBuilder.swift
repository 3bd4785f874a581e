import Cases

/// Lays a planned case out as dated events.
///
/// Work happens in two steps so the caller can hit an average events-per-case target: the
/// skeleton (opening, pinned contacts, services, outcome, closure, notes) first, then the
/// regular contacts between pinned ones at a rate the caller works out from all skeletons.
struct HistoryBuilder {
    let calendar: DemoCalendar
    let staff: OfficeStaff
    /// Leaves out what the follow-up policy does not require (extra services, notes, planned
    /// follow-ups), for event budgets too small for the natural rhythm.
    var lean = false

    static let channels: [CaseKind: WeightedTable<ContactChannel>] = [
        .graduate: WeightedTable([(.phone, 45), (.wechat, 30), (.desk, 10), (.sms, 10), (.visit, 5)]),
        .difficulty: WeightedTable([(.phone, 45), (.visit, 25), (.desk, 15), (.wechat, 10), (.sms, 5)]),
        .unemployed: WeightedTable([(.phone, 50), (.desk, 20), (.wechat, 20), (.sms, 10)]),
    ]

    func channel(_ kind: CaseKind, rng: inout SeededGenerator) -> ContactChannel {
        HistoryBuilder.channels[kind]!.pick(using: &rng)
    }

    func skeleton(for plan: CasePlan, rng: inout SeededGenerator) -> CaseSkeleton {
        var skeleton = CaseSkeleton()
        let lastDay = calendar.lastDay
        skeleton.drafts.append(DraftEvent(day: plan.opened, rank: .opened, body: .caseOpened(CaseOpened(
            counsellor: OfficeStaff.counsellors[plan.counsellor].id, person: plan.person, education: plan.education,
            details: plan.details))))

        // The main stretch: from the first contact to the ending, or to the last contact of a
        // case still open (recent when up to date, long ago when left silent).
        var lastWorked = plan.opened
        var firstContact: Int?
        if plan.overdue != .neverContacted {
            // Registered at the counsellor's own desk: often called the same day; elsewhere, later.
            let delay = plan.openingWriter == staff.homeDesk[plan.counsellor] ? rng.int(0...3) : rng.int(1...4)
            let first = min(calendar.adding(workingDays: delay, to: plan.opened), plan.resolution?.day ?? lastDay)
            if first <= lastDay {
                let channel = channel(plan.kind, rng: &rng)
                skeleton.drafts.append(.contact(first, channel, note: Phrases.firstContact(kind: plan.kind, channel: channel,
                                                                                           wish: plan.wish, rng: &rng)))
                firstContact = first
                lastWorked = first
            }
        }
        if let resolution = plan.resolution {
            if let first = firstContact, resolution.day > first {
                addEnding(resolution, plan: plan, after: first, to: &skeleton, rng: &rng)
            }
            lastWorked = resolution.day
        } else if let first = firstContact, let tail = openTail(plan, after: first, to: &skeleton, rng: &rng) {
            lastWorked = tail
        }
        if let reopened = plan.reopened, let closed = plan.resolution?.closeDay, reopened > closed {
            skeleton.drafts.append(DraftEvent(day: reopened, rank: .reopened, body: .caseReopened(reason: Phrases.reopenReason(rng: &rng))))
            skeleton.drafts.append(.contact(reopened, .desk, note: "重新登记，了解求职意向：\(plan.wish)"))
            if let tail = openTail(plan, after: reopened, to: &skeleton, rng: &rng) { lastWorked = max(lastWorked, tail) }
        }

        let serviceEnd = plan.resolution?.day ?? lastWorked
        var services = ServicePlanner(calendar: calendar, plan: plan, serviceEnd: serviceEnd, lean: lean)
        skeleton.drafts += services.services(rng: &rng)
        if let reopened = plan.reopened, lastWorked > reopened {
            // Reopened: the recurring services start again from the reopening.
            var again = plan
            again.opened = reopened
            again.resolution = nil
            var resumed = ServicePlanner(calendar: calendar, plan: again, serviceEnd: lastWorked, lean: lean)
            skeleton.drafts += resumed.recurringServices(rng: &rng)
        }
        addBenefitContact(plan, before: serviceEnd, after: firstContact, to: &skeleton, rng: &rng)
        addProgrammeEndContacts(plan, lastWorked: lastWorked, after: firstContact, to: &skeleton, rng: &rng)
        addAsides(plan, firstContact: firstContact, serviceEnd: serviceEnd, to: &skeleton, rng: &rng)
        return skeleton
    }

    /// The contact that reports the ending, the outcome itself, post-placement checks and closure.
    private func addEnding(_ resolution: Resolution, plan: CasePlan, after first: Int, to skeleton: inout CaseSkeleton,
                           rng: inout SeededGenerator) {
        let day = resolution.day
        let note: String
        var reached = true
        var channel = channel(plan.kind, rng: &rng)
        switch resolution.outcome {
        case .unreachable:
            reached = false
            channel = .phone
            note = "电话号码已停机，多次联系未果"
        case .moved_away: note = "本人告知已迁往外地"
        case .declined: note = "本人表示暂无就业意愿，拒绝继续服务"
        default: note = Phrases.placementReport(employer: resolution.employer ?? "", outcome: resolution.outcome, channel: channel,
                                                rng: &rng)
        }
        skeleton.drafts.append(.contact(day, channel, reached: reached, note: note, final: true))
        skeleton.gaps.append(.init(from: first, to: day, unansweredAtEnd: resolution.outcome == .unreachable))
        skeleton.drafts.append(DraftEvent(day: day, rank: .outcome, body: .outcomeRecorded(OutcomeRecorded(
            kind: resolution.outcome, employer: resolution.employer, date: LocalDate(daysSinceEpoch: resolution.startDay)))))

        if resolution.outcome.isPlacement, ![.further_study, .enlisted].contains(resolution.outcome) {
            // Stability checks in the week before 30 and 90 days after the start (the rule
            // counts a contact from a week before); one that falls due may be missed.
            let checks = [30, 90].map { days in
                let due = resolution.startDay + days
                let day = calendar.onOrBefore(due - rng.int(0...5))
                return day >= due - 6 ? day : calendar.onOrAfter(due)  // a holiday week: call once back
            }
                .filter { $0 <= calendar.lastDay && $0 <= (resolution.closeDay ?? .max) }
            for (index, check) in checks.enumerated() where !(resolution.missesCheck && index == checks.count - 1) {
                skeleton.drafts.append(.contact(check, rng.chance(0.7) ? .phone : .wechat,
                                                note: Phrases.postPlacement(rng: &rng), final: true))
            }
        }
        if let closed = resolution.closeDay {
            skeleton.drafts.append(DraftEvent(day: closed, rank: .closed,
                                              body: .caseClosed(reason: Phrases.closeReason(outcome: resolution.outcome, rng: &rng))))
        }
    }

    /// The last pinned contact of a case still open at the end of history, placed by its
    /// fate: recent, long ago (silent), or one whose follow-up date has passed. Returns its day.
    private func openTail(_ plan: CasePlan, after start: Int, to skeleton: inout CaseSkeleton,
                          rng: inout SeededGenerator) -> Int? {
        let lastDay = calendar.lastDay
        var tail: Int
        var next: LocalDate?
        switch plan.overdue {
        case .silent(let days):
            tail = calendar.onOrBefore(lastDay - days)
        case .missedFollowUp(let lastContact, let due):
            tail = lastContact
            next = LocalDate(daysSinceEpoch: due)
        default:
            tail = calendar.onOrBefore(lastDay - rng.int(0...14))
        }
        guard tail > start else { return nil }
        let channel = channel(plan.kind, rng: &rng)
        skeleton.drafts.append(.contact(tail, channel, note: Phrases.regularContact(kind: plan.kind, channel: channel,
                                                                                    wish: plan.wish, rng: &rng), next: next))
        skeleton.gaps.append(.init(from: start, to: tail))
        if case .silent = plan.overdue, plan.silenceSnoozed {
            let day = min(lastDay, calendar.adding(workingDays: rng.int(0...3), to: tail))
            skeleton.drafts.append(DraftEvent(day: day, rank: .snooze, body: .flagSnoozed(
                rule: "regular_contact", until: LocalDate(daysSinceEpoch: lastDay + rng.int(10...45)),
                reason: Phrases.snoozeReason(rng: &rng))))
        }
        return tail
    }

    /// A call in the month before unemployment benefit ends, to plan what follows.
    private func addBenefitContact(_ plan: CasePlan, before end: Int, after first: Int?, to skeleton: inout CaseSkeleton,
                                   rng: inout SeededGenerator) {
        guard let first, let benefitUntil = plan.details.unemployed?.benefitUntil?.daysSinceEpoch else { return }
        let low = max(benefitUntil - 30, first + 1)
        let high = min(benefitUntil, end - 1, calendar.lastDay)
        guard low <= high else { return }
        let day = calendar.onOrAfter(low + rng.int(0...(high - low)))
        guard day <= high else { return }
        skeleton.drafts.append(.contact(day, .phone, note: Phrases.benefitEnding))
    }

    /// A call in the month before a traineeship or a public welfare post subsidy ends, to plan
    /// what follows: while the case is still worked on, or after placement until it closes.
    private func addProgrammeEndContacts(_ plan: CasePlan, lastWorked: Int, after first: Int?, to skeleton: inout CaseSkeleton,
                                         rng: inout SeededGenerator) {
        guard let first else { return }
        // An open case's last contact stays its last, so a silent case stays silent.
        let latest = min(calendar.lastDay, plan.resolution.map { $0.closeDay ?? calendar.lastDay } ?? lastWorked)
        let ends: [(day: Int, note: String)] = skeleton.drafts.compactMap { draft in
            guard case .serviceRecorded(let service) = draft.body, let end = service.ends?.daysSinceEpoch else { return nil }
            switch service.kind {
            case .traineeship: return (end, "电话回访，就业见习即将期满，了解留用意向")
            case .public_welfare_post: return (end, "电话回访，公益性岗位补贴即将到期，沟通后续安排")
            default: return nil
            }
        }
        for (end, note) in ends {
            let low = max(end - 30, first + 1)
            let high = min(end, latest)
            guard low <= high else { continue }
            let day = calendar.onOrBefore(high - rng.int(0...min(20, high - low)))
            guard day >= low else { continue }
            skeleton.drafts.append(.contact(day, .phone, note: note, final: true))
        }
    }

    /// Notes, a scheduled follow-up, an old snooze and the odd reassignment.
    private func addAsides(_ plan: CasePlan, firstContact: Int?, serviceEnd: Int, to skeleton: inout CaseSkeleton,
                           rng: inout SeededGenerator) {
        let span = serviceEnd - plan.opened
        if !lean, rng.chance(0.15) {
            let day = calendar.onOrBefore(plan.opened + rng.int(0...max(0, span)))
            skeleton.drafts.append(DraftEvent(day: max(plan.opened, day), rank: .note,
                                              body: .noteAdded(text: Phrases.note(kind: plan.kind, rng: &rng))))
        }
        // Set at the first contact: a later contact always follows, so it never dangles.
        if !lean, let first = firstContact, first < serviceEnd, rng.chance(0.1) {
            let date = min(serviceEnd, calendar.adding(workingDays: rng.int(3...8), to: first))
            skeleton.drafts.append(DraftEvent(day: first, rank: .followUp, body: .followUpScheduled(
                date: LocalDate(daysSinceEpoch: date), note: Phrases.followUpPlan(rng: &rng))))
        }
        if !lean, span >= 90, rng.chance(0.03) {
            let day = calendar.onOrBefore(plan.opened + rng.int(20...(span - 30)))
            skeleton.drafts.append(DraftEvent(day: max(plan.opened + 1, day), rank: .snooze, body: .flagSnoozed(
                rule: "regular_contact", until: LocalDate(daysSinceEpoch: day + rng.int(14...30)),
                reason: Phrases.snoozeReason(rng: &rng))))
        }
        if let (day, to) = plan.reassignment, day > plan.opened {
            let from = OfficeStaff.counsellors[plan.counsellor].id
            let successor = OfficeStaff.counsellors[to].id
            skeleton.drafts.append(DraftEvent(day: day, rank: .note, body: .noteAdded(text: Phrases.reassignmentNote(to: successor))))
            skeleton.drafts.append(DraftEvent(day: day, rank: .reassigned, body: .caseReassigned(to: successor, from: from)))
        }
    }
}
