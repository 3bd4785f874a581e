import Cases

/// What a job seeker's background points to: it picks the employers and courses offered.
enum JobField: Sendable {
    case chemical, mechanical, medical, business, computing, teaching, agriculture, general

    /// The sector a graduate names as their intention (就业意向).
    var sector: String {
        switch self {
        case .chemical: "化工"
        case .mechanical: "制造业"
        case .medical: "医疗"
        case .business: "商贸"
        case .computing: "互联网"
        case .teaching: "教育"
        case .agriculture: "食品"
        case .general: "不限"
        }
    }
}

/// An employer and the positions a counsellor recommends there.
struct Opening: Sendable {
    let employer: String
    let positions: [String]
}

/// Schools, majors and the local economy (chemicals, textiles and aluminium, food).
enum WorkCatalog {
    struct School: Sendable {
        let name: String
        let majors: [String]
        /// Share of master's graduates; vocational colleges award associate degrees only.
        let masterShare: Double
        let vocational: Bool
    }

    static let schools = WeightedTable<School>([
        (School(name: "滨州学院", majors: ["化学工程与工艺", "应用化学", "材料科学与工程", "汉语言文学", "学前教育", "会计学",
                                       "电子商务", "计算机科学与技术", "机械设计制造及其自动化", "物流管理"], masterShare: 0, vocational: false), 14),
        (School(name: "滨州医学院", majors: ["护理学", "临床医学", "药学", "医学影像技术", "康复治疗学"], masterShare: 0.15, vocational: false), 8),
        (School(name: "滨州职业学院", majors: ["护理", "机电一体化技术", "电子商务", "学前教育", "会计", "物流管理", "石油化工技术"],
                masterShare: 0, vocational: true), 12),
        (School(name: "山东化工职业学院", majors: ["应用化工技术", "石油化工技术", "工业分析技术", "机电一体化技术"],
                masterShare: 0, vocational: true), 5),
        (School(name: "中国石油大学(华东)", majors: ["化学工程与工艺", "油气储运工程", "安全工程", "机械设计制造及其自动化", "计算机科学与技术"],
                masterShare: 0.3, vocational: false), 3),
        (School(name: "青岛科技大学", majors: ["高分子材料与工程", "化学工程与工艺", "应用化学", "自动化", "市场营销"], masterShare: 0.15, vocational: false), 4),
        (School(name: "山东科技大学", majors: ["机械设计制造及其自动化", "电气工程及其自动化", "安全工程", "计算机科学与技术", "会计学"],
                masterShare: 0.15, vocational: false), 4),
        (School(name: "山东理工大学", majors: ["车辆工程", "机械设计制造及其自动化", "化学工程与工艺", "电子信息工程", "市场营销"],
                masterShare: 0.12, vocational: false), 6),
        (School(name: "齐鲁工业大学", majors: ["化学工程与工艺", "食品科学与工程", "软件工程", "财务管理"], masterShare: 0.12, vocational: false), 4),
        (School(name: "济南大学", majors: ["材料科学与工程", "计算机科学与技术", "汉语言文学", "会计学"], masterShare: 0.12, vocational: false), 4),
        (School(name: "聊城大学", majors: ["汉语言文学", "英语", "思想政治教育", "物流管理"], masterShare: 0.1, vocational: false), 4),
        (School(name: "山东师范大学", majors: ["汉语言文学", "英语", "学前教育", "数据科学与大数据技术"], masterShare: 0.15, vocational: false), 3),
        (School(name: "曲阜师范大学", majors: ["小学教育", "汉语言文学", "英语", "工商管理"], masterShare: 0.1, vocational: false), 3),
        (School(name: "潍坊学院", majors: ["化学工程与工艺", "电子商务", "学前教育", "机械设计制造及其自动化"], masterShare: 0, vocational: false), 3),
        (School(name: "山东大学", majors: ["临床医学", "计算机科学与技术", "化学工程与工艺", "汉语言文学"], masterShare: 0.4, vocational: false), 2),
        (School(name: "山东农业大学", majors: ["农学", "园艺", "食品科学与工程", "动物医学"], masterShare: 0.12, vocational: false), 3),
        (School(name: "德州学院", majors: ["汉语言文学", "电子商务", "电气工程及其自动化"], masterShare: 0, vocational: false), 3),
        (School(name: "山东石油化工学院", majors: ["化学工程与工艺", "油气储运工程", "安全工程"], masterShare: 0, vocational: false), 2),
        (School(name: "淄博职业学院", majors: ["护理", "会计", "机电一体化技术", "电子商务"], masterShare: 0, vocational: true), 4),
        (School(name: "东营职业学院", majors: ["石油化工技术", "应用化工技术", "物流管理"], masterShare: 0, vocational: true), 3),
    ])

