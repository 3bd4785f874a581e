import Cases

/// Which column of a roster feeds which intake field.
public struct ColumnMapping: Sendable, Equatable {
    /// Column index for each field the roster supplies.
    public var columns: [IntakeField: Int]
    /// Headers of columns no field uses (序号, 性别, 备注…), reported so nothing is lost silently.
    public var unused: [String]
    public var headers: [String]

    /// The header a field was read from: what a rejected row's 错误字段 names.
    public func header(for field: IntakeField) -> String? { columns[field].map { headers[$0] } }
}

/// Recognises roster headers in Chinese and English and maps them to intake fields.
///
/// Rosters come from schools, sub-district offices and the unemployment register, each with its
/// own headings for the same thing (身份证号, 身份证号码, 公民身份号码). Headers are compared
/// after normalising: spaces, `*` and "(必填)" marks removed, full-width letters made ASCII,
/// lower-cased, `_` and `-` dropped. A few headings mean different fields for different kinds
/// (学历 is the degree of a graduate, free-text education otherwise); `--map 列名=field`
/// handles anything not recognised.
public enum RosterColumns {
    /// Headings for every kind.
    static let common: [String: IntakeField] = synonyms([
        (.name, ["姓名", "名字", "name", "fullname"]),
        (.id, ["身份证号", "身份证号码", "公民身份号码", "身份证", "证件号码", "身份证件号码", "id", "idnumber", "idno", "residentid"]),
        (.phone, ["联系电话", "手机号", "手机", "手机号码", "电话", "电话号码", "联系方式", "phone", "mobile", "tel", "telephone"]),
        (.hukou, ["户籍地址", "户籍地", "户籍所在地", "户口所在地", "hukou", "hukouaddress"]),
        (.community, ["现居住地", "社区", "现居住地址", "居住地址", "现住址", "所在社区", "community", "address"]),
        (.education, ["文化程度", "education"]),
        (.school, ["学校", "毕业院校", "毕业学校", "院校", "院校名称", "学校名称", "school"]),
        (.major, ["专业", "所学专业", "专业名称", "major"]),
        (.graduated, ["毕业时间", "毕业日期", "毕业年月", "graduated", "graduation", "graduationdate"]),
        (.leftWithoutJob, ["是否离校未就业", "离校未就业", "leftwithoutjob"]),
        (.intentionSector, ["就业意向", "求职意向", "意向行业", "意向岗位", "intention", "sector", "intentionsector"]),
        (.intentionPlace, ["意向地点", "意向工作地点", "期望工作地点", "place", "intentionplace"]),
        (.intentionSalary, ["期望薪资", "期望月薪", "期望工资", "salary", "intentionsalary"]),
        (.identified, ["认定日期", "认定时间", "identified", "identificationdate"]),
        (.certificate, ["证书编号", "认定证书编号", "就业困难人员证书编号", "certificate"]),
        (.household, ["家庭编号", "户编号", "household"]),
        (.registered, ["登记日期", "失业登记日期", "登记时间", "registered", "registrationdate"]),
        (.registrationNumber, ["登记编号", "失业登记编号", "失业登记证号", "登记证号", "registrationno", "registrationnumber"]),
        (.previousEmployer, ["原工作单位", "原单位", "原就业单位", "previousemployer"]),
        (.industry, ["行业", "原行业", "所属行业", "industry"]),
        (.benefitUntil, ["失业金截止", "失业金截止日期", "领取失业保险金截止日期", "失业保险金截止日期", "benefituntil"]),
    ])

    /// Headings whose field depends on the kind being imported.
    static func kindSpecific(_ kind: CaseKind) -> [String: IntakeField] {
        switch kind {
        case .graduate:
            synonyms([(.degree, ["学历", "学历层次", "degree"]), (.difficulty, ["困难类别", "困难毕业生类别", "困难类型", "difficulty"])])
        case .difficulty:
            synonyms([(.education, ["学历"]), (.category, ["困难类别", "类别", "人员类别", "就业困难人员类别", "困难类型", "category"])])
        case .unemployed:
            synonyms([(.education, ["学历"])])
        }
    }

    private static func synonyms(_ list: [(IntakeField, [String])]) -> [String: IntakeField] {
        var map: [String: IntakeField] = [:]
        for (field, names) in list {
            for name in names + [field.rawValue] { map[normalise(name)] = field }
        }
        return map
    }

