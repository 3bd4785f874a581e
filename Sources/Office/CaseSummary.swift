import Cases
import Dispatch

/// One case as the caseload list needs it (its flags aside), with what the session needs
/// to find the cases that depend on it.
public struct CaseSummary: Sendable {
    public let id: String
    public let name: String
    public let counsellor: String
    public let kind: CaseKind
    public let status: CaseStatus
    public let opened: LocalDate
    public let lastContact: LocalDate?
    /// The follow-up date set and not yet followed by a contact.
    public let pendingFollowUp: LocalDate?
    /// The zero-employment household the case belongs to, if any.
    public let household: String?
    /// The person's resident ID number (their other cases share it).
    public let residentID: String

    /// Reads only the fields kept here. Inlined into the loop that reads the caseload's
    /// storage, so that no whole record is copied: a copy retains each of a record's
    /// twenty-odd fields, a cold cache line apiece at 100,000 cases.
    @inline(__always)
    public init(_ record: borrowing CaseRecord) {
        id = record.id
        name = record.person.name
        counsellor = record.counsellor
        kind = record.kind
        status = record.status
        opened = record.opened
        // As CaseRecord.lastContact and .pendingFollowUp, without copying the entries (each
        // holds its note text).
        let contacts = record.contacts
        var latest: (date: LocalDate, order: Int)?
        var latestOrder = Int.min
        for index in contacts.indices {
            let entry = (date: contacts[index].date, order: contacts[index].order)
            if latest == nil || (entry.date, entry.order) > (latest!.date, latest!.order) { latest = entry }
            latestOrder = max(latestOrder, entry.order)
        }
        lastContact = latest?.date
        let followUps = record.followUps
        if let last = followUps.indices.last, latestOrder <= followUps[last].order {
            pendingFollowUp = followUps[last].date
        } else {
            pendingFollowUp = nil
        }
        if case .difficulty(let details) = record.details { household = details.household } else { household = nil }
        residentID = record.person.residentID.value
    }

    /// Every case's summary, in the order of `caseload.cases.values`, taken on every core
    /// from the records read in place.
    static func all(in caseload: Caseload) -> [CaseSummary] {
        let values = caseload.cases.values
        let count = values.count
        let chunks = count < 2_000 ? 1 : 16
        return [CaseSummary](unsafeUninitializedCapacity: count) { buffer, initialized in
            let slots = SummarySlots(buffer: buffer)
            DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                for index in (chunk * count / chunks)..<((chunk + 1) * count / chunks) {
                    (slots.buffer.baseAddress! + index).initialize(to: CaseSummary(values[index]))
                }
            }
            initialized = count
        }
    }
}

/// The summaries being made: each thread writes a disjoint range.
private struct SummarySlots: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<CaseSummary>
}