    /// Campus sessions (公共就业服务进校园) are held at the schools near Binzhou.
    static let campusSchools = ["滨州学院", "滨州医学院", "滨州职业学院", "山东化工职业学院", "山东理工大学", "山东石油化工学院"]

    static func school(named name: String) -> School? { schools.items.first { $0.name == name } }

    static func field(ofMajor major: String) -> JobField {
        switch major {
        case "化学工程与工艺", "应用化学", "高分子材料与工程", "安全工程", "石油化工技术", "应用化工技术", "工业分析技术",
             "油气储运工程", "材料科学与工程":
            return .chemical
        case "机械设计制造及其自动化", "电气工程及其自动化", "机电一体化技术", "车辆工程", "自动化", "电子信息工程":
            return .mechanical
        case "护理学", "临床医学", "药学", "医学影像技术", "康复治疗学", "护理":
            return .medical
        case "会计学", "市场营销", "电子商务", "物流管理", "财务管理", "工商管理", "会计":
            return .business
        case "计算机科学与技术", "软件工程", "数据科学与大数据技术":
            return .computing
        case "汉语言文学", "学前教育", "英语", "小学教育", "思想政治教育":
            return .teaching
        case "农学", "园艺", "食品科学与工程", "动物医学":
            return .agriculture
        default:
            return .general
        }
    }

    /// Where counsellors recommend people, by background. `general` is for people without
    /// a trade: packing, sorting, sewing, cleaning and plant operator jobs.
    static func openings(for field: JobField) -> [Opening] {
        switch field {
        case .chemical: chemicalOpenings
        case .mechanical: [
            Opening(employer: "渤海活塞", positions: ["数控车工", "机加工操作工", "质检员"]),
            Opening(employer: "魏桥创业集团", positions: ["设备维修工", "电工"]),
            Opening(employer: "山东宏桥", positions: ["电解工", "电气技术员"]),
            Opening(employer: "西王集团", positions: ["电工", "生产操作工"]),
            Opening(employer: "滨州北海经济开发区企业", positions: ["装配工", "设备巡检员"]),
        ]
        case .medical: [
            Opening(employer: "滨州医学院附属医院", positions: ["护士", "药剂师"]),
            Opening(employer: "滨州市人民医院", positions: ["护士", "导医"]),
            Opening(employer: "滨城区社区卫生服务中心", positions: ["护士", "康复治疗师"]),
            Opening(employer: "邹平市人民医院", positions: ["护士"]),
        ]
        case .business: [
            Opening(employer: "银座商城", positions: ["营业员", "收银员"]),
            Opening(employer: "京东物流滨州仓", positions: ["仓库管理员", "分拣员"]),
            Opening(employer: "顺丰速运滨州分公司", positions: ["客服专员", "快递员"]),
            Opening(employer: "滨州某会计师事务所", positions: ["会计", "会计助理"]),
            Opening(employer: "魏桥创业集团", positions: ["文员"]),
            Opening(employer: "中裕食品", positions: ["电商运营", "销售代表"]),
        ]
        case .computing: [
            Opening(employer: "滨州联通", positions: ["网络运维员"]),
            Opening(employer: "滨州移动", positions: ["客服代表"]),
            Opening(employer: "滨州某软件公司", positions: ["软件测试员", "前端开发"]),
            Opening(employer: "京博石化", positions: ["信息化专员"]),
        ]
        case .teaching: [
            Opening(employer: "滨城区某幼儿园", positions: ["幼儿教师"]),
            Opening(employer: "滨州某教育培训学校", positions: ["辅导教师"]),
            Opening(employer: "滨城区某社区服务中心", positions: ["社工"]),
        ]
        case .agriculture: [
            Opening(employer: "中裕食品", positions: ["质检员", "技术员"]),
            Opening(employer: "西王集团", positions: ["质检员"]),
            Opening(employer: "滨州某农业合作社", positions: ["技术员"]),
        ]
        case .general: generalOpenings
        }
    }

