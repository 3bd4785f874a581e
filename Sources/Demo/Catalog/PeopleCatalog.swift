/// Names, places and numbers that make demo people look like Binzhou residents.
enum PeopleCatalog {
    /// Surnames weighted roughly by how common they are in Shandong, with the rare
    /// compound surnames and the ones read differently as surnames (曾 zēng, 单 shàn,
    /// 仇 qiú, 区 ōu) kept in on purpose: they exercise sorting and pinyin search.
    static let surnames = WeightedTable<String>([
        ("王", 8), ("张", 7.5), ("李", 7.5), ("刘", 6), ("陈", 2.2), ("杨", 2.5), ("赵", 2.2), ("黄", 1),
        ("周", 1), ("吴", 0.8), ("徐", 1.2), ("孙", 1.8), ("马", 1.3), ("朱", 1), ("胡", 0.8), ("郭", 1),
        ("何", 0.5), ("林", 0.5), ("高", 1.4), ("罗", 0.4), ("宋", 1), ("郑", 0.6), ("梁", 0.5), ("谢", 0.3),
        ("韩", 0.9), ("唐", 0.3), ("冯", 0.6), ("于", 1.2), ("董", 0.8), ("程", 0.4), ("曹", 0.6), ("袁", 0.3),
        ("许", 0.5), ("吕", 0.6), ("苏", 0.4), ("卢", 0.3), ("贾", 0.5), ("丁", 0.6), ("魏", 0.7), ("薛", 0.4),
        ("崔", 0.6), ("田", 0.6), ("任", 0.5), ("姜", 0.7), ("范", 0.4), ("石", 0.4), ("孔", 0.3), ("孟", 0.5),
        ("邢", 0.3), ("尹", 0.3), ("侯", 0.4), ("牛", 0.3), ("房", 0.2), ("商", 0.1),
        ("曾", 0.15), ("单", 0.15), ("仇", 0.1), ("区", 0.05),
        ("欧阳", 0.05), ("司马", 0.03), ("诸葛", 0.03),
    ])

    /// Given names by sex and by the generation whose naming fashion they follow.
    enum Generation { case older, middle, younger }

    static func givenNames(male: Bool, generation: Generation) -> [String] {
        switch (male, generation) {
        case (true, .older): maleOlder
        case (false, .older): femaleOlder
        case (true, .middle): maleMiddle
        case (false, .middle): femaleMiddle
        case (true, .younger): maleYounger
        case (false, .younger): femaleYounger
        }
    }

    private static let maleOlder = [
        "建国", "建军", "国强", "志刚", "卫东", "德胜", "宝山", "振华", "洪涛", "立新", "明", "军", "勇", "刚", "强",
        "平", "伟", "涛", "海", "峰", "永刚", "长青", "学军", "庆华", "新民", "春生", "金龙", "忠", "良", "广森",
    ]
    private static let femaleOlder = [
        "秀英", "桂兰", "玉兰", "凤英", "淑珍", "红梅", "丽华", "海燕", "秀兰", "桂英", "玉梅", "春梅", "美玲", "爱华",
        "丽", "霞", "芳", "静", "艳", "红", "敏", "英", "萍", "娟", "金凤", "翠花", "秋菊", "素芬",
    ]
    private static let maleMiddle = [
        "伟", "磊", "鹏", "超", "杰", "浩", "凯", "宁", "帅", "斌", "明辉", "志强", "建伟", "海涛", "晓东", "文博",
        "俊杰", "振宇", "立伟", "国栋", "鑫", "亮", "飞", "阳", "成龙", "泽", "晓明", "文涛",
    ]
    private static let femaleMiddle = [
        "丽娜", "婷婷", "晓燕", "静怡", "倩", "雪", "莉", "慧", "娜", "敏", "琳", "晶", "燕", "丹", "颖", "佳",
        "晓丽", "雪梅", "文静", "欣", "玲玲", "美琪", "春燕", "梦", "璐", "萌", "蕾", "慧敏",
    ]
    private static let maleYounger = [
        "浩然", "子涵", "梓轩", "宇航", "一鸣", "博文", "思远", "俊熙", "天佑", "皓轩", "子豪", "家豪", "明轩", "嘉懿",
        "昊天", "子墨", "浩宇", "铭", "锐", "宸", "泽宇", "振东", "旭", "晨阳", "博", "宇", "昊", "凯文", "钰", "瑞",
    ]
    private static let femaleYounger = [
        "欣怡", "雨桐", "佳琪", "梦瑶", "嘉怡", "诗涵", "子琪", "思雨", "雨欣", "可馨", "一诺", "若曦", "紫萱", "梓涵",
        "佳怡", "语嫣", "悦", "涵", "萱", "琪", "彤", "瑶", "雯", "婧", "晨曦", "心怡", "雅琪", "静雯", "梦琪", "欣然",
    ]

