import Cases

/// Loops over records that read each one in place. `Sequence`'s `filter`, `compactMap` and
/// `for … in` copy every record they visit, retaining and releasing each of its arrays and
/// strings: with a report's figures each taken over 100,000 cases, that was most of a report.
extension Array where Element == CaseRecord {
    /// `compactMap`, reading each record where it is.
    func compactMapInPlace<T>(_ transform: (borrowing CaseRecord) -> T?) -> [T] {
        withUnsafeBufferPointer { buffer in
            var result: [T] = []
            for index in buffer.indices {
                if let value = transform(buffer[index]) { result.append(value) }
            }
            return result
        }
    }

    /// `filter`: each record tested where it is, and only those kept copied.
    func filterInPlace(_ isIncluded: (borrowing CaseRecord) -> Bool) -> [CaseRecord] {
        compactMapInPlace { isIncluded($0) ? $0 : nil }
    }

    /// `forEach`, reading each record where it is.
    func forEachInPlace(_ body: (borrowing CaseRecord) -> Void) {
        withUnsafeBufferPointer { buffer in
            for index in buffer.indices { body(buffer[index]) }
        }
    }
}