    private static let chemicalOpenings = [
        Opening(employer: "滨化集团", positions: ["化工操作工", "化工工艺员", "质检员", "安全员"]),
        Opening(employer: "京博石化", positions: ["化工操作工", "化验员", "工艺技术员"]),
        Opening(employer: "鲁北化工", positions: ["化工操作工", "仓库管理员"]),
        Opening(employer: "香驰控股", positions: ["技术员", "化验员"]),
        Opening(employer: "博兴县化工园区企业", positions: ["化工操作工", "设备巡检员"]),
    ]
    private static let generalOpenings = [
        Opening(employer: "中裕食品", positions: ["食品包装工", "仓库管理员"]),
        Opening(employer: "魏桥创业集团", positions: ["纺织挡车工", "质检员"]),
        Opening(employer: "愉悦家纺", positions: ["缝纫工", "包装工"]),
        Opening(employer: "亚光家纺", positions: ["缝纫工"]),
        Opening(employer: "佳乐家超市", positions: ["理货员", "收银员"]),
        Opening(employer: "京东物流滨州仓", positions: ["分拣员"]),
        Opening(employer: "滨化集团", positions: ["化工操作工"]),
        Opening(employer: "滨州某物业公司", positions: ["保安", "保洁员"]),
        Opening(employer: "渤海活塞", positions: ["机加工操作工"]),
        Opening(employer: "山东宏桥", positions: ["叉车司机"]),
        Opening(employer: "滨城区某社区", positions: ["社区公益岗保洁"]),
    ]

    /// Previous employers of registered unemployed people, with their industry.
    static let previousEmployers = WeightedTable<(employer: String, industry: String)>([
        (("滨化集团", "化工"), 6), (("京博石化", "化工"), 5), (("鲁北化工", "化工"), 4), (("香驰控股", "化工"), 3),
        (("博兴县化工园区企业", "化工"), 5), (("魏桥创业集团", "纺织"), 8), (("山东宏桥", "铝业"), 5),
        (("西王集团", "食品加工"), 4), (("中裕食品", "食品加工"), 3), (("渤海活塞", "机械制造"), 3),
        (("愉悦家纺", "纺织"), 3), (("亚光家纺", "纺织"), 2), (("滨州某商贸公司", "商贸"), 5), (("佳乐家超市", "商贸"), 3),
        (("滨州某建筑公司", "建筑"), 5), (("滨城区某物流公司", "物流"), 3), (("个体餐馆", "餐饮"), 3),
    ])

    /// The field an unemployed person's previous industry points to.
    static func field(ofIndustry industry: String) -> JobField {
        switch industry {
        case "化工": .chemical
        case "机械制造", "铝业": .mechanical
        case "商贸", "物流": .business
        default: .general
        }
    }

    /// Public welfare posts (公益性岗位) run by street offices.
    static let publicWelfarePosts = ["社区保洁", "治安巡逻", "护路"]
    /// Community micro-factory (社区微工厂) work: near home, some of it taken home.
    static let microFactoryWork = ["草柳编", "服装加工", "电子元件组装"]

    /// Training referrals: the school and the course (高端化工 and 滨州手造 are the city's brands).
    static let trainings = WeightedTable<(school: String, course: String)>([
        (("滨州技师学院", "高端化工培训（化工总控工）"), 5), (("滨州市职业培训中心", "“滨州手造”草柳编技能培训"), 3),
        (("滨州市职业培训中心", "电子商务直播培训"), 2), (("滨城区职业培训学校", "育婴员培训"), 2),
        (("滨州技师学院", "焊工培训"), 2), (("滨城区职业培训学校", "叉车司机培训"), 2), (("滨州技师学院", "电工培训"), 2),
        (("滨城区职业培训学校", "家政服务员培训"), 2), (("滨州市职业培训中心", "“滨州手造”布艺技能培训"), 1),
    ])

    /// Traineeship bases (就业见习基地) by field, with the trainee position.
    static func traineeship(for field: JobField) -> (employer: String, position: String) {
        switch field {
        case .chemical: ("滨化集团", "见习化工工艺员")
        case .mechanical: ("渤海活塞", "见习技术员")
        case .medical: ("滨州医学院附属医院", "见习护士")
        case .business: ("滨州某会计师事务所", "见习会计")
        case .computing: ("滨州某软件公司", "见习开发")
        case .teaching: ("滨城区某幼儿园", "见习教师")
        case .agriculture: ("中裕食品", "见习质检员")
        case .general: ("滨城区某社区服务中心", "见习社工")
        }
    }

    static let places = WeightedTable<String>([("滨州", 50), ("济南", 20), ("青岛", 15), ("淄博", 5), ("东营", 5), ("不限", 5)])
    static let salaries = WeightedTable<String>([("3500-5000", 2), ("4000-6000", 5), ("5000-7000", 3), ("6000-8000", 1), ("面议", 1)])
}
