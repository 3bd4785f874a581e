import XCTest

final class CasesTestsPlaceholder: XCTestCase { func testPlaceholder() {} }
