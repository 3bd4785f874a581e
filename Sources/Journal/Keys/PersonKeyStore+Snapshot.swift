import Cases

/// What the key store needs to agree with a caseload that came from a snapshot rather than
/// from opening every sealed line.
extension PersonKeyStore {
    /// Records which key each case and resident uses, as opening their lines would have, so
    /// a correction or a repeat registration after a warm open seals under the same key.
    public func learn(from caseload: Caseload) { learn(from: caseload.people) }

    /// `learn(from:)` with the people already at hand (a snapshot's, as decoded).
    ///
    /// Nothing is built yet: the two 100,000-entry dictionaries were a fifth of a warm open, and
    /// only sealing a new opening or a correction reads them. The first read of `opened` folds
    /// the people in, between what was known before this call and what was learnt after it, so
    /// the result is the same as building them here.
    public func learn(from people: CasePeople) {
        absorbLearnt()
        learnt = (people, openedSoFar)
        openedSoFar = KeyRing.Opened()
    }

    /// Folds the people `learn` kept into `opened`: over what was known before, and under what
    /// was learnt since (later keys win, as they would have). What `open` found is folded in
    /// first, whether or not there are people, as it came before anything learnt from now on.
    func absorbLearnt() {
        foldUnfolded()
        guard let (people, before) = learnt else { return }
        learnt = nil
        var byCase = before.keyByCase, byResident = before.keyByResident, plaintext = before.plaintextCases
        // Each dictionary on its own core with room made once: at 100,000 cases each is tens of
        // milliseconds.
        bothAtOnce({
            byCase.reserveCapacity(byCase.count + people.count)
            for index in 0..<people.count {
                switch people.protections[index] {
                case .key(let key)?, .sealed(let key, _)?, .erased(let key)?, .keyMissing(let key)?: byCase[people.caseIDs[index]] = key
                case .plain?: plaintext.insert(people.caseIDs[index])
                case nil: continue
                }
            }
        }, {
            byResident.reserveCapacity(byResident.count + people.count)
            for index in 0..<people.count {
                if case .key(let key)? = people.protections[index], let resident = people.residentIDs[index] { byResident[resident] = key }
            }
        })
        var merged = KeyRing.Opened()
        merged.keyByCase = byCase
        merged.keyByResident = byResident
        merged.plaintextCases = plaintext
        merged.missing = before.missing
        merged.add(openedSoFar)
        openedSoFar = merged
    }

    /// Why a snapshot's people no longer match this key store, or nil when they do: a key the
    /// snapshot used was destroyed since (an erasure), or a key it lacked has arrived (sync).
    public func staleProtection(in caseload: Caseload) -> String? { staleProtection(of: caseload.people) }

    /// `staleProtection(in:)` with the people already at hand.
    public func staleProtection(of people: CasePeople) -> String? {
        // Each half of the cases on its own core (a look-up each: tens of milliseconds at
        // 100,000); the first half's finding first, so the reason is the one a single pass gives.
        let ring = ring, protections = people.protections
        let middle = protections.count / 2
        var first: String?, second: String?
        bothAtOnce({ first = PersonKeyStore.staleProtection(protections[..<middle], ring) },
                   { second = PersonKeyStore.staleProtection(protections[middle...], ring) })
        return first ?? second
    }

    private static func staleProtection(_ protections: ArraySlice<PersonProtection?>, _ ring: KeyRing) -> String? {
        for case let protection? in protections {
            switch protection {
            case .key(let key) where ring.keys[key] == nil:
                return ring.erased.contains(key) ? "a person in it was erased since" : "a key it used is missing"
            case .keyMissing(let key) where ring.keys[key] != nil || ring.erased.contains(key):
                return "a key it lacked has arrived since"
            case .sealed:
                return "it holds a person that was never opened"
            default:
                continue
            }
        }
        return nil
    }

    /// Whether the caseload holds, opened, a person whose key has been destroyed since.
    func holdsErased(_ people: CasePeople) -> Bool {
        people.protections.contains { protection in
            if case .key(let key)? = protection { return !hasKey(key) && isErased(key) }
            return false
        }
    }
}
