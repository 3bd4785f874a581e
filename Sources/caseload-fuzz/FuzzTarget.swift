import Cases
import Foundation
import Journal
import Roster
import Rules
import Terminal

/// One libFuzzer target for every parser that reads outside input. The first byte picks the
/// parser; the rest is its input. Each must return a value or throw its error: a trap, a hang or
/// a sanitizer report is a bug. See the README's Reliability section for how to run it.
enum FuzzTarget {
    static func run(_ data: UnsafeBufferPointer<UInt8>) {
        guard let selector = data.first else { return }
        let input = Array(data.dropFirst())
        let text = String(decoding: input, as: UTF8.self)
        switch selector % 6 {
        case 0:  // a journal: every line's checksum, JSON, fields, sequence and chain
            _ = JournalScanner.scan(input, file: "fuzz.jsonl", writer: "desk-01")
        case 1:  // one journal line, as sync and the scanner decode it
            _ = input.withUnsafeBufferPointer { try? JournalLine.decode($0) }
        case 2:  // a roster: CSV in UTF-8 or GB18030, or an .xlsx workbook
            _ = try? RosterFile.table(input)
        case 3:  // the policy file
            _ = try? Policy.parse(text: text, file: "policy.toml")
        case 4:  // a theme file
            _ = try? Theme.parse(toml: text, file: "theme.toml", defaultName: "fuzz")
        default:  // a resident ID as typed into a form or a roster cell
            _ = try? ResidentID.parse(text, today: LocalDate(year: 2026, month: 11, day: 29)!)
        }
    }
}

#if FUZZING
/// libFuzzer's per-input entry point.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    guard let bytes else { return 0 }
    FuzzTarget.run(UnsafeBufferPointer(start: bytes, count: count))
    return 0
}

/// libFuzzer's driver (in libclang_rt.fuzzer); called from our own `main`, because SwiftPM
/// renames an executable's entry point and so libFuzzer's `main` would never be the one that runs.
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(_ argc: UnsafeMutablePointer<CInt>,
                     _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
                     _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt

@main
struct FuzzMain {
    static func main() {
        var argc = CommandLine.argc
        var argv = CommandLine.unsafeArgv
        exit(runFuzzerDriver(&argc, &argv, fuzzOneInput))
    }
}
#else
/// Without libFuzzer: runs each file named on the command line through the target, to replay
/// a crash libFuzzer saved (`caseload-fuzz crash-…`).
@main
struct FuzzReplay {
    static func main() {
        for path in CommandLine.arguments.dropFirst() {
            guard let data = FileManager.default.contents(atPath: path) else {
                print("cannot read \(path)")
                continue
            }
            [UInt8](data).withUnsafeBufferPointer(FuzzTarget.run)
            print("ok \(path)")
        }
    }
}
#endif
