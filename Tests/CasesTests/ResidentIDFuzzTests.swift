import XCTest
@testable import Cases

/// Seeded fuzzing of the resident-ID validator: near-valid numbers (one character changed,
/// added or removed, full-width digits, spaces, x/X) and random strings. Each is accepted only
/// when it truly is an 18-character ID with a valid date and check character, and is otherwise
/// refused with the caller's field name and a reason. Bounded by count.
final class ResidentIDFuzzTests: XCTestCase {
    private let today = LocalDate(iso: "2026-11-29")!

    private func valid(_ body: String) -> String {
        body + String(ResidentID.checkCharacter(for: body.map { $0.wholeNumberValue! }))
    }

    func testNearValidAndRandomIDsAreCheckedExactly() {
        var rng = SeededGenerator(seed: 0x1D_F022)
        let seeds = [valid("37160219900101123"), valid("11010519491231002"), valid("44030420000229001"), valid("37160220260101000")]
        let alphabet = Array("0123456789Xx ０１２３４５６７８９-—\t\u{3000}a中")
        var accepted = 0
        let inputs = 20_000
        for round in 0..<inputs {
            var characters = Array(seeds[round % seeds.count])
            if round % 5 == 4 {
                characters = (0..<Int.random(in: 0...24, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! }
            } else {
                for _ in 0..<Int.random(in: 0...2, using: &rng) where !characters.isEmpty {
                    let i = Int.random(in: 0..<characters.count, using: &rng)
                    switch Int.random(in: 0..<3, using: &rng) {
                    case 0: characters[i] = alphabet.randomElement(using: &rng)!
                    case 1: characters.remove(at: i)
                    default: characters.insert(alphabet.randomElement(using: &rng)!, at: i)
                    }
                }
            }
            let text = String(characters)
            do {
                let id = try ResidentID.parse(text, today: today, field: "身份证号")
                accepted += 1
                // Accepted means: 18 characters, 17 digits then the right check character, a real past birth date.
                let value = Array(id.value)
                XCTAssertEqual(value.count, 18, text)
                let digits = value.prefix(17).compactMap(\.wholeNumberValue)
                XCTAssertEqual(digits.count, 17, text)
                XCTAssertEqual(value.last, ResidentID.checkCharacter(for: digits), text)
                XCTAssertNotNil(id.birthDate, text)
                if let born = id.birthDate { XCTAssertLessThanOrEqual(born, today, text) }
            } catch {
                XCTAssertEqual(error.field, "身份证号", text)
                XCTAssertFalse(error.message.isEmpty, text)
            }
        }
        print("resident ID fuzz: \(inputs) inputs, \(accepted) accepted")
    }
}
