extension Caseload {
    /// Groups of cases that probably record the same person twice: the same resident ID and
    /// kind, more than one of them not closed.
    ///
    /// This happens when two outreach laptops open a case for the same person while apart;
    /// `caseload add` refuses a second open case on one desk, but laptops cannot see each other
    /// until they sync. Pure: a supervisor reviews the groups and merges (`cases_merged`), which
    /// closes the merged-away case and so removes it from here.
    ///
    /// Groups are ordered by resident ID then kind; cases in a group by opening date then id,
    /// so every desk holding the same journals lists them identically.
    public func probableDuplicates() -> [[CaseRecord]] {
        struct Key: Hashable, Comparable {
            var residentID: String
            var kind: String
            static func < (lhs: Key, rhs: Key) -> Bool { (lhs.residentID, lhs.kind) < (rhs.residentID, rhs.kind) }
        }
        var groups: [Key: [CaseRecord]] = [:]
        for record in cases.values where record.status != .closed {
            groups[Key(residentID: record.residentID.value, kind: record.kind.rawValue), default: []].append(record)
        }
        return groups.filter { $0.value.count > 1 }
            .sorted { $0.key < $1.key }
            .map { $0.value.sorted { ($0.opened, $0.id) < ($1.opened, $1.id) } }
    }

    /// Cases whose id was drawn twice for different people (see `CaseRecord.idCollisions`), by id.
    public var idCollisions: [CaseRecord] {
        cases.values.filter { !$0.idCollisions.isEmpty }.sorted { $0.id < $1.id }
    }
}