    /// The field a header means for this kind, if recognised.
    public static func field(for header: String, kind: CaseKind) -> IntakeField? {
        let key = normalise(header)
        guard let field = kindSpecific(kind)[key] ?? common[key], IntakeField.fields(for: kind).contains(field) else { return nil }
        return field
    }

    /// Maps headers to fields. `overrides` are `--map` pairs (column → field name, or `ignore`);
    /// they win over recognition. When two columns mean the same field, the first is used and
    /// the other reported unused.
    public static func map(headers: [String], kind: CaseKind, overrides: [(column: String, field: String)] = [])
        throws(ValidationError) -> ColumnMapping {
        var forced: [Int: IntakeField?] = [:]
        for (column, fieldName) in overrides {
            guard let index = headers.firstIndex(where: { $0 == column }) ?? headers.firstIndex(where: { normalise($0) == normalise(column) }) else {
                throw ValidationError(field: "map", "the file has no column '\(column)' (columns: \(headers.filter { !$0.isEmpty }.joined(separator: ", ")))")
            }
            let name = fieldName.trimmingWhitespace()
            if name.lowercased() == "ignore" || name == "-" {
                forced[index] = .some(nil)
                continue
            }
            guard let field = IntakeField(rawValue: name.lowercased()) ?? self.field(for: name, kind: kind) else {
                throw ValidationError(field: "map", "'\(name)' is not a field; use one of \(IntakeField.fields(for: kind).map(\.rawValue).joined(separator: ", ")) or ignore")
            }
            guard IntakeField.fields(for: kind).contains(field) else {
                throw ValidationError(field: "map", "\(field.rawValue) is not a field of \(kind.rawValue) cases")
            }
            forced[index] = field
        }
        var columns: [IntakeField: Int] = [:]
        for (index, field) in forced.sorted(by: { $0.key < $1.key }) {
            if let field, columns[field] == nil { columns[field] = index }
        }
        var unused: [String] = []
        for (index, header) in headers.enumerated() {
            if let override = forced[index] {
                if override == nil || columns[override!] != index, !header.isEmpty { unused.append(header) }
                continue
            }
            if let field = field(for: header, kind: kind), columns[field] == nil {
                columns[field] = index
            } else if !header.isEmpty {
                unused.append(header)
            }
        }
        return ColumnMapping(columns: columns, unused: unused, headers: headers)
    }

    /// Government rosters often carry a title row (…毕业生花名册, merged across the columns) and
    /// sometimes a unit or date line above the real header. The header is the first of the first
    /// ten rows in which at least two cells are recognised headings; rows above it are dropped.
    /// A table whose first row already qualifies, or where no row does, is returned as read.
    public static func locateHeader(_ table: RosterTable, kind: CaseKind) -> RosterTable {
        func recognised(_ cells: [String]) -> Int { cells.filter { field(for: $0, kind: kind) != nil }.count }
        guard recognised(table.headers) < 2,
              let index = table.rows.prefix(9).firstIndex(where: { recognised($0.cells) >= 2 }) else { return table }
        var located = table
        located.headers = table.rows[index].cells.map { $0.trimmingWhitespace() }
        located.headerRow = table.rows[index].number
        located.rows = Array(table.rows[(index + 1)...])
        return located
    }

    /// Required fields with no column and no default: the import cannot start without them.
    public static func missingRequired(_ mapping: ColumnMapping, kind: CaseKind, defaults: Set<IntakeField>) -> [IntakeField] {
        IntakeField.fields(for: kind).filter {
            IntakeField.required(for: kind).contains($0) && mapping.columns[$0] == nil && !defaults.contains($0)
        }
    }

    /// The Chinese heading we look for first, for messages ("no column for id (身份证号)").
    public static func suggestedHeader(for field: IntakeField, kind: CaseKind) -> String? {
        let preferred: [IntakeField: String] = [
            .name: "姓名", .id: "身份证号", .phone: "联系电话", .school: "毕业院校", .major: "专业", .degree: "学历",
            .graduated: "毕业时间", .category: "困难类别", .identified: "认定日期", .registered: "登记日期",
        ]
        return preferred[field]
    }

    static func normalise(_ header: String) -> String {
        var text = RosterValues.halfWidth(header).lowercased()
        for mark in ["(必填)", "（必填）", "(选填)", "（选填）"] { text = text.replacingAll(mark, with: "") }
        return String(text.unicodeScalars.filter { !($0.properties.isWhitespace || "*_-:：".unicodeScalars.contains($0)) }
            .map(Character.init))
    }
}
