import Cases
import XCTest
@testable import Reports

final class TargetsTests: XCTestCase {
    static let sample = """
        # 滨城区 2026 targets
        year = 2026

        [team]                          # the whole office
        placements = 4
        reemployment = 8
        graduate_placement_rate = 80    # percent
        contact_rate = 90.0

        [teams.east]
        members = ["wangfang", "liuyang"]
        placements = 10

        [counsellors.wangfang]
        placements = 2

        [counsellors.liuyang]
        placements = 4
        traineeships = 2
        """

    func testCompletionPerScopeMayExceedAHundredPercent() throws {
        let targets = try Targets.parse(text: Self.sample, file: "targets.toml")
        let engine = HandOffice.engine()
        let office = engine.report(scope: .office, targets: targets)
        XCTAssertEqual(office.targetsFile, "targets.toml")
        // Office: 5 placements ÷ 4 = 125%; 2 reemployed ÷ 8 = 25%; 40% ÷ 80% = 50%; contact 50% ÷ 90% = 55.6%.
        XCTAssertEqual(office[.placements].completion, 125)
        XCTAssertEqual(office[.reemployment].completion, 25)
        XCTAssertEqual(office[.graduate_placement_rate].completion, 50)
        XCTAssertEqual(FigureText.completion(office[.contact_rate]), "55.6%")
        XCTAssertNil(office[.traineeships].target, "no office target for traineeships")
        XCTAssertEqual(FigureText.completion(office[.traineeships]), "—")
        // Counsellors: wangfang 3 ÷ 2 = 150%; liuyang 2 ÷ 4 = 50%, traineeships 1 ÷ 2 = 50%; zhaolei has none.
        let byName = Dictionary(uniqueKeysWithValues: office.counsellors.map { ($0.counsellor, $0) })
        XCTAssertEqual(byName["wangfang"]?[.placements].completion, 150)
        XCTAssertEqual(byName["liuyang"]?[.placements].completion, 50)
        XCTAssertEqual(byName["liuyang"]?[.traineeships].completion, 50)
        XCTAssertNil(byName["zhaolei"]?[.placements].target)
        // Team east: 5 ÷ 10 = 50%.
        let team = try XCTUnwrap(targets.team(named: "east"))
        XCTAssertEqual(team.members, ["wangfang", "liuyang"])
        let east = engine.report(scope: .team(name: "east", members: team.members), targets: targets)
        XCTAssertEqual(east[.placements].completion, 50)
        XCTAssertEqual(FigureText.bar(east[.placements].completion), "█████░░░░░ 50%")
        XCTAssertEqual(FigureText.bar(office[.placements].completion), "██████████ 125%")
    }

    func testTargetsForAnotherYearAreNotApplied() throws {
        let targets = try Targets.parse(text: Self.sample, file: "targets.toml")
        let lastYear = HandOffice.engine(ReportPeriod(from: d("2025-01-01"), to: d("2025-12-31"))!)
        let report = lastYear.report(scope: .office, targets: targets)
        XCTAssertNil(report.targetsFile)
        XCTAssertNil(report[.placements].target)
        XCTAssertEqual(HandOffice.engine().report(scope: .office)[.placements].target, nil, "no file, no targets")
    }

    func testErrorsNameFileLineAndKey() {
        let cases: [(text: String, error: String)] = [
            ("[team]\nplacements = \"many\"", "targets.toml:2: team.placements: expected an integer, found a string"),
            ("[team]\nplacement = 3", "targets.toml:2: team.placement: not a measure with a target (expected one of: placements,"),
            ("[team]\nopen_cases = 3", "targets.toml:2: team.open_cases: not a measure with a target"),
            ("[team]\n\ngraduate_placement_rate = 120", "targets.toml:3: team.graduate_placement_rate: a rate target is a percentage above 0 and at most 100, found 120.0"),
            ("[team]\nplacements = 0", "targets.toml:2: team.placements: must be a whole number above 0, found 0"),
            ("[team]\nplacements = 12.5", "targets.toml:2: team.placements: expected an integer, found a float"),
            ("# c\n[teams.east]\nplacements = 3", "targets.toml:2: teams.east.members: missing required key"),
            ("[teams.east]\nmembers = []", "targets.toml:2: teams.east.members: a team needs at least one member"),
            ("[teams.east]\nmembers = [\"a\", 3]", "targets.toml:2: teams.east.members: element 2: expected strings, found an integer"),
            ("[counsellors.wangfang]\nreemployed = 3", "targets.toml:2: counsellors.wangfang.reemployed: not a measure with a target"),
            ("year = 26", "targets.toml:1: year: expected a year like 2026, found 26"),
            ("[office]\nplacements = 3", "targets.toml:1: office: unknown key (expected one of: counsellors, team, teams, year)"),
            ("[team\nplacements = 3", "targets.toml:1:"),
        ]
        for (text, expected) in cases {
            XCTAssertThrowsError(try Targets.parse(text: text, file: "targets.toml"), text) { error in
                XCTAssertTrue("\(error)".hasPrefix(expected), "\(error)\n  expected: \(expected)")
            }
        }
    }
}
