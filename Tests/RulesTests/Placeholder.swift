import XCTest

final class RulesTestsPlaceholder: XCTestCase { func testPlaceholder() {} }
