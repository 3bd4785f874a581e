import Cases

/// Makes demo people: a name that fits the birth year and sex, a valid resident ID number
/// unique within the demo, a phone number and addresses.
struct PersonFactory {
    private var usedIDs: Set<String> = []

    /// Who to make. Age is exact on `ageOn`; the ID's sex digit matches `male`.
    struct Request {
        var male: Bool
        var age: Int
        var ageOn: LocalDate
        /// Share of people born outside Binzhou (graduates come from all over the province).
        var outsideShare: Double
        var surname: String? = nil
        var region: PeopleCatalog.Region? = nil
        var hukouAddress: String? = nil
    }

    struct Made {
        var person: Person
        var region: PeopleCatalog.Region
        var surname: String
    }

    init(expectedCount: Int) { usedIDs.reserveCapacity(expectedCount) }

    mutating func make(_ request: Request, rng: inout SeededGenerator) -> Made {
        let region = request.region ?? pickRegion(outsideShare: request.outsideShare, rng: &rng)
        // Born between `age` and `age + 1` years before the reference day: exactly `age` on it.
        let anniversary = request.ageOn.adding(months: -12 * request.age)
        let birth = anniversary.adding(days: -rng.int(0...364))
        let id = uniqueID(region: region.code, birth: birth, male: request.male, rng: &rng)
        let surname = request.surname ?? PeopleCatalog.surnames.pick(using: &rng)
        let name = surname + givenName(male: request.male, birthYear: birth.year, rng: &rng)
        let phone = rng.chance(0.92) ? PhoneNumber(unchecked: phoneNumber(rng: &rng)) : nil
        let hukou = request.hukouAddress ?? address(in: region, rng: &rng)
        let community = rng.chance(0.85)
            ? "滨城区" + rng.pick(PeopleCatalog.cityStreets) + rng.pick(PeopleCatalog.communities) : nil
        let person = Person(name: name, residentID: ResidentID(unchecked: id), phone: phone,
                            hukouAddress: hukou, community: community)
        return Made(person: person, region: region, surname: surname)
    }

    private func pickRegion(outsideShare: Double, rng: inout SeededGenerator) -> PeopleCatalog.Region {
        let outside = rng.chance(outsideShare)
        while true {
            let region = PeopleCatalog.regions.pick(using: &rng)
            if region.inBinzhou != outside { return region }
        }
    }

    /// GB 11643: region, birth date, a three-digit sequence whose last digit is odd for men,
    /// and the MOD 11-2 check character. Redraws the sequence on the rare duplicate.
    private mutating func uniqueID(region: String, birth: LocalDate, male: Bool, rng: inout SeededGenerator) -> String {
        var digits = region.utf8.map { Int($0) - 48 }
        digits += [birth.year / 1000, birth.year / 100 % 10, birth.year / 10 % 10, birth.year % 10,
                   birth.month / 10, birth.month % 10, birth.day / 10, birth.day % 10]
        while true {
            let order = rng.int(0...99)
            let sexDigit = rng.int(0...4) * 2 + (male ? 1 : 0)
            let candidate = digits + [order / 10, order % 10, sexDigit]
            var bytes = candidate.map { UInt8(48 + $0) }
            bytes.append(ResidentID.checkCharacter(for: candidate).asciiValue!)
            let text = String(decoding: bytes, as: UTF8.self)
            if usedIDs.insert(text).inserted { return text }
        }
    }

    private func givenName(male: Bool, birthYear: Int, rng: inout SeededGenerator) -> String {
        var generation: PeopleCatalog.Generation = birthYear <= 1980 ? .older : birthYear <= 1995 ? .middle : .younger
        // Naming fashions overlap: a fifth of people carry a name from the neighbouring generation.
        if rng.chance(0.2) {
            generation = switch generation {
            case .older: .middle
            case .middle: rng.chance(0.5) ? .older : .younger
            case .younger: .middle
            }
        }
        return rng.pick(PeopleCatalog.givenNames(male: male, generation: generation))
    }

    private func phoneNumber(rng: inout SeededGenerator) -> String {
        let rest = rng.int(0...99_999_999)
        let digits = String(rest)
        return rng.pick(PeopleCatalog.phonePrefixes) + String(repeating: "0", count: 8 - digits.count) + digits
    }

    /// A household registration address: a road and number in a town, or a village.
    func address(in region: PeopleCatalog.Region, rng: inout SeededGenerator) -> String {
        let town = rng.pick(region.towns)
        if town.hasSuffix("镇") { return region.name + town + rng.pick(PeopleCatalog.villages) }
        let road = region.code == "371602" ? rng.pick(PeopleCatalog.roads) : "人民路"
        return region.name + town + road + "\(rng.int(1...399))号"
    }
}
