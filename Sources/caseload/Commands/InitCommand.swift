import ArgumentParser
import Journal

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "init", abstract: "Create a data directory for an office or a laptop.")

    @OptionGroup var global: GlobalOptions

    @Option(help: "The office's name, shown on the status line and in reports.")
    var office: String = "公共就业服务中心"

    func run() throws {
        let context = try CommandContext(global)
        // `--writer` (or $CASELOAD_WRITER) comes from GlobalOptions; a second `--writer` here broke parsing.
        let writerID = context.writerOverride ?? "desk-01"
        do {
            try DataDirectory.validateWriterID(writerID)
        } catch {
            throw ValidationError(field: "writer", error.description)
        }
        guard !context.directory.exists else {
            throw ValidationError(field: "data", "\(context.directory.root) already holds a Caseload data directory")
        }
        try context.directory.prepare()
        try context.directory.writeText(context.directory.config, OfficeConfig(office: office, writer: writerID).render())
        print("initialised \(context.directory.root) (writer \(writerID))")
    }
}
