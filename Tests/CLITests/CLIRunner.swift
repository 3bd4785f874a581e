import Foundation
import XCTest

/// Runs the real `caseload` binary, as a script or a counsellor at a shell would.
struct CLIRunner {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The built executable beside the test bundle.
    static let executable: String = {
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("caseload").path,
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent("caseload").path,
            URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent(".build/debug/caseload").path,
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? candidates[0]
    }()

    let dataDirectory: String
    var environment: [String: String]

    init(dataDirectory: String, user: String = "wangfang") {
        self.dataDirectory = dataDirectory
        var env = ProcessInfo.processInfo.environment
        env["CASELOAD_DATA"] = dataDirectory
        env["CASELOAD_USER"] = user
        env["CASELOAD_LANG"] = "en"
        env.removeValue(forKey: "CASELOAD_WRITER")
        environment = env
    }

    /// Runs `caseload ARGS` with optional standard input and returns what it printed.
    @discardableResult
    func run(_ arguments: [String], input: String? = nil) throws -> Result {
        try CLIRunner.runProcess(CLIRunner.executable, arguments, environment: environment, input: input)
    }

    /// Runs any program to completion, feeding `input` and capturing both outputs.
    static func runProcess(_ executable: String, _ arguments: [String], environment: [String: String]? = nil,
                           input: String? = nil) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        let out = Pipe(), err = Pipe(), inPipe = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = inPipe
        try process.run()
        if let input { inPipe.fileHandleForWriting.write(Data(input.utf8)) }
        try inPipe.fileHandleForWriting.close()
        // Read both pipes fully before waiting, so a large output cannot block the child.
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                      stderr: String(decoding: stderr, as: UTF8.self))
    }

    func run(_ arguments: String...) throws -> Result { try run(arguments) }

    /// Every byte of every file under the data directory, to prove a failed command wrote nothing.
    func snapshot() -> [String: Data] {
        var files: [String: Data] = [:]
        let root = URL(fileURLWithPath: dataDirectory)
        guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else { return files }
        for case let url as URL in walker where !url.hasDirectoryPath {
            files[url.path] = try? Data(contentsOf: url)
        }
        return files
    }
}

/// A fresh temporary directory, removed by the test's teardown.
func makeTemporaryDirectory(_ label: String) -> String {
    let path = NSTemporaryDirectory() + "caseload-\(label)-\(UUID().uuidString.prefix(8))"
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}
