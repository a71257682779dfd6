-- The six output decisions of record 企业 in policies/hebei/main.jz (with ../mee/liubao.jz), hand-written
-- in DuckDB SQL for the side-by-side benchmark (scripts/bench/duckdb_vs_jz.py). Written from the policy as it
-- is on main at the time of writing; the benchmark checks every row against `jz run` and fails loudly on any
-- difference, so a change to the policy shows up here as a failed check, never as a silently wrong ratio.
-- (Issue 16's SQL back end will generate this from the policy.)
--
-- Placeholders filled by the script: {data} (the CSV file), {out} (the CSV written), {level} (预警级别 as
-- its index: 无 0, 黄色 1, 橙色 2, 红色 3) and {autumn_winter} (秋冬季 for 日期: true or false).
-- Enum values are computed as their indexes in declaration order (the policy's `<`, 最大, 最小), then named.
COPY (
WITH raw AS (
  SELECT * FROM read_csv('{data}', header = true, all_varchar = true, quote = '"', delim = ',')
),
b AS (
  SELECT
    统一社会信用代码 AS k,
    行业代码 AS code,
    排污许可类别 AS permit,
    绩效等级 AS grade,
    园区 AS park,
    coalesce(排放污染物, '') = '' AS no_air,
    coalesce(违法行为, '') <> '' AS illegal,
    regexp_matches(coalesce(违法行为, ''), '无证排污|偷排偷放|超标排放') AS illegal3,
    手续齐全 IN ('是', 'true', 'TRUE', '1') AS papers,
    符合产业政策 IN ('是', 'true', 'TRUE', '1') AS policy_ok,
    稳定达标排放 IN ('是', 'true', 'TRUE', '1') AS stable,
    超低排放 IN ('是', 'true', 'TRUE', '1') AS ultra,
    工艺先进 IN ('是', 'true', 'TRUE', '1') AS advanced,
    产品优质高端 IN ('是', 'true', 'TRUE', '1') AS premium,
    VOCs深度治理 IN ('是', 'true', 'TRUE', '1') AS vocs_deep,
    散乱污 IN ('是', 'true', 'TRUE', '1') AS sanluan,
    有整改价值 IN ('是', 'true', 'TRUE', '1') AS fixable,
    扶持提升条件 IN ('是', 'true', 'TRUE', '1') AS supportable,
    民生保障 IN ('是', 'true', 'TRUE', '1') AS livelihood,
    战略新兴 IN ('是', 'true', 'TRUE', '1') AS strategic,
    发酵或化学合成工艺 IN ('是', 'true', 'TRUE', '1') AS fermentation,
    产业链关键节点 IN ('是', 'true', 'TRUE', '1') AS chain_node
  FROM raw
),
d AS (
  SELECT *,
    -- 三（八）: 高排放行业 and 错峰生产对象
    (starts_with(code, '31') OR starts_with(code, '2521') OR starts_with(code, '3391') OR starts_with(code, '3392')
      OR (starts_with(code, '30') AND NOT starts_with(code, '3091')) OR starts_with(code, '3091')
      OR starts_with(code, '2710') OR starts_with(code, '263') OR starts_with(code, '32') OR starts_with(code, '26'))
      AND policy_ok AND stable AND permit IN ('重点管理', '简化管理') AS stagger_target,
    ultra AND advanced AND premium AS leader,
    -- 三（一）: 生活服务业达标
    (starts_with(code, '62') OR starts_with(code, '8030') OR starts_with(code, '81')) AND papers AND vocs_deep AND stable
      AS service_ok,
    -- 六保 二（二）: 纳入正面清单范围
    livelihood OR starts_with(code, '01') OR starts_with(code, '03')
      OR starts_with(code, '4413') OR starts_with(code, '4414') OR starts_with(code, '4415')
      OR starts_with(code, '4416') OR starts_with(code, '4417')
      OR ((starts_with(code, '3973') OR starts_with(code, '27') OR chain_node)
          AND NOT (starts_with(code, '27') AND fermentation)) AS positive_list,
    papers AND stable AND NOT illegal AND NOT sanluan AS lawful,
    park = '工业大院' AND sanluan AS courtyard
  FROM b
),
e AS (
  SELECT *,
    stagger_target AND NOT leader AND NOT no_air AS on_list,
    positive_list AND NOT illegal AND NOT sanluan AS exempt,
    -- 绩效分级应急措施 (减排措施: 无 0, 自主减排 1, 适度减排 2, 限产 3, 停产 4)
    CASE
      WHEN {level} = 0 THEN 0
      WHEN grade = 'A' THEN 1
      WHEN grade = 'B' THEN CASE {level} WHEN 1 THEN 2 WHEN 2 THEN 3 ELSE 4 END
      WHEN grade = 'C' THEN CASE {level} WHEN 1 THEN 3 ELSE 4 END
      WHEN grade = 'D' THEN 4
      ELSE CASE {level} WHEN 1 THEN 2 ELSE 3 END
    END AS graded,
    CASE
      WHEN sanluan AND supportable THEN 1
      WHEN sanluan AND fixable THEN 2
      WHEN sanluan THEN 3
      ELSE 0
    END AS sanluan_m,
    CASE
      WHEN lawful THEN 0
      WHEN illegal AND ((courtyard AND NOT supportable) OR illegal3) THEN 2
      WHEN illegal THEN 1
      WHEN courtyard AND NOT supportable THEN 2
      ELSE 0
    END AS enforce_m
  FROM d
),
f AS (
  SELECT *,
    CASE
      WHEN no_air THEN 0
      WHEN {level} = 0 THEN 0
      -- 免检企业少减排 (免检企业少减排最高预警级别 = 红色, so it applies whenever exempt)
      WHEN exempt THEN least(graded, 1)
      WHEN service_ok OR ultra THEN least(graded, 2)
      WHEN strategic THEN least(graded, 3)
      ELSE graded
    END AS emergency_m
  FROM e
),
g AS (
  SELECT *,
    greatest(
      [0, 1, 2, 4, 5][emergency_m + 1],
      CASE WHEN on_list AND {autumn_winter} THEN 3 ELSE 0 END,
      CASE WHEN enforce_m = 2 THEN 6 ELSE 0 END,
      [0, 0, 6, 7][sanluan_m + 1]
    ) AS overall_m
  FROM f
)
SELECT
  k AS 统一社会信用代码,
  CASE WHEN on_list THEN '是' ELSE '否' END AS 列入错峰生产名单,
  ['无', '自主减排', '适度减排', '限产', '停产'][emergency_m + 1] AS 应急减排措施,
  ['不适用', '扶持提升', '限期整改', '关停取缔'][sanluan_m + 1] AS 散乱污处置,
  ['无', '依法查处', '停产整治'][enforce_m + 1] AS 执法处置,
  CASE WHEN exempt THEN '是' ELSE '否' END AS 免除现场执法检查,
  ['正常生产', '自主减排', '适度减排', '错峰生产', '限产', '停产', '停产整治', '关停取缔'][overall_m + 1] AS 综合措施
FROM g
) TO '{out}' (HEADER, DELIMITER ',');