    /// A county-level area whose code starts resident ID numbers born there.
    struct Region: Sendable {
        let code: String
        /// Province, city and county, as an address starts.
        let name: String
        let towns: [String]
        let inBinzhou: Bool
    }

    /// Binzhou's counties first (most residents were born there), then neighbouring cities.
    static let regions = WeightedTable<Region>([
        (Region(code: "371602", name: "山东省滨州市滨城区", towns: [
            "市中街道", "市东街道", "市西街道", "北镇街道", "彭李街道", "杜店街道", "滨北街道", "梁才街道",
            "沙河街道", "里则街道", "三河湖镇", "杨柳雪镇"], inBinzhou: true), 34),
        (Region(code: "371603", name: "山东省滨州市沾化区", towns: [
            "富源街道", "富国街道", "下洼镇", "古城镇", "冯家镇", "泊头镇"], inBinzhou: true), 8),
        (Region(code: "371621", name: "山东省滨州市惠民县", towns: [
            "孙武街道", "武定府街道", "何坊街道", "李庄镇", "胡集镇", "淄角镇", "姜楼镇"], inBinzhou: true), 10),
        (Region(code: "371622", name: "山东省滨州市阳信县", towns: [
            "信城街道", "金阳街道", "商店镇", "温店镇", "河流镇", "水落坡镇"], inBinzhou: true), 7),
        (Region(code: "371623", name: "山东省滨州市无棣县", towns: [
            "棣丰街道", "海丰街道", "水湾镇", "碣石山镇", "马山子镇", "车王镇"], inBinzhou: true), 7),
        (Region(code: "371625", name: "山东省滨州市博兴县", towns: [
            "博昌街道", "城东街道", "锦秋街道", "曹王镇", "兴福镇", "陈户镇", "吕艺镇", "店子镇", "湖滨镇"], inBinzhou: true), 8),
        (Region(code: "371681", name: "山东省邹平市", towns: [
            "黛溪街道", "黄山街道", "高新街道", "好生街道", "西董街道", "长山镇", "魏桥镇", "孙镇", "韩店镇", "码头镇"],
         inBinzhou: true), 9),
        (Region(code: "370102", name: "山东省济南市历下区", towns: ["解放路街道", "千佛山街道", "趵突泉街道", "泉城路街道"],
         inBinzhou: false), 2),
        (Region(code: "370112", name: "山东省济南市历城区", towns: ["山大路街道", "洪家楼街道", "王舍人街道", "港沟街道"],
         inBinzhou: false), 2),
        (Region(code: "370303", name: "山东省淄博市博山区", towns: ["城东街道", "城西街道", "山头街道", "八陡镇"],
         inBinzhou: false), 3),
        (Region(code: "370502", name: "山东省东营市东营区", towns: ["文汇街道", "黄河路街道", "东城街道", "牛庄镇"],
         inBinzhou: false), 4),
        (Region(code: "371402", name: "山东省德州市德城区", towns: ["新湖街道", "新华街道", "天衢街道", "二屯镇"],
         inBinzhou: false), 3),
        (Region(code: "370702", name: "山东省潍坊市潍城区", towns: ["城关街道", "南关街道", "西关街道", "于河街道"],
         inBinzhou: false), 3),
    ])

    /// Streets of Binzhou's urban district, where the office's clients mostly live now.
    static let cityStreets = ["市中街道", "市东街道", "市西街道", "北镇街道", "彭李街道", "滨北街道", "梁才街道", "杜店街道"]
    static let communities = [
        "新立河社区", "黄河社区", "渤海社区", "彩虹湖社区", "梧桐社区", "滨河社区", "东城社区", "清怡社区",
        "凤凰城社区", "中海社区", "新滨社区", "怡园社区", "北城社区", "玉龙湖社区", "蒲湖社区", "丽景社区",
    ]
    /// Binzhou's grid of numbered roads.
    static let roads = [
        "黄河五路", "黄河八路", "黄河十二路", "渤海七路", "渤海十八路", "渤海二十一路", "长江二路", "长江五路",
        "梧桐五路", "新立河西路",
    ]
    static let villages = [
        "王家村", "李庄村", "张集村", "刘官村", "后店村", "前进村", "东关村", "西街村", "大高村", "小营村",
        "孙家村", "赵家村", "马家村", "韩店村", "新庄村", "北杨村",
    ]

    /// Mobile prefixes in use on the mainland networks.
    static let phonePrefixes = [
        "130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "150", "151", "152", "153", "155",
        "156", "157", "158", "159", "166", "173", "175", "176", "177", "178", "180", "181", "182", "183", "184",
        "185", "186", "187", "188", "189", "191", "193", "195", "198", "199",
    ]
}
