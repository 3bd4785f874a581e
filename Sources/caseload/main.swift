import ArgumentParser
import Cases
import Journal
#if canImport(Glibc)
import Glibc
#endif

// Every failure ends in one line on stderr and a documented exit code:
// 0 success, 1 the operation failed (I/O, damaged journal, journal in use), 2 bad input.
// ArgumentParser's own usage errors would exit 64; the counsellor-facing contract is 2.
do {
    var command = try CaseloadCommand.parseAsRoot()
    try command.run()
} catch let error as ValidationError {
    Output.fail(error.description, code: ExitStatus.badInput)
} catch let error as JournalError {
    Output.fail(error.description, code: ExitStatus.failed)
} catch let code as ExitCode {
    exit(code.rawValue)
} catch let error as CommandFailure {
    Output.fail(error.message, code: error.code)
} catch {
    let code = CaseloadCommand.exitCode(for: error)
    if code == .success {
        print(CaseloadCommand.fullMessage(for: error))
        exit(0)
    }
    let message = CaseloadCommand.message(for: error).split(separator: "\n").first.map(String.init) ?? "\(error)"
    Output.fail(message, code: ExitStatus.badInput)
}
