import Dispatch

/// Objects the process lets go of only by ending: every store a command opens, and the app.
///
/// Quitting the app on a city-sized caseload used to take a third of a second after the screen
/// closed, and a command as long after its output: a hundred thousand records and their events,
/// released object by object. The kernel
/// takes the whole heap back at once. Nothing is lost by skipping it: every append is fsynced
/// before the app shows it, the journal lock is an `flock` the kernel releases, a snapshot
/// still being written is only a temporary file, removed by the next open, and the hub's live
/// sync has already had its last round (`HubLiveSync.stop(finishingWithin:)`).
enum KeptUntilExit {
    /// Touched only from the main thread (commands and the app run there).
    nonisolated(unsafe) private static var objects: [AnyObject] = []

    static func keep(_ object: AnyObject) { objects.append(object) }
}

extension KeptUntilExit {
    /// The one exception: lets go of `object` on another thread, for the app's first screen
    /// drawn from a preview, which nothing needs once the app proper has taken over (or when
    /// there is no live first screen to run on it). Pass the last reference (`consume`), or the
    /// main thread may free it after all.
    static func releaseAside(_ object: consuming AnyObject) {
        let held = Held(object)
        DispatchQueue.global(qos: .utility).async { held.object = nil }
    }

    private final class Held: @unchecked Sendable {
        var object: AnyObject?
        init(_ object: consuming AnyObject) { self.object = object }
    }
}
