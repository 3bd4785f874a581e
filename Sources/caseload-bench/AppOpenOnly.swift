import Journal
import Office
import Screens
import Terminal

extension Bench {
    /// The app's path from an open store to its first frame, repeated and printed as it goes
    /// (for profiling): the store is opened once, then each run builds the policy, the session,
    /// the app and its first frame as `caseload` does. Then the real binary under tmux.
    func runAppOpenOnly() throws {
        let (store, storeMs) = try Monotonic.time { try CaseStore(directory: directory, forWriting: false, clock: SystemClock()) }
        print("store \(Format.milliseconds(storeMs)), \(store.caseload.cases.count) cases, \(store.caseload.eventCount) events")
        // As the app does on an office this size: the opening frame is drawn before anything else.
        let openingMs = Monotonic.time {
            _ = OpeningFrame.render(size: TerminalSize(width: 100, height: 30), language: .zh, office: "滨城区就业服务中心", bytes: 1 << 30)
        }.milliseconds
        print("opening frame \(Format.milliseconds(openingMs))")
        for _ in 0..<options.openRuns {
            let cpu = Monotonic.processCPUMilliseconds()
            let (rules, rulesMs) = try Monotonic.time { try OfficeRules(directory: directory) }
            let (session, sessionMs) = Monotonic.time {
                OfficeSession(store: store, rules: rules, user: options.user, today: options.today)
            }
            let sessionCPU = Monotonic.processCPUMilliseconds() - cpu
            let terminal = FakeTerminal(width: 100, height: 30)
            let (state, stateMs) = Monotonic.time { AppState(session: session, language: .zh) }
            let (app, appInitMs) = Monotonic.time { App(device: terminal, state: state) }
            let appMs = stateMs + appInitMs
            let frameCPU = Monotonic.threadCPUMilliseconds()
            let frameMs = Monotonic.time { _ = app.renderFrame() }.milliseconds
            let frameCPUMs = Monotonic.threadCPUMilliseconds() - frameCPU
            print("policy \(Format.milliseconds(rulesMs)), session \(Format.milliseconds(sessionMs)) (cpu \(Format.milliseconds(sessionCPU))), "
                + "app state \(Format.milliseconds(stateMs)), App \(Format.milliseconds(appInitMs)), first frame \(Format.milliseconds(frameMs)) (thread cpu \(Format.milliseconds(frameCPUMs))), "
                + "total \(Format.milliseconds(rulesMs + sessionMs + appMs + frameMs))")
            // Let the background search build finish outside the next run's timing.
            session.adoptSearch(waiting: true)
        }
        // The first screen as the app draws it on a large office: the user's own cases from the
        // snapshot alone, their session, the caseload screen's first frame.
        for _ in 0..<options.openRuns {
            let cpu = Monotonic.processCPUMilliseconds()
            let (preview, previewMs) = Monotonic.time {
                CaseStore.preview(directory: directory, counsellor: options.user, clock: SystemClock())
            }
            guard let preview else {
                print("preview: none (no usable snapshot, or no cases of \(options.user)'s in it)")
                break
            }
            let rules = try OfficeRules(directory: directory)
            let (session, sessionMs) = Monotonic.time { OfficeSession(store: preview, rules: rules, user: options.user, today: options.today) }
            let frameMs = Monotonic.time {
                _ = App.previewFrame(device: FakeTerminal(width: 100, height: 30), state: AppState(session: session, language: .zh))
            }.milliseconds
            print("preview \(Format.milliseconds(previewMs)) (\(preview.caseload.cases.count) of \(store.caseload.cases.count) cases), "
                + "session \(Format.milliseconds(sessionMs)), first frame \(Format.milliseconds(frameMs)), "
                + "total \(Format.milliseconds(previewMs + sessionMs + frameMs)) (cpu \(Format.milliseconds(Monotonic.processCPUMilliseconds() - cpu)))")
        }
        try AppLaunchBench(bench: self).run()
        for launch in report.rows.suffix(4) {
            print("\(launch.name): median \(Format.milliseconds(launch.medianMilliseconds)), p99 \(Format.milliseconds(launch.p99Milliseconds))")
        }
    }
}
