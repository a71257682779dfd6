//! Reference tables: GB/T 4754-2017 industry classes with weights, and Hebei counties.
//!
//! Weights are per 100,000 enterprises (before the county specialty mix), chosen so that the five big industrial
//! groups of the 2017 pollution-source census (metal products, non-metal mineral products, general equipment,
//! rubber and plastics, textiles and clothing) hold roughly 44% of rows, with the guideline's 高排放 industries,
//! services and the exempt-candidate industries (clean power, ICs, internet, biomedicine) represented.

/// Industry groups used to correlate the other columns with the industry class.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Group {
    /// 钢铁 31xx
    Steel,
    /// 焦化 2521
    Coking,
    /// 铸造 3391/3392
    Casting,
    /// 建材 30xx except 3091
    BuildingMaterials,
    /// 碳素 3091
    Carbon,
    /// 化学原料药（农药） 2710, 263x
    ApiPesticide,
    /// 有色 32xx
    NonFerrous,
    /// 化工 26xx (other than 263x)
    Chemical,
    /// 石化 251x
    Petrochem,
    /// 金属制品 33xx (other than casting)
    MetalProducts,
    /// 通用设备 34xx and special equipment 35xx
    Equipment,
    /// 橡胶和塑料 29xx
    RubberPlastics,
    /// 纺织服装 17xx/18xx
    Textiles,
    /// 包装印刷 231x
    Printing,
    /// 医药制造 27xx (other than 2710)
    Pharma,
    /// 农副食品、食品、酒饮料 13xx–15xx
    Food,
    /// 木材加工、家具 20xx/21xx, 工艺品 24xx
    WoodFurniture,
    /// 皮革毛皮制鞋 19xx
    Leather,
    /// 造纸和纸制品 22xx
    Paper,
    /// 汽车、自行车等 36xx/37xx
    Transport,
    /// 电气机械 38xx
    Electrical,
    /// 餐饮 62xx
    Catering,
    /// 洗染 8030
    Laundry,
    /// 修理 81xx
    Repair,
    /// 清洁能源发电 4413–4417
    CleanPower,
    /// 火电、热力 4411/4430
    Heat,
    /// 集成电路 3973
    IntegratedCircuit,
    /// 互联网、电子商务 64xx/5292
    Internet,
    /// 种植业、畜牧业 01xx/03xx
    Agriculture,
}

impl Group {
    /// The guideline's 高排放行业 (钢铁、焦化、铸造、建材、碳素、化学原料药（农药）、有色、化工).
    pub fn is_high_emission(self) -> bool {
        matches!(
            self,
            Group::Steel
                | Group::Coking
                | Group::Casting
                | Group::BuildingMaterials
                | Group::Carbon
                | Group::ApiPesticide
                | Group::NonFerrous
                | Group::Chemical
        )
    }

    /// Industries that are manufacturing (and so can be 散乱污 workshops).
    pub fn is_manufacturing(self) -> bool {
        !matches!(
            self,
            Group::Catering
                | Group::Laundry
                | Group::Repair
                | Group::CleanPower
                | Group::Heat
                | Group::Internet
                | Group::Agriculture
        )
    }

    /// Industries other than the 高排放 ones that the 2020 performance-grading guide covers (some of their
    /// enterprises carry a grade).
    pub fn is_graded_elsewhere(self) -> bool {
        matches!(
            self,
            Group::Petrochem
                | Group::Printing
                | Group::WoodFurniture
                | Group::RubberPlastics
                | Group::Pharma
                | Group::Leather
                | Group::Paper
                | Group::Textiles
                | Group::Transport
                | Group::MetalProducts
                | Group::Equipment
                | Group::Heat
        )
    }
}

/// One industry class: code, the word used in generated company names, group, weight.
pub struct Class {
    pub code: &'static str,
    pub word: &'static str,
    pub group: Group,
    pub weight: u32,
}

const fn c(code: &'static str, word: &'static str, group: Group, weight: u32) -> Class {
    Class { code, word, group, weight }
}

use Group::*;

