//! Hand-picked `企业` rows that exercise the interesting cases of the guideline (examples/enterprises_small.*).

use crate::enterprise::{grade, park, permit, pollutant as p, violation as v, Enterprise};
use crate::uscc;

/// One curated row and what it is there to exercise.
pub struct Case {
    pub enterprise: Enterprise,
    pub purpose: &'static str,
}

/// A compliant, ungraded, registration-only enterprise with no emissions and no boiler; cases change from here.
fn base(body: &[u8; 8], county: &'static str, industry: &'static str, name: &str) -> Enterprise {
    let division = crate::domain::county(county).map_or("130100", |c| c.division);
    let mut credit_code = String::new();
    uscc::write_with_body(&mut credit_code, division, body);
    Enterprise {
        credit_code,
        name: name.to_string(),
        county,
        industry,
        permit: permit::REGISTRATION,
        procedures_complete: true,
        policy_compliant: true,
        stably_compliant: true,
        ultra_low: false,
        advanced_process: false,
        premium_products: false,
        pollutants: 0,
        vocs_deep_treatment: false,
        low_vocs_materials: false,
        efficient_vocs_facilities: false,
        grade: grade::UNRATED,
        park: park::OUTSIDE,
        sanluanwu: false,
        worth_rectifying: false,
        support_conditions: false,
        violations: 0,
        boiler_tenths: 0,
        boiler_point_zero: false,
        gas_power_secured: false,
        livelihood: false,
        strategic_emerging: false,
        fermentation_or_synthesis: false,
        key_chain_node: false,
    }
}

const COMBUSTION: u8 = p::PM | p::SO2 | p::NOX;

