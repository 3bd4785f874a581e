import Cases

/// A case's event with everything but its time of day and id: who wrote it, where, and
/// the day it was logged.
struct PlacedEvent {
    var day: Int
    var recordedDay: Int
    var actor: Int
    var writer: Int
    var body: EventBody
}

extension HistoryBuilder {
    /// Adds the regular contacts (about `rate` per day of each gap), puts the case's events
    /// in order, sets follow-up dates, and decides who wrote each event where and when.
    func finish(_ plan: CasePlan, _ skeleton: CaseSkeleton, rate: Double, rng: inout SeededGenerator) -> [PlacedEvent] {
        var drafts = skeleton.drafts
        for gap in skeleton.gaps { fill(gap, kind: plan.kind, wish: plan.wish, rate: rate, into: &drafts, rng: &rng) }

        // Stable order: day, then same-day rank, then the order they were drafted in.
        let order = drafts.indices.sorted { a, b in
            (drafts[a].day, drafts[a].rank, a) < (drafts[b].day, drafts[b].rank, b)
        }
        var sorted = order.map { drafts[$0] }
        setFollowUps(&sorted, plan: plan, rng: &rng)

        var placed: [PlacedEvent] = []
        placed.reserveCapacity(sorted.count)
        var counsellor = plan.counsellor
        for draft in sorted {
            var actor = counsellor
            var writer = staff.homeDesk[counsellor]
            // The opening day's work belongs to whoever registered the case, where they did it.
            if draft.day == plan.opened {
                actor = plan.opener
                writer = plan.openingWriter
            }
            if case .caseReassigned = draft.body, let reassignment = plan.reassignment { counsellor = reassignment.to }
            let recorded = draft.lateDays > 0
                ? min(calendar.lastDay, calendar.adding(workingDays: draft.lateDays, to: draft.day)) : draft.day
            placed.append(PlacedEvent(day: draft.day, recordedDay: recorded, actor: actor, writer: writer, body: draft.body))
        }
        return placed
    }

    /// Regular contacts spread evenly through a gap, each somewhere in its own slot, so the
    /// spacing looks like "every few weeks" rather than random clumps.
    private func fill(_ gap: CaseSkeleton.ContactGap, kind: CaseKind, wish: String, rate: Double,
                      into drafts: inout [DraftEvent], rng: inout SeededGenerator) {
        let length = gap.to - gap.from - 1
        guard length > 0 else { return }
        let count = rng.stochasticRound(rate * Double(length))
        guard count > 0 else { return }
        let slot = Double(length) / Double(count)
        var previous = gap.from
        for index in 0..<count {
            let target = gap.from + 1 + Int((Double(index) + rng.unit()) * slot)
            var day = calendar.onOrBefore(target)
            if day <= previous { day = calendar.onOrAfter(previous + 1) }
            guard day < gap.to else { break }
            previous = day
            let channel = channel(kind, rng: &rng)
            let unanswered = gap.unansweredAtEnd ? index >= count - 2 : rng.chance(0.12)
            let note = unanswered ? Phrases.unreached(channel: channel, rng: &rng)
                : Phrases.regularContact(kind: kind, channel: channel, wish: wish, rng: &rng)
            var draft = DraftEvent.contact(day, channel, reached: !unanswered, note: note)
            // Some calls and visits are typed in a day or two later (补录).
            if rng.chance(0.06), channel == .visit || channel == .phone { draft.lateDays = rng.int(1...2) }
            drafts.append(draft)
        }
    }

    /// Most contacts set the next follow-up two to four weeks ahead. The last contact of a
    /// case that is up to date sets one that is still to come, or none.
    private func setFollowUps(_ drafts: inout [DraftEvent], plan: CasePlan, rng: inout SeededGenerator) {
        guard let last = drafts.lastIndex(where: \.isContact) else { return }
        let openAndUpToDate = (plan.resolution == nil || plan.reopened != nil) && !isSilent(plan)
        for index in drafts.indices where drafts[index].isContact && drafts[index].mayScheduleNext {
            guard case .contactLogged(var contact) = drafts[index].body else { continue }
            let day = drafts[index].day
            if index == last {
                guard openAndUpToDate, rng.chance(0.5) else { continue }
                contact.next = LocalDate(daysSinceEpoch: calendar.onOrAfter(calendar.lastDay + rng.int(1...20)))
            } else {
                guard rng.chance(0.4) else { continue }
                contact.next = LocalDate(daysSinceEpoch: calendar.adding(workingDays: rng.int(8...20), to: day))
                drafts[index].lateDays = 0  // a contact that sets a date is logged the same day
            }
            drafts[index].body = .contactLogged(contact)
        }
        // The last contact is never logged late: it is what "last contact" means on screen.
        drafts[last].lateDays = 0
    }

    private func isSilent(_ plan: CasePlan) -> Bool {
        if case .silent = plan.overdue { true } else { false }
    }
}
