extension DemoGenerator {
    /// The counsellor `caseload --demo` acts as unless told otherwise: the one with the
    /// largest caseload, so the first screen is full.
    public static var firstCounsellor: String { OfficeStaff.counsellors[0].id }
}