/// The curated rows, in file order.
pub fn cases() -> Vec<Case> {
    let mut out = Vec::new();
    let mut add = |purpose: &'static str, e: Enterprise| out.push(Case { enterprise: e, purpose });

    let mut e = base(b"MA0JN001", "武安市", "3120", "武安市裕华钢铁集团有限公司");
    e.permit = permit::KEY;
    e.ultra_low = true;
    e.advanced_process = true;
    e.premium_products = true;
    e.pollutants = COMBUSTION | p::CO;
    e.grade = grade::A;
    e.park = park::APPROVED;
    e.key_chain_node = true;
    add("领跑者 steel plant: 高排放 (3120), grade A, 超低排放 + 工艺先进 + 产品优质高端", e);

    let mut e = base(b"MA0JN002", "迁安市", "3110", "迁安市鑫泰炼铁有限公司");
    e.permit = permit::KEY;
    e.ultra_low = true;
    e.advanced_process = true;
    e.pollutants = COMBUSTION | p::CO;
    e.grade = grade::B;
    e.park = park::APPROVED;
    add("almost a 领跑者: 超低排放 and 工艺先进 but not 产品优质高端; grade B ironworks", e);

    let mut e = base(b"MA0JN003", "丰南区", "3130", "丰南宏达钢材有限公司");
    e.permit = permit::SIMPLIFIED;
    e.pollutants = p::PM | p::NOX;
    e.grade = grade::C;
    e.park = park::APPROVED;
    add("ordinary 高排放 steel rolling mill, grade C: the typical 错峰生产 case", e);

    let mut e = base(b"MA0JN004", "峰峰矿区", "2521", "峰峰恒源焦化有限公司");
    e.permit = permit::KEY;
    e.pollutants = COMBUSTION | p::CO | p::VOCS;
    e.efficient_vocs_facilities = true;
    e.grade = grade::D;
    e.park = park::APPROVED;
    e.boiler_tenths = 650;
    e.gas_power_secured = true;
    add("coking plant (2521), grade D, 65 t/h coal boiler: the most restricted graded case", e);

    let mut e = base(b"MA0JN005", "沙河市", "3041", "沙河市德利玻璃有限公司");
    e.permit = permit::KEY;
    e.pollutants = COMBUSTION;
    e.grade = grade::B;
    e.ultra_low = true;
    e.park = park::APPROVED;
    e.violations = v::SECRET_DISCHARGE;
    e.stably_compliant = false;
    add("flat-glass works with a 违法行为 (偷排偷放): 执法处置 expected", e);

    let mut e = base(b"MA0JN006", "永年区", "3360", "永年区东庄村表面处理作坊");
    e.permit = permit::NONE;
    e.procedures_complete = false;
    e.policy_compliant = false;
    e.stably_compliant = false;
    e.pollutants = p::PM | p::VOCS;
    e.park = park::COURTYARD;
    e.sanluanwu = true;
    e.violations = v::UNLICENSED;
    add("散乱污 without 整改价值, unlicensed (无证排污), in a 工业大院: 关停取缔", e);

    let mut e = base(b"MA0JN007", "清河县", "1721", "清河县瑞丰羊绒加工厂");
    e.permit = permit::NONE;
    e.procedures_complete = false;
    e.pollutants = p::PM;
    e.sanluanwu = true;
    e.worth_rectifying = true;
    add("散乱污 worth rectifying (有整改价值), no violation: 限期整改", e);

    let mut e = base(b"MA0JN008", "安平县", "3340", "安平县金盛丝网厂");
    e.pollutants = p::PM;
    e.park = park::COURTYARD;
    e.sanluanwu = true;
    e.worth_rectifying = true;
    e.support_conditions = true;
    add("散乱污 meeting the 扶持提升条件 (low energy, low pollution, high tech): 扶持提升", e);

    let mut e = base(b"MA0JN009", "辛集市", "1910", "辛集市博凯皮革有限公司");
    e.permit = permit::SIMPLIFIED;
    e.pollutants = COMBUSTION | p::VOCS;
    e.efficient_vocs_facilities = true;
    e.boiler_tenths = 400;
    e.gas_power_secured = false;
    add("tannery with a 40 t/h coal boiler and no 气电保障 (above 35 t/h, and no gas or power to switch to)", e);

    let mut e = base(b"MA0JN010", "藁城区", "1310", "藁城区永丰面粉有限公司");
    e.pollutants = COMBUSTION;
    e.boiler_tenths = 350;
    e.gas_power_secured = true;
    e.livelihood = true;
    add("flour mill with exactly 35 t/h (written `35`) and 气电保障: the ≤35 t/h boundary", e);

    let mut e = base(b"MA0JN011", "晋州市", "1711", "晋州市长兴棉纺有限公司");
    e.pollutants = COMBUSTION;
    e.boiler_tenths = 350;
    e.boiler_point_zero = true;
    e.gas_power_secured = false;
    add("cotton mill with 35 t/h written `35.0` (must equal `35`), without 气电保障", e);

    let mut e = base(b"MA0JN012", "黄骅市", "2614", "黄骅市中远化工有限公司");
    e.permit = permit::SIMPLIFIED;
    e.pollutants = COMBUSTION | p::VOCS;
    e.efficient_vocs_facilities = true;
    e.vocs_deep_treatment = true;
    e.grade = grade::C;
    e.park = park::APPROVED;
    e.boiler_tenths = 205;
    e.gas_power_secured = true;
    e.fermentation_or_synthesis = true;
    add("chemical plant (化工) with a 20.5 t/h boiler (a decimal) and 气电保障", e);

    let mut e = base(b"MA0JN013", "正定县", "4430", "正定县热力有限公司");
    e.permit = permit::KEY;
    e.pollutants = COMBUSTION;
    e.ultra_low = true;
    e.grade = grade::B;
    e.boiler_tenths = 1300;
    e.livelihood = true;
    add("district heating plant, 民生保障, 130 t/h ultra-low coal boilers", e);

    let mut e = base(b"MA0JN014", "正定县", "3973", "正定县天博集成电路科技有限公司");
    e.pollutants = p::VOCS;
    e.efficient_vocs_facilities = true;
    e.vocs_deep_treatment = true;
    e.low_vocs_materials = true;
    e.advanced_process = true;
    e.premium_products = true;
    e.park = park::APPROVED;
    e.strategic_emerging = true;
    e.support_conditions = true;
    e.key_chain_node = true;
    add("集成电路 (3973), 战略新兴, 产业链关键节点, full VOCs treatment", e);

    let mut e = base(b"MA0JN015", "赵县", "2761", "赵县华瑞生物制药有限公司");
    e.permit = permit::SIMPLIFIED;
    e.pollutants = p::VOCS;
    e.efficient_vocs_facilities = true;
    e.strategic_emerging = true;
    e.park = park::APPROVED;
    add("生物医药 (27xx) without 发酵或化学合成工艺: a candidate for the national positive list", e);

    let mut e = base(b"MA0JN016", "元氏县", "2710", "元氏县凯达制药有限公司");
    e.permit = permit::KEY;
    e.pollutants = p::PM | p::VOCS;
    e.efficient_vocs_facilities = true;
    e.grade = grade::B;
    e.park = park::APPROVED;
    e.fermentation_or_synthesis = true;
    add("化学原料药 (2710) with chemical synthesis: 高排放, and excluded from the biomedicine exemption", e);

    let mut e = base(b"MA0JN017", "安平县", "8030", "安平县城王记洗衣店");
    e.livelihood = true;
    add("不涉气 service shop (laundry, empty 排放污染物)", e);

    let e = base(b"MA0JN018", "霸州市", "3130", "霸州市兴隆钢管加工有限公司");
    add("不涉气 in a 高排放 class (cold steel-pipe cutting, 3130, empty 排放污染物): 不排不限", e);

    let mut e = base(b"MA0JN019", "宁晋县", "4416", "宁晋县晶华光伏电站有限公司");
    e.permit = permit::NONE;
    e.strategic_emerging = true;
    e.support_conditions = true;
    add("clean power (4416 solar), no permit needed, 不涉气", e);

    let mut e = base(b"MA0JN020", "正定县", "6210", "正定县荣福饭店");
    e.pollutants = p::PM | p::VOCS;
    add("restaurant (62xx) emitting cooking fumes (颗粒物;VOCs), registration only", e);

    let mut e = base(b"MA0JN021", "泊头市", "3391", "泊头市永利铸造有限公司");
    e.permit = permit::SIMPLIFIED;
    e.pollutants = p::PM | p::CO | p::VOCS;
    e.grade = grade::C;
    e.park = park::COURTYARD;
    add("foundry (3391) in a 工业大院 that is not 散乱污, grade C", e);

    let mut e = base(b"MA0JN022", "任丘市", "2511", "任丘市华北石化股份有限公司");
    e.permit = permit::KEY;
    e.pollutants = COMBUSTION | p::CO | p::VOCS;
    e.ultra_low = true;
    e.advanced_process = true;
    e.premium_products = true;
    e.efficient_vocs_facilities = true;
    e.vocs_deep_treatment = true;
    e.low_vocs_materials = true;
    e.grade = grade::A;
    e.park = park::APPROVED;
    e.violations = v::FRAUD;
    add("a 领跑者 refinery (grade A) with a 违法行为 (弄虚作假): do the exemptions still hold?", e);

    let mut e = base(b"MA0JN023", "三河市", "5292", "三河市鼎盛电子商务有限公司");
    e.permit = permit::NONE;
    e.strategic_emerging = true;
    add("e-commerce (5292), 战略新兴, no permit, 不涉气", e);

    let mut e = base(b"MA0JN024", "文安县", "2021", "文安县海润板业有限公司");
    e.permit = permit::NONE;
    e.procedures_complete = false;
    e.pollutants = p::PM | p::VOCS;
    e.violations = v::UNLICENSED | v::EXCEEDING;
    e.stably_compliant = false;
    add("plywood mill without a permit, not 散乱污, two violations (无证排污;超标排放)", e);

    let mut e = base(b"MA0JN025", "滦州市", "3091", "滦州市旭东碳素有限公司");
    e.permit = permit::KEY;
    e.pollutants = COMBUSTION | p::CO | p::VOCS;
    e.efficient_vocs_facilities = true;
    e.grade = grade::B;
    e.park = park::APPROVED;
    e.boiler_tenths = 300;
    e.gas_power_secured = true;
    add("碳素 (3091, a 高排放 class of its own, not 建材), grade B, 30 t/h boiler with 气电保障", e);

    out
}