/// The industry classes that generated enterprises use.
pub static CLASSES: &[Class] = &[
    // 金属制品 33xx ≈ 14%
    c("3311", "钢结构", MetalProducts, 2600),
    c("3312", "门窗", MetalProducts, 1300),
    c("3322", "工具", MetalProducts, 900),
    c("3331", "集装箱", MetalProducts, 200),
    c("3340", "丝网", MetalProducts, 3000),
    c("3351", "五金", MetalProducts, 1200),
    c("3360", "表面处理", MetalProducts, 900),
    c("3381", "厨具", MetalProducts, 500),
    c("3399", "金属制品", MetalProducts, 3400),
    // 非金属矿物制品 30xx ≈ 9% (建材, 高排放)
    c("3011", "水泥", BuildingMaterials, 120),
    c("3012", "石灰", BuildingMaterials, 350),
    c("3021", "水泥制品", BuildingMaterials, 1500),
    c("3022", "构件", BuildingMaterials, 600),
    c("3024", "新型建材", BuildingMaterials, 700),
    c("3031", "砖瓦", BuildingMaterials, 1200),
    c("3032", "石材", BuildingMaterials, 1100),
    c("3033", "防水材料", BuildingMaterials, 500),
    c("3034", "保温材料", BuildingMaterials, 700),
    c("3041", "玻璃", BuildingMaterials, 60),
    c("3051", "玻璃制品", BuildingMaterials, 450),
    c("3054", "玻璃器皿", BuildingMaterials, 250),
    c("3061", "玻璃纤维", BuildingMaterials, 400),
    c("3062", "玻璃钢", BuildingMaterials, 500),
    c("3071", "陶瓷", BuildingMaterials, 350),
    c("3089", "耐火材料", BuildingMaterials, 500),
    c("3099", "非金属制品", BuildingMaterials, 400),
    // 通用设备 34xx (+ a little 35xx) ≈ 9%
    c("3411", "锅炉", Equipment, 250),
    c("3412", "内燃机配件", Equipment, 450),
    c("3422", "机床", Equipment, 500),
    c("3423", "铸造机械", Equipment, 350),
    c("3431", "起重设备", Equipment, 600),
    c("3441", "泵业", Equipment, 800),
    c("3443", "阀门", Equipment, 1200),
    c("3451", "轴承", Equipment, 900),
    c("3453", "齿轮", Equipment, 600),
    c("3462", "风机", Equipment, 500),
    c("3482", "紧固件", Equipment, 1600),
    c("3489", "管件", Equipment, 1100),
    c("3525", "模具", Equipment, 500),
    // 橡胶和塑料 29xx ≈ 7%
    c("2911", "轮胎", RubberPlastics, 100),
    c("2913", "橡胶制品", RubberPlastics, 1000),
    c("2919", "橡塑", RubberPlastics, 500),
    c("2921", "塑料薄膜", RubberPlastics, 900),
    c("2922", "塑料管材", RubberPlastics, 1100),
    c("2923", "编织袋", RubberPlastics, 900),
    c("2924", "泡沫塑料", RubberPlastics, 500),
    c("2925", "人造革", RubberPlastics, 200),
    c("2927", "塑料制品", RubberPlastics, 900),
    c("2929", "塑料", RubberPlastics, 900),
    // 纺织服装 17xx/18xx ≈ 7%
    c("1711", "棉纺", Textiles, 700),
    c("1712", "纺织", Textiles, 700),
    c("1713", "印染", Textiles, 250),
    c("1721", "羊绒", Textiles, 500),
    c("1722", "毛纺", Textiles, 300),
    c("1723", "毛染整", Textiles, 100),
    c("1751", "化纤织造", Textiles, 400),
    c("1761", "针织", Textiles, 600),
    c("1810", "服装", Textiles, 2000),
    c("1820", "针织服装", Textiles, 700),
    c("1830", "服饰", Textiles, 500),
    // 钢铁 31xx ≈ 1.6%
    c("3110", "炼铁", Steel, 80),
    c("3120", "钢铁", Steel, 120),
    c("3130", "钢材", Steel, 900),
    c("3140", "铁合金", Steel, 80),
    // 焦化
    c("2521", "焦化", Coking, 100),
    // 铸造 ≈ 2%
    c("3391", "铸造", Casting, 1400),
    c("3392", "有色铸造", Casting, 500),
    // 碳素
    c("3091", "碳素", Carbon, 250),
    // 化学原料药（农药）
    c("2710", "制药", ApiPesticide, 350),
    c("2631", "农药", ApiPesticide, 250),
    c("2632", "生物农药", ApiPesticide, 80),
    // 有色 32xx ≈ 1%
    c("3211", "铜业", NonFerrous, 40),
    c("3212", "铅锌", NonFerrous, 40),
    c("3216", "铝业", NonFerrous, 50),
    c("3240", "合金", NonFerrous, 200),
    c("3251", "铜材", NonFerrous, 250),
    c("3252", "铝材", NonFerrous, 300),
    // 化工 26xx ≈ 3%
    c("2611", "化工", Chemical, 200),
    c("2613", "无机盐", Chemical, 250),
    c("2614", "化工", Chemical, 500),
    c("2619", "化工", Chemical, 300),
    c("2621", "化肥", Chemical, 60),
    c("2641", "涂料", Chemical, 450),
    c("2642", "油墨", Chemical, 150),
    c("2651", "树脂", Chemical, 350),
    c("2661", "化学助剂", Chemical, 300),
    c("2681", "日化", Chemical, 250),
    // 石化
    c("2511", "石化", Petrochem, 100),
    // 包装印刷
    c("2311", "印刷", Printing, 500),
    c("2319", "包装印刷", Printing, 1300),
    // 医药制造 27xx
    c("2720", "制药", Pharma, 250),
    c("2730", "中药饮片", Pharma, 400),
    c("2740", "药业", Pharma, 250),
    c("2761", "生物制药", Pharma, 150),
    c("2770", "卫生材料", Pharma, 300),
    // 食品
    c("1310", "面粉", Food, 1100),
    c("1391", "淀粉", Food, 300),
    c("1440", "乳业", Food, 250),
    c("1462", "酿造", Food, 300),
    c("1512", "酒业", Food, 400),
    c("1499", "食品", Food, 1500),
    c("1524", "饮品", Food, 350),
    // 木材家具
    c("2021", "板业", WoodFurniture, 900),
    c("2022", "板材", WoodFurniture, 500),
    c("2110", "家具", WoodFurniture, 1800),
    c("2130", "钢木家具", WoodFurniture, 600),
    c("2431", "工艺品", WoodFurniture, 300),
    // 皮革
    c("1910", "皮革", Leather, 500),
    c("1922", "箱包", Leather, 600),
    c("1931", "裘皮", Leather, 300),
    c("1952", "鞋业", Leather, 300),
    // 造纸
    c("2221", "纸业", Paper, 400),
    c("2231", "纸箱", Paper, 1100),
    // 汽车、自行车
    c("3670", "汽车配件", Transport, 2000),
    c("3761", "自行车", Transport, 700),
    c("3770", "电动车", Transport, 300),
    // 电气机械
    c("3825", "光伏", Electrical, 400),
    c("3831", "电缆", Electrical, 900),
    c("3841", "锂电", Electrical, 250),
    c("3872", "灯具", Electrical, 600),
    c("3821", "变压器", Electrical, 500),
    // 餐饮 ≈ 6%
    c("6210", "饭店", Catering, 3000),
    c("6220", "快餐", Catering, 1500),
    c("6291", "小吃", Catering, 1500),
    // 洗染
    c("8030", "洗衣", Laundry, 1300),
    // 修理
    c("8111", "汽修", Repair, 3000),
    c("8121", "电脑维修", Repair, 400),
    c("8131", "家电维修", Repair, 600),
    // 清洁能源发电
    c("4413", "水电", CleanPower, 50),
    c("4414", "核电", CleanPower, 5),
    c("4415", "风电", CleanPower, 350),
    c("4416", "光伏电站", CleanPower, 600),
    c("4417", "生物质发电", CleanPower, 150),
    // 火电、热力
    c("4411", "热电", Heat, 100),
    c("4430", "供热", Heat, 500),
    // 集成电路
    c("3973", "集成电路", IntegratedCircuit, 250),
    // 互联网、电商
    c("6429", "网络科技", Internet, 250),
    c("6432", "互联网平台", Internet, 350),
    c("6450", "数据服务", Internet, 200),
    c("5292", "电子商务", Internet, 900),
    // 农业
    c("0113", "种植", Agriculture, 500),
    c("0141", "蔬菜种植", Agriculture, 400),
    c("0311", "养牛", Agriculture, 300),
    c("0313", "养猪", Agriculture, 500),
    c("0321", "养鸡", Agriculture, 400),
];

