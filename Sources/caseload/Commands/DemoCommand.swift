import ArgumentParser
import Cases
import Demo
import Journal

struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo", abstract: "Write a realistic demo caseload into an empty data directory.")
    @OptionGroup var global: GlobalOptions
    @Option(help: "How many cases.") var cases: Int = 2000
    @Option(help: "Random seed; the same seed and --today give the same caseload.") var seed: UInt64 = 2024

    func validate() throws {
        guard (1...2_000_000).contains(cases) else { throw ValidationError(field: "cases", "must be between 1 and 2000000") }
    }

    func run() throws {
        let context = try CommandContext(global)
        if !context.directory.writers().isEmpty {
            throw ValidationError(field: "data", "\(context.directory.root) already holds journals; demo needs an empty directory")
        }
        let demo = DemoGenerator.generate(DemoOptions(cases: cases, seed: seed, today: context.today))
        try DemoWriter.write(demo, to: context.directory, now: context.clock.now())
        let events = demo.eventsByWriter.values.reduce(0) { $0 + $1.count }
        print("wrote \(cases) cases, \(events) events to \(context.directory.root) (counsellors: \(demo.counsellors.joined(separator: ", ")))")
    }
}
