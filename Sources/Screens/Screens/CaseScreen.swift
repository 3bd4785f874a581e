import Cases
import Office
import Rules
import Terminal
import TextCells

/// One case: the person (ID and phone masked until revealed, which is journaled), the
/// kind's details and status, its flags with reasons, the 1+3+1+1 progress, and the
/// timeline newest first.
final class CaseScreen: Screen {
    let kind = ScreenKind.caseDetail
    let caseID: String
    private var timeline = ListCursor()
    private(set) var revealedID = false
    private(set) var revealedPhone = false

    init(caseID: String) { self.caseID = caseID }

    /// Takes up `other`'s place in the timeline (the same case, read on a first screen).
    func carry(from other: CaseScreen) {
        timeline = other.timeline
    }

    func handle(_ key: Key, state: AppState) -> Transition {
        guard let command = KeyBindings.command(for: key, on: kind) else { return .stay }
        switch command {
        case .back: return .pop
        case .agenda: return .push(AgendaScreen())
        case .home: return .pop
        case .down, .up, .pageDown, .pageUp, .top, .bottom: timeline.move(command)
        case .revealID where !revealedID:
            if state.record(.personalDataRevealed(fields: ["id_number"], purpose: "case screen"), caseID: caseID) {
                revealedID = true
                state.say(state.strings[.revealed])
            }
        case .revealPhone where !revealedPhone:
            if state.record(.personalDataRevealed(fields: ["phone"], purpose: "case screen"), caseID: caseID) {
                revealedPhone = true
                state.say(state.strings[.revealed])
            }
        case .refresh: _ = try? state.session.refresh()
        default:
            if let transition = CaseActions.transition(for: command, caseIDs: [caseID], state: state, beneath: self) { return transition }
        }
        return .stay
    }

    func render(into surface: inout MemorySurface, area: Rect, state: AppState) -> Position? {
        guard let record = state.session.caseload[caseID] else {
            surface.put("  \(caseID): \(state.strings[.noCases])", at: area.row + 1, col: 0, style: .error)
            return nil
        }
        let s = state.strings
        var row = area.row
        let width = area.width
        func line(_ text: String, style: Style = .normal, indent: Int = 1) {
            guard row < area.row + area.height - 1 else { return }
            surface.put(text, at: row, col: indent, style: style, maxWidth: width - indent)
            row += 1
        }
        // Header: who, what kind, what status.
        surface.fillRow(row, style: .title)
        let status: TextKey = record.status == .open ? .statusOpen : record.status == .placed ? .statusPlaced : .statusClosed
        line("\(record.name)  \(record.id)  \(record.kind.label(chinese: state.chinese))  [\(s[status])\(record.closeReason.map { ": \($0)" } ?? "")]",
             style: .title)
        guard state.access.seesFull(record) else {
            // A stub: the name and the ID's last four (enough to spot a duplicate), and whom to ask.
            line("\(s[.residentID]) \(Access.stubID(record.residentID))   \(s[.counsellor]) \(record.counsellor)  \(s[.opened]) \(record.opened.iso)")
            line(s[.stubNotice], style: .muted)
            return nil
        }
        let id = revealedID ? record.residentID.value : record.residentID.masked
        let phone = record.person.phone.map { revealedPhone ? $0.value : $0.masked } ?? "—"
        let sex = record.person.sex == .female ? s[.female] : s[.male]
        line("\(s[.residentID]) \(id)   \(s[.phone]) \(phone)   \(sex)  \(s[.born]) \(record.person.birthDate?.iso ?? "?")   \(s[.counsellor]) \(record.counsellor)  \(s[.opened]) \(record.opened.iso)")
        line(detailsLine(record, state: state), style: .label)
        if let progress = state.session.rules.packageProgress(record) {
            line("\(s[.package]): \(progress.description)" + (progress.deadline.map { "  (\($0.iso))" } ?? ""),
                 style: progress.isComplete ? Style(.ok) : .normal)
        }
        if !record.idCollisions.isEmpty {
            line("⚠ \(record.id): \(record.idCollisions.count + 1) × case_opened — caseload duplicates", style: Style(.warning))
        }
        for conflict in record.conflicts {
            line("\(s[.conflict]): \(conflict.field) = \(conflict.keptText()) (\(conflict.keptBy)) ≠ \(conflict.overwrittenText()) (\(conflict.overwrittenBy))",
                 style: Style(.warning))
        }
        // Flags with their reasons.
        let flags = state.session.flags(for: caseID)
        line("\(s[.flags]):", style: .header, indent: 0)
        if flags.isEmpty { line(s[.noFlags], style: Style(.ok), indent: 2) }
        for flag in flags.prefix(4) {
            line("\(flag.severity.glyph) \(flag.reason(chinese: state.chinese))", style: Chrome.severityStyle(flag.severity), indent: 2)
        }
        if !revealedID || !revealedPhone { line(s[.revealHint], style: .muted, indent: 2) }
        // Timeline, newest first, scrollable.
        line("\(s[.timeline]):", style: .header, indent: 0)
        let events = Array(record.events.reversed())
        timeline.count = events.count
        timeline.pageSize = max(1, area.row + area.height - 1 - row)
        timeline.keepVisible()
        for index in timeline.visibleRange {
            let event = events[index]
            let undone = record.undone.contains(event.id)
            let text = "\(event.effective.iso) \(padded(event.actor, to: 9)) \(EventText.describe(event, chinese: state.chinese))"
            let style: Style = index == timeline.selected ? .selection : (undone ? Style(.muted, .dim) : .normal)
            if index == timeline.selected { surface.fillRow(row, style: style) }
            line(text + (undone ? " ✗" : ""), style: style, indent: 2)
        }
        return nil
    }

    private func detailsLine(_ record: CaseRecord, state: AppState) -> String {
        let s = state.strings
        let zh = state.chinese
        switch record.details {
        case .graduate(let g):
            var text = "\(s[.school]) \(g.school) · \(g.major) · \(g.degree.label(chinese: zh))  \(s[.graduated]) \(g.graduated.iso)"
            if !g.difficulty.isEmpty { text += "  ★ " + g.difficulty.map { $0.label(chinese: zh) }.joined(separator: zh ? "、" : ", ") }
            if !g.intention.isEmpty { text += "  \(s[.intention]): \(g.intention.summary)" }
            return text
        case .difficulty(let d):
            return "\(s[.categories]) " + d.categories.map { $0.label(chinese: zh) }.joined(separator: zh ? "、" : ", ")
                + "  \(s[.identified]) \(d.identified.iso)" + (d.household.map { "  \(s[.household]) \($0)" } ?? "")
        case .unemployed(let u):
            return "\(s[.registered]) \(u.registered.iso)" + (u.benefitUntil.map { "  \(s[.benefitUntil]) \($0.iso)" } ?? "")
                + (u.previousEmployer.map { "  \(s[.previousEmployer]) \($0)" } ?? "")
        }
    }
}
