import Cases

/// Rules about keeping in touch: first contact, scheduled follow-ups, regular
/// (monthly) contact, and stability checks after placement.
extension Evaluator {
    /// Contacted within N working days of opening (登记后首次联系).
    func firstContact() -> Flag? {
        let rule = RuleID.first_contact
        guard record.status == .open, let span = settings.firstContactSpan,
              lastCountedContact(reachedOnly: settings.firstContactReachedOnly) == nil else { return nil }
        let due = span.date(after: record.opened, calendar: calendar)
        guard let window = dueWindow(rule, on: due) else { return nil }
        return flag(rule, window) { timing, due in
            let opened = record.opened.iso
            switch timing {
            case .overdue:
                let gone = elapsed(since: record.opened, unit: span.unit)
                return ("No first contact \(gone) after opening on \(opened) (policy: within \(span))",
                        "开案（\(opened)）后\(gone.chinese)仍未首次联系（规定：\(span.chinese)内）")
            case .dueIn:
                let w = Self.when(timing)
                return ("First contact \(w.english), by \(due.iso) (policy: within \(span) of opening)",
                        "首次联系\(w.chinese)，截止\(due.iso)（规定：开案后\(span.chinese)内）")
            }
        }
    }

    /// A date set with --next: due that day, overdue the day after (预约回访).
    func scheduledFollowUp() -> Flag? {
        let rule = RuleID.scheduled_follow_up
        guard let pending = record.pendingFollowUp else { return nil }
        let warn = settings.followUpWarnDays
        guard let window = dueWindow(rule, on: pending.date, warnDays: warn) else { return nil }
        return flag(rule, window) { timing, due in
            let w = Self.when(timing)
            let note = pending.note.map { ": \($0)" } ?? ""
            let noteZh = pending.note.map { "：\($0)" } ?? ""
            return ("Follow-up set on \(pending.setOn.iso) for \(due.iso) is \(w.english)\(note)",
                    "\(pending.setOn.iso)预约的\(due.iso)回访\(w.chinese)\(noteZh)")
        }
    }

    /// Open cases contacted at least every N days (实名制跟踪服务). While a case
    /// has had no contact at all and first_contact is on, that rule speaks instead.
    func regularContact() -> Flag? {
        let rule = RuleID.regular_contact
        guard record.status == .open, let span = settings.regularContactSpan else { return nil }
        if let kinds = settings.regularContactKinds, !kinds.contains(record.kind) { return nil }
        let last = lastCountedContact(reachedOnly: settings.regularContactReachedOnly)
        if last == nil, settings.firstContactActive { return nil }
        // The clock restarts at opening and at each reopening.
        var latestStart = max(record.opened, last ?? record.opened)
        for reopened in record.reopenings where reopened > latestStart { latestStart = reopened }
        let baseline = latestStart
        let due = span.date(after: baseline, calendar: calendar)
        guard let window = dueWindow(rule, on: due) else { return nil }
        return flag(rule, window) { timing, due in
            let gone = elapsed(since: baseline, unit: span.unit)
            let since = last == nil ? "since opening" : "for"
            let sinceZh = last == nil ? "开案以来" : "已"
            switch timing {
            case .overdue:
                return ("No contact \(since) \(gone) (policy: every \(span))",
                        "\(sinceZh)\(gone.chinese)未联系（规定：每\(span.chinese)至少联系一次）")
            case .dueIn:
                let w = Self.when(timing)
                return ("No contact \(since) \(gone); next contact \(w.english), by \(due.iso) (policy: every \(span))",
                        "\(sinceZh)\(gone.chinese)未联系；下次联系\(w.chinese)，截止\(due.iso)（规定：每\(span.chinese)至少联系一次）")
            }
        }
    }

    /// Stability checks N days after the placement date (就业稳定性回访). Only the
    /// latest check whose window has opened is shown; it supersedes earlier ones.
    /// A check is done by any contact from `due_soon_days` before it onwards.
    func postPlacement() -> Flag? {
        let rule = RuleID.post_placement
        guard record.status == .placed, let placement = record.placement else { return nil }
        let window = settings.dueSoonDays
        // The latest-due check whose window has opened (of equal dues, the one listed last),
        // found in one pass rather than by sorting a list of checks for every placed case.
        var latest: (span: Span, due: LocalDate)?
        for span in settings.postPlacementSpans {
            let due = max(span.date(after: placement.date, calendar: calendar), record.opened)
            guard due.adding(days: -window) <= today else { continue }
            if latest == nil || due >= latest!.due { latest = (span, due) }
        }
        guard let current = latest else { return nil }
        let windowStart = max(current.due.adding(days: -window), placement.date)
        if contacted(onOrAfter: windowStart) { return nil }
        guard let window = dueWindow(rule, on: current.due) else { return nil }
        return flag(rule, window) { timing, due in
            let w = Self.when(timing)
            let kind = placement.kind.english + (placement.employer.map { ", \($0)" } ?? "")
            let kindZh = placement.kind.chinese + (placement.employer.map { "，\($0)" } ?? "")
            return ("Stability check \(current.span) after placement on \(placement.date.iso) (\(kind)) \(w.english)",
                    "就业后\(current.span.chinese)稳定性回访\(w.chinese)（\(placement.date.iso)\(kindZh)）")
        }
    }
}
