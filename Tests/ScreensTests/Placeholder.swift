import XCTest

final class ScreensTestsPlaceholder: XCTestCase { func testPlaceholder() {} }