/// Looks a class up by code.
pub fn class(code: &str) -> Option<&'static Class> {
    CLASSES.iter().find(|c| c.code == code)
}

/// A Hebei county: name, 6-digit division code, weight (relative enterprise count), characteristic industries.
pub struct County {
    pub name: &'static str,
    pub division: &'static str,
    pub weight: u32,
    pub specialties: &'static [&'static str],
}

const fn k(name: &'static str, division: &'static str, weight: u32, specialties: &'static [&'static str]) -> County {
    County { name, division, weight, specialties }
}

/// Counties (and county-level cities and districts) of Hebei with a known industrial cluster.
pub static COUNTIES: &[County] = &[
    k("安平县", "131125", 50, &["3340", "3340", "3311"]),
    k("武安市", "130481", 60, &["3130", "3130", "3391", "3311"]),
    k("迁安市", "130283", 55, &["3130", "3311", "3391"]),
    k("辛集市", "130181", 55, &["1910", "1922", "1952", "6210"]),
    k("清河县", "130534", 45, &["1721", "1722", "1723", "3670"]),
    k("正定县", "130123", 45, &["2021", "3973", "6432", "6210"]),
    k("藁城区", "130109", 50, &["1711", "1310", "3872"]),
    k("沙河市", "130582", 45, &["3051", "3054"]),
    k("永年区", "130408", 60, &["3482", "3482", "3391"]),
    k("霸州市", "131081", 55, &["2110", "2130", "3130"]),
    k("泊头市", "130981", 45, &["3391", "3392", "3423"]),
    k("任丘市", "130982", 50, &["2614", "3443"]),
    k("黄骅市", "130983", 40, &["3525", "3670", "2614"]),
    k("孟村回族自治县", "130930", 25, &["3489", "3130"]),
    k("盐山县", "130925", 30, &["3489", "3443", "3130"]),
    k("文安县", "131026", 35, &["2021", "2022", "2922"]),
    k("大城县", "131025", 35, &["3034", "3062", "2924"]),
    k("涉县", "130426", 25, &["3130", "3012", "3391", "6210"]),
    k("峰峰矿区", "130406", 30, &["3031", "3089", "3012", "2614"]),
    k("丰南区", "130207", 40, &["3130", "3311", "3391"]),
    k("乐亭县", "130225", 25, &["3130", "3311"]),
    k("滦州市", "130284", 35, &["3130", "3311"]),
    k("遵化市", "130281", 35, &["3130", "3311"]),
    k("井陉县", "130121", 25, &["3012", "3089"]),
    k("鹿泉区", "130110", 40, &["3021", "3973"]),
    k("晋州市", "130183", 35, &["1711", "1712", "1810"]),
    k("枣强县", "131121", 30, &["3061", "3062", "1931"]),
    k("景县", "131127", 30, &["2913", "2919", "3443"]),
    k("安国市", "130683", 30, &["2730", "2740"]),
    k("蠡县", "130635", 30, &["1931", "1910", "1810"]),
    k("宁晋县", "130528", 40, &["3825", "1810", "3831"]),
    k("平乡县", "130532", 30, &["3761", "3770"]),
    k("广宗县", "130531", 20, &["3761", "3770"]),
    k("南宫市", "130581", 25, &["1931", "1751"]),
    k("三河市", "131082", 45, &["1440", "6432", "2319"]),
    k("河间市", "130984", 40, &["3670", "3051", "3311"]),
    k("沧县", "130921", 35, &["2614", "2651", "3130"]),
    k("宣化区", "130705", 30, &["3130", "3422"]),
    k("昌黎县", "130322", 30, &["1512", "3130"]),
    k("定州市", "130682", 45, &["3670", "3130"]),
    k("赵县", "130133", 25, &["1310", "2761"]),
    k("无极县", "130130", 25, &["1910", "2022"]),
    k("肃宁县", "130926", 25, &["1761", "1810"]),
    k("东光县", "130923", 25, &["2231", "2923"]),
    k("曲阳县", "130634", 25, &["3032", "2431"]),
    k("高碑店市", "130684", 30, &["3312", "1922"]),
    k("桃城区", "131102", 35, &["2913", "3443", "6210"]),
    k("元氏县", "130132", 25, &["2661", "3021", "3089"]),
    k("香河县", "131024", 30, &["2110", "2130"]),
    k("磁县", "130427", 25, &["3031", "3021", "3399"]),
];

/// A county by name.
pub fn county(name: &str) -> Option<&'static County> {
    COUNTIES.iter().find(|c| c.name == name)
}

/// The short form of a county name used inside company names: 安平县 → 安平, 涉县 → 涉县.
pub fn short_name(county: &str) -> &str {
    let trimmed = county
        .strip_suffix("回族自治县")
        .or_else(|| county.strip_suffix("矿区"))
        .or_else(|| county.strip_suffix('县'))
        .or_else(|| county.strip_suffix('市'))
        .or_else(|| county.strip_suffix('区'))
        .unwrap_or(county);
    if trimmed.chars().count() < 2 {
        county
    } else {
        trimmed
    }
}
