import Cases
import Terminal
import XCTest
@testable import Screens

/// Helpers for driving forms through the app, as a counsellor would.
extension ScreenFixture {
    func form() throws -> FormScreen {
        try XCTUnwrap(app.stack.last as? FormScreen, "a form is on top: \(frame.dump())")
    }

    /// The screen row showing a field's label.
    func row(_ frame: MemorySurface, _ label: String) -> String {
        frame.lines.first { $0.dropFirst(2).hasPrefix(label) } ?? ""
    }

    /// Opens the new-case form and moves to the name field.
    func newCase(kind: String = "graduate") throws -> FormScreen {
        press(.function(8))
        let form = try form()
        if kind != "graduate" { _ = type(kind) }
        press(.tab)
        XCTAssertEqual(form.focusedField?.key, "name")
        return form
    }

    var events: [Event] { session.caseload.allEvents }

    /// Opens a case from the caseload, as a counsellor would.
    func openCase(_ name: String) throws {
        _ = frame
        let caseload = try XCTUnwrap(app.stack.last as? CaseloadScreen)
        let index = try XCTUnwrap(caseload.rows.firstIndex { $0.name == name }, "\(name) is listed")
        for _ in 0..<index { press(.down) }
        press(.enter)
        XCTAssertTrue(app.stack.last is CaseScreen)
    }
}
