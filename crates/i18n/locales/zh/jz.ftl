# 精准：jz 显示的每一条消息（中文）。与 ../en/jz.ftl 键一一对应。
# 用语依照法规原文：规则、例外、判定、保障、依据、冲突、细化、上级、开放、拒收行。
# 花括号写作 {"{"} 与 {"}"}。

## 诊断的呈现

severity-error = 错误
severity-warning = 警告
diag-help = 帮助：{ $help }（详见 `jz explain { $code }`）
diag-help-only = 帮助：详见 `jz explain { $code }`
diag-summary-errors = 错误：发现 { $n } 个错误
list-sep = 、
    .semicolon = ；
did-you-mean = 是否想写 `{ $name }`？

## 消息中的名词

noun-decision = 判定
noun-sample = 样本
noun-enum = 枚举
noun-variant = 变体
noun-record = 记录
noun-field = 字段
noun-scenario-value = 情景值
noun-parameter = 参数
noun-name = 名称
noun-rule-label = 规则标签
noun-guarantee = 保障
noun-rule = 规则
noun-integer = 整数
noun-decimal = 数值
noun-date = 日期
noun-day-count = 天数
noun-this-set = 这个集合
noun-directory = 目录
noun-device = 设备文件
noun-pipe = 管道
noun-socket = 套接字
noun-special-file = 特殊文件

## 语法（E00xx）

E0001 = 此处不应出现 `{ $found }`
    .eof = 文件意外结束
    .char = 此处不应出现字符 U+{ $code }
    .label = 应为{ $expected }
    .help-rule = 规则的写法是 `规则 标签 依据 "三（八）": 当 条件 则 值`
    .help-item = 每一项以关键字开头，如 `判定`、`定义`、`记录`、`测试`（见 docs/LANGUAGE.md）
    .help-expr = 检查是否缺少值或括号不配对；关键字前后要有空格（`当 甲 且 乙 则 是`）
    .help-grammar = 请对照 docs/LANGUAGE.md 中的语法
expected-or = { $list }或{ $last }
expected-item = 一项（如 `判定`、`定义`）
expected-name = 名称
expected-expression = 表达式
expected-string = 带引号的文本
expected-citation = 依据 `依据 "…"`
expected-then = `则`
expected-when = `当`
expected-else = `否则`
expected-default = `默认`
expected-key = `键`
expected-rule-kw = `规则`
expected-expect = `期望`
expected-given = `给定`
expected-type = 类型
expected-comparison = 比较运算
expected-operator = 运算符
expected-and-or = `且`/`或`
expected-eof = 文件结尾
expected-rule = 一条规则
expected-field = 字段
expected-arm = 匹配分支 `变体 => 值`
expected-unit = 单位，如 `[t/h]`
expected-view = 情景值 `[督察期间 = 否]`
expected-number = 数字
expected-date = 日期
expected-month-day = 月日区间，如 `10-01..03-31`
expected-punct = `:`、`=`、括号或关键字
expected-something = 其他内容
E0002 = 语法不完整
    .help = 请对照 docs/LANGUAGE.md 中的语法
    .expr = 应为表达式
    .record = 应为记录字面量
    .empty = 输入为空
    .bug = 无法读取{ $what }
    .bug-help = 这是语法分析器的缺陷；请连同所显示的文本一起报告
    .no-header-name = 政策头缺少名称
    .empty-item = 空的项
    .missing = 缺少 { $what }
    .bad-scenario-field = 情景字段有误
    .param-without-value = 参数缺少值
    .guarantee-without-condition = 保障缺少条件
    .test-without-given = 测试缺少 `给定`
    .unknown-item = 未知的项
    .bad-field = 字段有误
    .rule-without-value = 规则缺少值
E0003 = `{ $text }` 不是有效的月日
    .label = 没有这一天
    .help = 月日写作 `MM-DD`，如 `10-01..03-31`
E0004 = 嵌套超过 { $limit } 层
    .label = 嵌套超过 { $limit } 层
    .here = 此处嵌套超过 { $limit } 层
    .help = 把表达式拆成有名字的 `定义`；括号、`若`、`匹配` 和连续运算都算嵌套

## 读取文件（E01xx）

E0101 = 无法读取 `{ $path }`
    .label = { $reason }
    .help = `引用` 中的路径相对于写有该 `引用` 的文件
    .entry = 无法读取 `{ $path }`：{ $reason }
    .help-path = 请检查路径
    .help-permissions = 请检查文件的读取权限
E0102 = 只有声明该参数的政策的细化才能设定它
    .label = 不是细化
    .help = 文件以 `政策 名称 "标题" 细化 上级政策` 开头，写明声明该参数的政策
E0103 = `{ $name }` 不是已载入的政策
    .label = 找不到所细化的政策
    .help = 用 `引用 "path/to/file.jz"` 载入文件头写有 `{ $name }` 的那个文件
E0104 = `{ $path }` 不是普通文件
    .label = 这是{ $kind }
    .help = 政策从 `.jz` 文本文件读取；请写文件名，不要写设备、管道或目录
E0105 = `{ $path }` 太大，不像是政策文件（{ $size } 字节）
    .label = 超过 { $limit } 字节
    .help = 把政策拆成多个文件并用 `引用` 载入，或确认是不是选错了文件
E0106 = `{ $path }` 不是 UTF-8 文本：第 { $line } 行第 { $column } 列的字节 0x{ $byte }{ $guess }
    .guess = ；看起来是 { $encoding } 编码
    .label = 第一个无效字节
    .used = 在此处引用
    .help = 请另存为 UTF-8，例如 `iconv -f { $from } -t UTF-8 '{ $path }' > converted.jz`（政策按 UTF-8 读取）
E0107 = 政策之间循环细化
    .help = 细化（`细化`）写明其上级政策；政策不能细化自己或自己的细化

unit-none = 数值（无单位）

## 名称（E02xx）

E0201 = { $kind } `{ $name }` 重复定义
    .label = 第二次定义
    .first = 第一次定义在此
    .help = 给其中一个改名，或用 `补充` 扩展第一个
E0202 = 未知名称 `{ $name }`
    .label = 找不到
    .help = 用 `定义` 定义它，或检查字段名的拼写
    .hint-test-scenario = 测试的 `情景` 中只能设定情景值
    .hint-has = `有` 只能用于记录的可选字段
    .hint-repl-field = `{ $name }` 是 `{ $record }` 的字段；请先选定一条记录：`样本 甲 = { $record } {"{"} … {"}"}`，或用 `:use` 选一个样本
    .hint-field = `{ $name }` 是 `{ $record }` 的字段；请在这一项之前写 `关于 { $record }`
E0203 = 未知类型 `{ $name }`
    .label = 不是类型
    .help = 可用 布尔、整数、数值 [单位]、文本、日期、天数、集合<枚举> 或某个枚举名
E0204 = 未知记录类型或样本 `{ $name }`
    .label = 找不到
    .help = 用 `记录` 或 `样本` 声明它
E0205 = 记录 `{ $record }` 没有字段 `{ $name }`
    .label = 未知字段
    .help = 用 `补充 记录 { $record } {"{"} … {"}"}` 添加它
E0206 = `{ $name }` 不是 `{ $enum }` 的变体
    .label = 未知变体
    .help = 变体见 `枚举 { $enum }`
E0207 = 未知判定 `{ $name }`
    .label = 不是这一记录的判定
    .help = 用 `判定` 声明它
E0208 = 未知函数 `{ $name }`
    .help = 可用的函数是 最大/max、最小/min 和 数量/count
E0209 = `{ $name }` 是多个枚举的变体
    .label = 可能是 { $enums }
    .help = 写明所属枚举，如 `{ $first }.{ $name }`
E0210 = 无法确定{ $what }的类型
    .help = 与有类型的字段比较，或写明变体所属枚举（`枚举.变体`）

## 类型（E03xx）

E0301 = 类型不符
    .label = 应为 `{ $expected }`，实为 `{ $found }`
    .help = 没有隐式转换；请修改该值或所声明的类型
E0302 = 单位不一致
    .label = `{ $left }` 与 `{ $right }`
    .help = 数量只能在同一单位下比较、相加或相减；例如写 `35 [t/h]`
E0309 = 单位的幂超出 ±{ $max }
    .label = `{ $left }` 与 `{ $right }`
    .help = 单位的幂都是小数字（`[m3/h]`、`[kg*m2]`）；检查是否有失控的乘积
E0303 = `{ $op }` 不能用于 `{ $left }` 和 `{ $right }`
    .label = 不支持的操作数类型
    .help = 见 docs/LANGUAGE.md 中的运算符表
E0304 = `{ $ty }` 类型的值没有大小顺序
    .help = 用 `==` / `!=`，或比较数字、数量、日期、天数或枚举变体
E0305 = 匹配没有覆盖所有变体
    .label = 缺少 { $missing }
    .help = 为每个缺少的变体加一个分支，或加通配分支 `_ => …`
E0306 = 变体 `{ $variant }` 被匹配了两次
    .label = 这个分支永远不会被选中
    .help = 删去重复的变体
E0307 = 可选字段 `{ $field }` 未检查是否存在就被使用
    .label = 可能不存在
    .help = 写 `有 { $field } 且 …` 或 `若 有 { $field } 则 … 否则 …`
E0308 = 字段 `{ $field }` 不是可选字段
    .help = `有` 只适用于用 `?` 声明的字段

## 结构（E04xx）

E0401 = 定义之间循环依赖
    .help = 打破循环：定义或判定不能依赖自身
E0402 = 这条{ $what }没有指明关于哪种记录
    .help = 在它前面写 `关于 记录名`（如 `关于 企业`）
E0403 = 判定 `{ $decision }` 没有标签为 `{ $label }` 的规则
    .label = 找不到例外所针对的规则
    .help = 给规则加标签：`规则 标签 依据 …`
E0404 = `{ $label }` 的例外构成循环
    .help = 例外不能直接或间接地成为自身的例外
E0405 = `{ $record }` 缺少字段
    .help = 给出每个必填字段，或从某个 `样本` 出发再改写字段
E0406 = 此处应为常量
    .help = 参数和情景默认值只能取字面值，如 `35 [t/h]` 或 `橙色`
E0407 = 参数 `{ $name }` 不是开放参数
    .declared = 在此声明，未写 `开放`
    .help = 只能设定上级政策声明为 `开放` 的参数
E0408 = `{ $name }` = { $value } 超出允许范围
    .label = 允许范围是 [{ $lo }, { $hi }]
    .help = 范围由省级政策规定；请在范围内取值
E0409 = 参数 `{ $name }` 被设定了两次
    .first = 第一次设定在此
    .help = 每个开放参数只设定一次
E0410 = `{ $text }` 不是有效的{ $what }
    .help-integer = 整数最大为 9223372036854775807
    .help-decimal = 数值最多 28 位有效数字
    .help-date = 请写真实存在的日期，格式 YYYY-MM-DD
    .help-day-count = 天数是整数：`3 天`
E0411 = 无法识别单位 `{ $text }`
    .help = 单位写作 `[t/h]`、`[mg/m3]`、`[MW]`、`[%]` 等
E0412 = 枚举 `{ $enum }` 的变体超过 64 个
    .help = 集合只能用于变体不超过 64 个的枚举
E0413 = 键 `{ $key }` 不是 `{ $record }` 的必填字段
    .help = 键必须是该记录的字段，且不能是可选字段
E0414 = `{ $func }` 需要 { $expected } 个参数，实际有 { $found } 个
    .help = 请对照 docs/LANGUAGE.md 检查调用
E0415 = 嵌套超过 { $limit } 层
    .label = `{ $name }` 经由定义和判定嵌套求值 { $depth } 层
    .help = 缩短相互引用的定义链，或拆分过长的表达式
E0420 = `上级` 只能在保障中读取
    .label = 上级政策的值
    .help = 在 `保障` 中与省级政策比较：`保障 名 依据 "…": 措施 <= 上级.措施`
E0421 = 判定在其他情景值下的值只能在保障中读取
    .label = 在其他情景值下读取
    .help = 在 `保障` 中比较两种情景：`保障 名 依据 "…": 综合措施 == 综合措施[督察期间 = 否]`
E0422 = `{ $name }` 不是判定
    .label = 只有判定可以在其他情景值下读取
    .help = 把 `[…]` 写在本记录的判定名之后，或写在 `上级.判定` 之后
E0423 = `{ $name }` 不是情景值
    .help = `[…]` 中只能固定情景值（`情景 {"{"} … {"}"}`）
    .help-suggest = 是不是 `{ $suggestion }`？`[…]` 中只能固定情景值（`情景 {"{"} … {"}"}`）
arity-at-least-1 = 至少 1
W0001 = 这条{ $what }没有依据
    .label = 没有 `依据`
    .help = 写明它所依据的条款：`依据 "三（八）"`

## 操作系统错误

io-not-found = 文件或目录不存在
io-permission-denied = 没有权限
io-is-a-directory = 这是一个目录
io-invalid-data = 数据无效

## jz explain：每个代码的含义与处理办法

explain-wrong = 错误的写法：
explain-right = 改正后：
explain-fix = 怎么办：
explain-file = 文件 { $name }：
explain-unknown = 错误：没有代码 `{ $code }`
    .help = 代码形如 E0302 或 W0503；`jz explain --list` 列出全部代码
explain-list = `jz explain 代码` 可以解释的代码：

explain-E0001 = 语法错误
    .meaning = 语法分析在语法不允许的地方遇到了一个记号：依据后缺少 `:`、缺少 `则`、括号不配对，或关键字与名称连在了一起。
    .fix = 看标注：它写明了下划线处应该是什么。关键字前后要有空格；规则写作 `规则 标签 依据 "条款": 当 条件 则 值`。
explain-E0002 = 语法不完整
    .meaning = 语法分析成功之后语法树仍缺少一部分。只有语法分析器的缺陷或 REPL 中空的输入会导致这个错误。
    .fix = 在 REPL 命令后输入一个表达式。其他情况下，请报告导致它的文本。
explain-E0003 = 不是有效的月日
    .meaning = 月日区间（`在 10-01..03-31`）写了一个任何年份都没有的日子，如 02-30 或 13-01。
    .fix = 两端都写真实存在的日子 `MM-DD`；02-29 可以。
explain-E0004 = 嵌套过深
    .meaning = 一项中的括号、`若`、`匹配`、`非` 或连续运算嵌套超过 5,000 层。这样的文本不是人写的政策；这个限制防止 `jz` 栈溢出。
    .fix = 用 `定义` 给内层部分命名，再使用这些名字。
explain-E0101 = 无法读取文件
    .meaning = 命令行或 `引用` 中写的文件不存在或无法打开。
    .fix = 检查路径。`引用` 中的路径相对于写有该 `引用` 的文件，而不是当前目录。
explain-E0102 = 在细化之外设定参数
    .meaning = `设定` 给一个开放参数赋值，但这个文件不是声明该参数的政策的细化（`细化`）。
    .fix = 文件以 `政策 名称 "标题" 细化 上级政策` 开头，写明声明该参数的政策。
explain-E0103 = 所细化的政策未载入
    .meaning = 文件头写了 `细化 X`，但没有哪个已载入的文件的文件头是 `政策 X`。
    .fix = 用 `引用 "path/to/file.jz"` 载入上级政策的文件，并检查名称的写法。
explain-E0104 = 不是普通文件
    .meaning = 路径指向的是目录、设备或管道，而不是政策文件。
    .fix = 写 `.jz` 文件本身的路径。
explain-E0105 = 文件太大
    .meaning = 政策文件超过 16 MiB，手写的政策不会这么大；通常是误写了数据文件。
    .fix = 确认路径指向的是政策而不是数据；过大的政策拆成多个文件，用 `引用` 载入。
explain-E0106 = 文件不是 UTF-8 编码
    .meaning = 政策按 UTF-8 读取。文件在所示位置有一个不属于 UTF-8 的字节，通常是以 GBK 或 UTF-16 保存的。
    .fix = 用帮助行给出的 `iconv` 命令转换文件，或在编辑器中另存为 UTF-8。
explain-E0107 = 政策之间循环细化
    .meaning = 沿着 `细化` 从政策找到上级，最后又回到了起点：一个政策成了自己的上级。
    .fix = 细化写明其上级政策；从应当位于最上层的政策中删去 `细化`。
explain-E0201 = 重复定义
    .meaning = 同一类的两个声明用了同一个名字，使用这个名字时无法确定指的是哪一个。
    .fix = 给其中一个改名；要给已有的声明增加规则或字段，用 `补充`。
explain-E0202 = 未知名称
    .meaning = 这个名字既不是记录的字段，也不是可见范围内的定义、判定、参数或情景值。
    .fix = 检查拼写（帮助会提示相近的名字），用 `定义` 声明它；若是字段，加上 `关于 记录名`。
explain-E0203 = 未知类型
    .meaning = 类型名既不是内置类型，也不是已声明的枚举。
    .fix = 用 布尔、整数、数值 [单位]、文本、日期、天数、集合<枚举>，或用 `枚举` 声明它。
explain-E0204 = 未知记录类型或样本
    .meaning = 记录字面量或 `给定` 写了一个未声明的记录类型或样本。
    .fix = 检查拼写，或用 `记录`、`样本` 声明它。
explain-E0205 = 没有这个字段
    .meaning = 记录字面量或字段访问写了记录类型没有的字段。
    .fix = 检查拼写，或用 `补充 记录 名 {"{"} 字段: 类型 {"}"}` 添加这个字段。
explain-E0206 = 不是该枚举的变体
    .meaning = 一个值被写成某枚举的变体，但该枚举没有这个变体。
    .fix = 使用 `枚举` 声明中列出的变体之一。
explain-E0207 = 未知判定
    .meaning = 测试、输出列表或 `补充 判定` 写了记录类型没有的判定。
    .fix = 检查拼写，或用 `判定` 声明它。
explain-E0208 = 未知函数
    .meaning = 只有三个函数：最大/max、最小/min 和 数量/count。
    .fix = 使用其中之一，或用运算符写出计算。
explain-E0209 = 变体有歧义
    .meaning = 不带前缀的变体名属于多个枚举，上下文也看不出指的是哪一个。
    .fix = 写明所属枚举：`预警级别.红色`。
explain-E0210 = 无法推断类型
    .meaning = 空集合 `{"{"}{"}"}` 这样的值本身没有类型，与它比较的东西也没有给出类型。
    .fix = 与集合类型的字段比较，如 `排放 == {"{"}{"}"}`，它就有了该字段的类型。
explain-E0301 = 类型不符
    .meaning = 在需要一种类型的地方用了另一种类型的值；没有隐式转换（文本不是布尔值，整数不是日期）。
    .fix = 修改该值或所声明的类型，使二者一致。
explain-E0302 = 单位不一致
    .meaning = 不同单位的数量被比较、相加或相减，或声明的单位与计算出的单位不同。`35 [mg/m3]` 是浓度，不能与以 t/h 计的蒸发量比较。
    .fix = 常量写成与之比较的字段的单位，例如 `35 [t/h]`。
explain-E0309 = 单位的幂超出上限
    .meaning = 数量相乘或相除时单位也相乘；单位的幂若超过 ±1000（`t1000` 乘 `t1000`）即被拒绝，而不是溢出。实际的单位幂都很小。
    .fix = 检查乘积中是否有失控的单位；按数据约定的单位书写数量，例如 `蒸吨 * 10 [h]`。
explain-E0303 = 不支持的操作数
    .meaning = 运算符用在了它没有定义的类型上，如文本相加或布尔值相乘。
    .fix = 见 docs/LANGUAGE.md 中的运算符表；文本用 `==` 或 `开头为` 比较。
explain-E0304 = 没有大小顺序
    .meaning = `<`、`<=`、`>`、`>=`、最大 和 最小 需要有顺序的值；文本、布尔值和集合没有顺序。
    .fix = 用 `==` / `!=`，文本可用 `开头为`。
explain-E0305 = 匹配没有覆盖所有变体
    .meaning = 对枚举的 `匹配` 缺少某些变体的分支，这些变体就没有值。
    .fix = 为每个缺少的变体加一个分支，或加通配分支 `_ => …`。
explain-E0306 = 变体被匹配两次
    .meaning = 一个变体出现在 `匹配` 的两个分支中；第二个永远不会被选中。
    .fix = 删去重复的变体，或改成本来想写的变体。
explain-E0307 = 未检查就使用可选字段
    .meaning = 用 `?` 声明的字段在记录中可能不存在，却在没有检查的情况下被读取。
    .fix = 加上检查：`有 字段 且 …`，或 `若 有 字段 则 … 否则 …`。
explain-E0308 = 不是可选字段
    .meaning = `有` 检查可选字段是否存在；必填字段总是存在的。
    .fix = 去掉 `有` 检查；若该字段可能缺失，用 `?` 把它声明为可选字段。
explain-E0401 = 定义之间循环依赖
    .meaning = 一个定义或判定直接或间接地用到了自身，它就没有值。
    .fix = 打破循环：其中之一只能由字段、参数或情景计算。
explain-E0402 = 没有指明关于哪种记录
    .meaning = 判定或保障写在任何 `关于` 之前，无法知道它针对哪种记录。
    .fix = 在它前面写 `关于 记录名`。
explain-E0403 = 没有这个标签的规则
    .meaning = 例外用标签指明它所覆盖的规则，但判定中没有这个标签的规则。
    .fix = 检查拼写（帮助会提示标签），或给规则加标签：`规则 标签 依据 …`。
explain-E0404 = 例外构成循环
    .meaning = 例外之间循环覆盖，其中没有一个能成为最终作出判定的规则。
    .fix = 只让其中一条作为规则，其余作为它的例外。
explain-E0405 = 缺少字段
    .meaning = 记录字面量、样本或 `给定` 漏写了记录类型的必填字段。
    .fix = 给出每个必填字段，或从某个 `样本` 出发，只改写不同的字段。
explain-E0406 = 此处应为常量
    .meaning = 参数值、参数范围和情景默认值是固定的值，不是计算。
    .fix = 写出字面值：`35 [t/h]`、`橙色`、`2026-01-15`。
explain-E0407 = 参数不是开放参数
    .meaning = 细化只能设定上级政策声明为 `开放` 的参数。
    .fix = 设定开放参数，或请上级政策把这个参数声明为 `开放`。
explain-E0408 = 超出允许范围
    .meaning = 所取的值超出了声明该参数的政策给出的 `范围`。
    .fix = 在所示范围内取值。
explain-E0409 = 参数被设定两次
    .meaning = 两个 `设定` 给同一个参数赋值；只能有一个生效。
    .fix = 只保留一个 `设定`。
explain-E0410 = 字面值无效
    .meaning = 不存在的日期、过大的整数、带小数的天数，或位数过多的数值。
    .fix = 日期写真实存在的 YYYY-MM-DD，天数写整数，整数不超过 9223372036854775807，数值不超过 28 位。
explain-E0411 = 无法识别单位
    .meaning = `[` 与 `]` 之间的文本不是单位。
    .fix = 单位写作 `[t/h]`、`[mg/m3]`、`[MW]`、`[%]` 等。
explain-E0412 = 枚举太大，不能构成集合
    .meaning = `集合<E>` 以 64 位掩码保存，因此 E 最多只能有 64 个变体。
    .fix = 用变体较少的枚举构成集合，或只取该枚举的单个值。
explain-E0413 = 键有误
    .meaning = 记录的 `键` 必须是它的一个必填字段。
    .fix = 用一个已有的必填字段作为键。
explain-E0414 = 参数个数不对
    .meaning = 最大 和 最小 至少需要一个参数，数量 恰好需要一个。
    .fix = 请对照 docs/LANGUAGE.md 检查调用。
explain-E0415 = 求值嵌套过深
    .meaning = 相互引用的定义和判定构成了超过 30,000 层的链。
    .fix = 缩短这条链，或拆分过长的表达式。
explain-E0420 = 在保障之外使用 `上级`
    .meaning = `上级.X` 是上级政策自己的规则给 X 的值；它用于在 `保障` 中把细化与省级政策比较，而不是用来计算。
    .fix = 只在保障中使用 `上级.X`：`保障 名 依据 "…": 措施 <= 上级.措施`。
explain-E0421 = 在保障之外使用情景视图
    .meaning = `判定[情景值 = 常量]` 是同一记录在固定这些情景值时该判定的值；它用于在 `保障` 中声明某项措施不随情景而变（三（十）：督察期间与平时措施相同），而不是用来计算。
    .fix = 只在保障中使用情景视图：`保障 名 依据 "…": 综合措施 == 综合措施[督察期间 = 否]`。
explain-E0422 = 对非判定使用情景视图
    .meaning = 只有判定可以在其他情景值下读取；字段是记录自身的事实，定义通过使用它的判定读取。
    .fix = 把 `[…]` 写在本记录的判定名之后（或 `上级.判定` 之后）。
explain-E0423 = 情景视图固定的不是情景值
    .meaning = `[…]` 中的每个名称都必须是 `情景` 块中的值（如 预警级别、督察期间），并设为常量。
    .fix = 写 `情景 {"{"} … {"}"}` 中声明的情景值，例如 `综合措施[督察期间 = 否]`。
explain-W0001 = 没有依据
    .meaning = 规则或保障没有 `依据`，无从知道它对应哪一条款。
    .fix = 写明条款：`依据 "三（八）"`。
explain-E0500 = 值无法求出
    .meaning = 在 REPL 中输入的值求值失败：除以零、溢出或冲突。
    .fix = 修改该值或当前状态（情景、参数）使其能够求值；消息写明了失败之处。
explain-E0501 = 保障可能被违反
    .meaning = `jz verify` 找到了一条记录以及情景和参数值，使保障的条件成立而其断言不成立；该记录会被打印出来，并能用 `jz eval` 复现。
    .fix = 修改对这类记录作出判定的规则，或增加例外。
explain-W0502 = 无法判断保障是否成立
    .meaning = 保障依赖验证器不能精确判定的部分（例如字段相乘），也没有找到反例。
    .fix = 把标出的部分改写成比较、加减，或用 `测试` 覆盖它们。
explain-W0503 = 可能冲突
    .meaning = 同一判定的两条规则可能同时适用于同一记录且结果不同，又都不是对方的例外；这样的记录会因冲突被拒收。
    .fix = 用 `例外` 让其中一条成为另一条的例外，或收窄条件使二者不能同时适用。
explain-W0504 = 规则永远不适用
    .meaning = 对任何记录和情景，这条规则的条件都不成立，或者总有它的某个例外适用。
    .fix = 改正条件，或删去这条规则。
explain-W0505 = 例外永远不起作用
    .meaning = 例外的条件永远不能与它所覆盖的规则同时成立。
    .fix = 改正条件，或删去这条例外。
explain-W0506 = 等级之间落到默认值
    .meaning = 规则在有序枚举的较低和较高等级上作出判定，而在中间某一等级上却落到默认值：通常是漏写了一种情形。
    .fix = 为缺少的等级补一条规则；若确实应取默认值，把默认值写成一条规则。
explain-W0507 = 无法完成检查
    .meaning = 冲突或永不适用规则的检查依赖验证器不能精确判定的部分。
    .fix = 把这些部分改写成字段的比较、加减，或用测试覆盖。
explain-E0510 = 细化的规则引起冲突
    .meaning = 细化新增的规则可能与该判定的另一条规则同时适用且结果不同，又不是它的例外：省级政策能作出判定的记录会被拒收。
    .fix = 让新规则成为它所覆盖的规则的例外（`例外 标签 规则 …`），或收窄它的条件。
explain-E0511 = 细化使判定求值失败
    .meaning = 对某些省级政策能作出判定的记录，细化的规则求值失败（除以零、溢出）。
    .fix = 给运算加上保护，例如先检查除数不为零，或修改失败的规则。
explain-E0601 = 无法用 SQL 表达
    .meaning = `jz sql` 把一种记录的判定精确地编译成一条 SQL 查询；SQL 无法精确计算的部分（例如两个字段相乘）会使编译停止。
    .fix = 用字段的比较、加减改写，或用 `jz run` 对这个政策求值。
explain-T0001 = 测试未通过
    .meaning = `测试` 的某个 `期望` 对其 `给定` 的记录和情景不成立；它读到的值会显示出来。
    .fix = 改正规则；若是测试的期望写错了，就改正测试。`jz eval --explain` 显示每个判定是如何得出的。

## 命令行

cli-bad-lang = 错误：未知语言 `{ $lang }`
    .help = 请用 `--lang zh` 或 `--lang en`

## 求值错误（给人看的；数据文件中的拒收原因仍为英文）

eval-conflict = 冲突
    .in = `{ $decision }` 冲突：{ $a } 与 { $b } 同时适用
eval-overflow = 算术溢出
eval-div-by-zero = 除以零
eval-guarantee-violated = 保障被违反
    .named = 保障 `{ $name }`（{ $cites }）被违反
rule-unlabelled = （无标签）
rule-shown = 规则 `{ $label }`
    .cited = 规则 `{ $label }`（{ $cites }）

## jz test

test-ok = 测试 { $file }：{ $name } …… 通过
test-failed-line = 测试 { $file }：{ $name } …… 未通过
T0001 = 测试 `{ $name }` 未通过
    .in-test = 在这个测试中
test-expectation-fails = 期望不成立
test-expected-conflict = 期望 `{ $name }` 冲突
test-summary = 通过 { $passed } 个，未通过 { $failed } 个
test-broken = 错误：{ $n } 个文件未通过检查，其中的测试没有运行

## jz run

run-reject = 拒收行 { $row }{ $line }（{ $key }）{ $column }{ $value }：{ $reason }
    .column = ，列 `{ $column }`
    .value = ，值 `{ $value }`
    .line = （第 { $line } 行）
run-more-rejects = …… 另有 { $n } 个拒收行；用 --rejects 文件 全部写出
run-summary = 读入 { $read } 行，写出 { $written } 行，拒收 { $rejected } 行，用时 { $secs } 秒（每秒 { $rate } 行{ $peak }）
    .peak = ，内存峰值 { $mb } MB
run-no-record = 错误：这个政策中没有记录类型 `{ $record }`
    {"  "}帮助：可选 { $names }
run-same-as-input = 错误：{ $flag } `{ $path }` 就是输入文件 `{ $data }`
    {"  "}帮助：把结果写到另一个文件；输入文件永远不会被覆盖
run-out-is-rejects = 错误：--out 与 --rejects 指向同一个文件 `{ $path }`
    {"  "}帮助：请给出两个不同的文件
run-cannot-create = 错误：无法创建 `{ $path }`：{ $error }
run-cannot-write-rejects = 错误：无法把拒收行写入 `{ $path }`：{ $error }
run-cannot-write = 错误：无法写入 `{ $path }`：{ $error }
run-mismatch = 错误：内部计数不符：读入 { $read } ≠ 写出 { $written } + 拒收 { $rejected }
run-stdout = 标准输出
run-interrupted = 已中断：在数据第 { $row } 行后停止；{ $target } 不完整{ $kept }
    .kept = （保持原样）
run-read-stopped = 错误：读取 `{ $path }` 中途停止：{ $error }
run-write-failed = 错误：写入 { $target } 失败：{ $error }
    .counted = 错误：写入 { $target } 失败：{ $error }
        {"  "}帮助：上面统计的行就是已写出的全部
run-write-rejects-failed = 错误：把拒收行写入 `{ $path }` 失败：{ $error }
run-write-path-failed = 错误：写入 `{ $path }` 失败：{ $error }
run-kept-nothing = {"  "}帮助：这次运行没有保留任何文件：{ $files } 保持运行前的样子

## REPL

E0500 = 值无法求出
    .help = 该值必须能无错误地求出

## jz verify（--json 报告保持英文）

verify-header = 验证 { $path }（{ $name }）：{ $n } 条保障
verify-mark = {""}
    .holds = ✓ 成立
    .violated = ✗ 可被违反
    .unknown = ? 无法判断
verify-denied-by = （警告按 { $path } 的设置视为失败）
verify-summary = 证明 { $proved } 条，可被违反 { $violated } 条，无法判断 { $unknown } 条；{ $errors } 个错误，{ $warnings } 个警告（{ $millis } 毫秒，{ $queries } 次查询）
verify-denied = 已禁止：警告使本次运行失败（`--deny-warnings` 或 jz.toml 中的 `[verify] deny-warnings`）
verify-province-decides = 省级政策的判定：
verify-cex = 反例（{ $record }），已由解释器复现：
    .defaults = 默认值
    .scenario = 情景：{ $scenario }
    .json = json（jz eval --record { $record } --json）：
    .literal = 字面量：
    .why = 原因：
verify-gives = 得出 { $value }
why-by = ，由 { $rule } 判定
why-default = （默认值）
why-error = { $decision } = 错误：{ $error }
why-agreed = {"  "}✓ { $rule } 适用（结果一致）
why-overridden = {"  "}↷ { $rule } 被 { $by } 覆盖
why-conflicts = {"  "}✗ { $rule } 与 { $with } 冲突
E0501 = 保障 `{ $name }` 可能被违反
    .label = 对下面的记录不成立
    .help = 修改对这类记录作出判定的规则（见“原因”），或增加例外
    .decides = 在此判定 `{ $name }`
W0502 = 无法判断保障 `{ $name }` 是否成立
    .label = 既未证明也未否定
    .help = 验证器能判定布尔值、枚举、集合、文本相等与前缀以及线性比较；把标出的部分改写成这些形式，或用 `测试` 覆盖它们
W0503 = `{ $name }` 的两条规则可能同时适用且结果不同
    .help = 让其中一条成为另一条的例外（`例外 { $a } 规则 …`），或收窄条件使二者不能同时适用；像下面这样的记录会因冲突被拒收
W0504 = `{ $name }` 的{ $rule }永远不适用
    .condition = 它的条件永远不成立
    .overridden = 每当它的条件成立，总有它的某个例外适用
    .help = 改正它的条件（对所有记录和情景都不成立），或删去它
W0505 = `{ $name }` 的例外{ $rule }永远不起作用
    .parent = 它要覆盖的规则
W0506 = `{ $input }` 为 { $gap } 时 `{ $name }` 落到默认值，而在 { $low } 和 { $high } 时由规则判定
    .label = 中间取默认值 { $default }
    .help = `{ $input }` 等级中漏写了一种情形？为 { $gap } 补一条规则（若确实应取默认值，把默认值写成一条规则）
W0507 = 无法检查{ $what }
    .label = 既未确认也未排除
    .help = 这项检查超出了验证器能精确判定的范围
    .conflicts = `{ $name }` 中的冲突
    .refinement = 细化是否使 `{ $name }` 在省级政策能判定时求值失败
E0510 = `{ $name }` 的{ $b }可能与{ $inherited }{ $a }同时适用且结果不同
    .inherited = 继承的
    .note = 像下面这样的记录，没有细化时能作出判定，有了细化却被拒收
    .help = 让新规则成为它所覆盖的规则的例外（`例外 { $a } 规则 { $b } …`），或收窄它的条件使二者不能同时适用
E0511 = 细化使 `{ $name }` 在省级政策能判定时求值失败
    .help = 像下面这样的记录在本政策下被拒收，而省级政策能作出判定；给运算加上保护（如检查除数），或修改失败的规则
    .fails-here = 在此失败
reason-sum = 字段之和的比较（只判定差 `x − y` 与常量）
reason-unrepresentable = 验证器无法表示的值
reason-unknown-input = 验证器不认识的输入
reason-large-constant = 常量太大，无法精确推理
reason-month-day-fields = 对由多个字段算出的日期做月日检查
reason-month-day-computed = 对算出的日期做月日检查
reason-prefix = 前缀不是文本字面量
reason-mul = 涉及字段的乘法（只判定 + 和 −）
reason-div = 涉及字段的除法（只判定 + 和 −）
reason-decimal = 字段上的数值运算（未模拟 28 位的舍入）

## jz --help

cli-usage = 用法：
cli-options = 选项
cli-arguments = 参数
cli-commands = 命令
cli-help-flag = 显示帮助
cli-version-flag = 显示版本
cli-help-subcommand = 显示本帮助，或所给子命令的帮助
cli-default = [默认：{ $value }]
cli-about = 精准（jingzhun）：把环境法规写成可执行、注明依据的规则
cli-lang = 消息语言：zh（中文）或 en；默认依 LC_ALL / LC_MESSAGES / LANG（zh_* 为中文）
cli-check = 解析并检查政策文件的类型（目录中查找 *.jz）
cli-test = 运行用本语言写的测试（`测试` 块）
cli-eval = 对以 JSON 给出的一条记录求出每个判定
cli-eval-json = 记录，写成 JSON 对象，如 '{"{"}"统一社会信用代码": "…", …{"}"}'
cli-eval-sets = 设定情景值或参数：名称=值（可重复）
cli-eval-explain = 对每个判定显示适用的规则、作出判定的规则以及不适用的规则
cli-coverage = 列出原文中每一条实施性条款以及引用它的规则，或说明它为何没有编码
cli-verify = 对所有记录和情景证明每一条保障（保障），或给出反例；报告可能的冲突、永不适用的规则和默认值缺口。退出码 0 全部证明，1 被违反或有错误，4 无法判断
cli-verify-json = 以 JSON 输出报告
cli-verify-guarantees_only = 只检查保障（不报告冲突、永不适用的规则和默认值缺口）
cli-verify-deny_warnings = 有警告也失败（退出码 1）；也可在最近的 jz.toml 中用 `[verify] deny-warnings` 设定
cli-sql = 输出一条 SQL 查询（DuckDB、PostgreSQL、Spark SQL），在符合数据规范列的表上计算该记录的输出判定和拒收行，结果与解释器一致
cli-sql-dialect = duckdb、postgres 或 spark
cli-sql-sets = 名称=值：情景值或参数，作为常量写入查询
cli-sql-explain = 增加 依据 列
cli-sql-table = 要读取的表（默认：记录名）
cli-sql-view = 输出 `CREATE VIEW 名称 AS …`，而不是单独的查询
cli-sql-columns = 表的列，用逗号分隔：表中没有的可选字段在每一行都不存在
cli-sql-columns_from = 从这个 CSV 文件的表头行读取表的列
cli-run = 对记录数据文件（CSV、JSON Lines、XLSX）求值：输出判定，无法读取的行写入拒收行
cli-run-out = 输出文件（CSV；以 .jsonl 结尾时为 JSON Lines）；不给出时写到标准输出
cli-run-rejects = 拒收行（行号、键、列、值、原因），CSV 格式；不给出时写到标准错误
cli-run-sets = 设定情景值或参数：名称=值（可重复）
cli-run-engine = `jit`（用 Cranelift 编译的本机代码，默认）、`interp`（参考解释器）或 `duckdb`（把政策编译为 SQL，由 DuckDB 进程在 CSV 文件上运行）
cli-run-verbose = 报告引擎如何编译、哪些部分退回解释器，以及各行如何判定
cli-run-explain = 增加 `依据` 列：作出每个判定的依据
cli-run-summary_json = 把每个判定的取值计数和行数写成 JSON
cli-run-batch_size = 每块最多这么多行（每块也最多约 4 MiB 输入）
cli-run-threads = 工作线程数（默认：每个核一个）
cli-run-encoding = CSV 文件的文本编码：gbk（也可写 GB2312/GB18030，Excel 和 WPS 导出的编码）、utf-8、utf-16le、utf-16be；不给出时为 UTF-8（总会遵循字节顺序标记）
cli-run-delimiter = CSV 字段分隔符：`,`（默认；.tsv 为制表符）、`;`、`tab`、`|`
cli-run-sheet = 要读取的工作表（默认：每个有数据的工作表）
cli-repl = 交互式提问：设定情景、定义记录、解释判定、载入数据、假设分析
cli-repl-policy = 启动时载入的政策（之后可用 `:load` 载入更多）
cli-diff = 在同一份数据上比较两个政策：每个判定有多少记录从一个值变为另一个值
cli-diff-policy_a = 现行政策（A）
cli-diff-policy_b = 与之比较的政策（B），如县级细化或改革草案
cli-diff-sets = 在两个政策中设定情景值或参数：名称=值（可重复）
cli-diff-out = 把发生变化的行写成 CSV：键、行号，以及每个判定的 A 值和 B 值（该判定未变化时二者都为空）
cli-diff-rejects = 拒收行（行号、键、列、值、原因、政策），CSV 格式；不给出时写到标准错误
cli-diff-batch_size = 每块的行数
cli-fmt = 按规范格式重写政策文件（保留注释，含义不变）
cli-fmt-check = 列出未按规范格式的文件并以退出码 1 结束；不写任何文件
cli-fmt-full_width = 使用全角标点 `：，；（）`，而不是 ASCII 的 `: , ; ( )`
cli-doc = 生成政策的静态离线 HTML 页面：条款与引用它的规则并列、细化关系、每条保障的验证结论、测试
cli-doc-out = 输出目录（在其中写入 index.html）
cli-lsp = 在标准输入/输出上运行语言服务器（供编辑器使用：诊断、悬停、跳转定义、补全等）
cli-explain = 解释一个错误或警告代码：含义、错误写法与改正后的写法、怎么办
cli-explain-code = 代码，如 E0302
cli-explain-list = 列出全部代码
cli-run-data = 数据文件（CSV、JSON Lines、XLSX）；不与 --db 同用
cli-run-db = 在 PostgreSQL 数据库中就地评估一张表：postgresql://用户@主机:端口/库（政策编译为 SQL，由服务器运行）
cli-run-table = 与 --db 同用：存放记录的表（默认：记录类型的名称）
cli-run-out_table = 与 --db 同用：用已判定的行新建此表（拒收行仍写入 --rejects）
cli-report = 一份自包含的 HTML 报告，列出数据文件的判定结果（按区县、行业、绩效等级和预警级别的图表、对比、起决定作用的条款、拒收行；每张表可下载为 CSV/XLSX），一次读完
cli-report-out = 要写入的 HTML 文件
cli-report-sets = 设定情景值或参数：名称=值（可重复）
cli-report-compare = 在同一批记录上与另一政策比较（如县级草案）
cli-report-what_if = 与同一政策在另一取值下比较：名称=值（可重复）
cli-report-no_levels = 不做各预警级别下的并列评估
cli-report-engine = `jit`（默认）或 `interp`
cli-report-encoding = 同 `jz run`：gbk、utf-8、utf-16le、utf-16be
cli-report-delimiter = 同 `jz run`：`,`、`;`、`tab`、`|`
cli-report-sheet = 同 `jz run`：要读取的工作表
cli-diff-encoding = CSV 文件的文本编码（同 `jz run`）：gbk、gb18030、utf-8、utf-16le、utf-16be
cli-diff-delimiter = CSV 字段分隔符：`,`（默认；.tsv 为制表符）、`;`、`tab`、`|`
cli-diff-sheet = 要读取的工作表（默认：每个有数据的工作表）
cli-lsp-stdio = 接受并忽略：标准输入输出是唯一的通道（VS Code 等语言客户端会传入此参数）

## jz eval、--set、文件参数

eval-no-citation = （无）
eval-default = （默认值）
eval-decided = {"  "}✓ { $rule } 作出判定
eval-conflicts = {"  "}✗ { $rule } 适用，并与 { $with } 冲突
eval-not-applicable = {"  "}· { $rule } 不适用
    .false = {"  "}· { $rule } 不适用：`{ $cond }` 不成立
eval-rule-error = {"  "}! { $rule }：{ $error }
eval-error = 错误：{ $error }
eval-json = {""}
    .no-record = 错误：没有这种记录
    .invalid = 错误：--json 不是有效的 JSON：{ $error }
    .not-object = 错误：--json 必须是 JSON 对象
    .no-field = 错误：记录 `{ $record }` 没有字段 `{ $field }`
    .field = 错误：字段 `{ $field }`：{ $error }
    .missing = 错误：`{ $record }` 缺少字段：{ $fields }
        {"  "}帮助：在 --json 中给出每个必填字段
set-syntax = 错误：`--set { $set }` 应写作 名称=值
set-unknown = 错误：`{ $name }` 不是情景值或参数
    {"  "}帮助：可选 { $names }
set-bad-value = 错误：--set { $name }：{ $error }
files-cannot-read-dir = 错误：无法读取目录 `{ $path }`：{ $error }
files-not-found = 错误：`{ $path }` 不存在

## jz run：引擎（--engine、--verbose、--engine duckdb、--db）

run-bad-delimiter = 错误：`--delimiter { $value }` 不是单个 ASCII 字符
    {"  "}帮助：请用 `--delimiter ';'`、`--delimiter tab` 或 `--delimiter '|'`
run-postgres-needs-db = 错误：`--engine postgres` 需要数据库
    {"  "}帮助：用 `--db postgresql://user@host/db --table T` 给出
run-engine-with-db = 错误：`--engine { $engine }` 不能与 --db 同用
    {"  "}帮助：--db 在数据库中直接计算数据表；请去掉 --engine
run-unknown-engine = 错误：未知引擎 `{ $engine }`
    {"  "}帮助：请用 `--engine jit`（默认）、`--engine interp` 或 `--engine duckdb`
run-no-data = 错误：没有数据文件
    {"  "}帮助：用 --data 文件 给出
run-jit-fallback = 警告：{ $error }；改用解释器求值
    {"  "}帮助：`--engine interp` 不使用本机代码引擎
run-data-error = 错误：{ $error }
run-note = 注：{ $note }
run-progress-rows = { $rows } 行
engine-jit-stats = 引擎：jit；本机代码判定 { $native } 行，解释器判定 { $interpreted } 行，其中拒收 { $errors } 行
engine-interp = 引擎：解释器
engine-jit-compiled = 引擎：jit；内核编译用时 { $millis } 毫秒，本机代码 { $bytes } 字节
engine-no-fallback = 引擎：编译时没有需要交给解释器的部分
engine-fallback = 引擎：{ $at } `{ $text }` 交给解释器求值：{ $reason }
db-writes-csv = 错误：SQL 引擎只写 CSV
    {"  "}帮助：请给出 .csv 输出文件，或用 `--engine jit` 写 JSON Lines
db-uncuttable-row = 错误：数据第 { $row } 行（文件第 { $line } 行）无法切分成单元格（引号未闭合或行过长），DuckDB 的读取器不会像 jz 一样读它
    {"  "}帮助：请用 `--engine jit`，它只拒收这一行并继续读下去
db-missing-column = 错误：{ $error }
    {"  "}帮助：请在数据表中加上这一列（见数据契约）
db-unread-lines = DuckDB 有 { $n } 行无法读取，第一处在第 { $line } 行：{ $message }（{ $text }）
db-row-count = 错误：引擎对 { $expected } 个输入行返回了 { $got } 行
    {"  "}帮助：请用 `--engine jit` 运行，并报告这个问题
db-rows-missing = 缺少 { $n } 行
db-not-csv = 错误：`--engine duckdb` 只读 CSV 文件；`{ $path }` 不是
    {"  "}帮助：请用 `--engine jit`，它也读 JSON Lines 和工作簿
db-not-utf8 = 错误：`--engine duckdb` 只读 UTF-8，不读 `{ $encoding }`
    {"  "}帮助：请先转换（`iconv -f { $encoding } -t utf-8`），或用能解码它的 `--engine jit`
db-utf16 = 错误：`{ $path }` 是 UTF-16；`--engine duckdb` 只读 UTF-8
    {"  "}帮助：请先转换（`iconv -f utf-16 -t utf-8`），或用 `--engine jit`
db-error = 错误：{ $message }
    .help = 错误：{ $message }
        {"  "}帮助：{ $help }
db-no-engine = 无法启动 `{ $program }`：{ $error }
    .help = 请安装 DuckDB 命令行（`pip install duckdb-cli`），或用 JZ_DUCKDB=/path/to/duckdb 指定它
db-connect = 无法连接数据库：{ $error }
    .help = 请给出形如 postgresql://user@host:5432/db 的地址；套接字用 postgresql://user@%2Fvar%2Frun%2Fpostgresql/db
db-engine-failed = 引擎出错：{ $error }
db-results = 无法读取引擎的结果：{ $error }
db-write = 写出结果失败：{ $error }
db-table-exists = 数据表 `{ $table }` 已经存在
    .help = 请先删除它，或用 --out-table 另起一个表名
db-no-table = 数据库中没有数据表 `{ $table }`
    .help = 请用 --table 指定存放记录的数据表
db-interrupted = 已中断

## jz sql（SQL 文本本身不随语言改变）

E0601 = 无法把{ $what }精确编译为 SQL
    .label = 无法在 SQL 中精确表达
    .help = 请改写为字段的比较、求和与求差，或用 `jz run` 求值这个政策
    .help-run = 请用 `--engine jit` 求值这个政策，或改写为字段的比较、求和与求差
sql-what = {""}
    .decision = 判定
    .definition = 定义
    .field = 字段
    .guarantee = 保障
    .rule = 规则
    .scenario-value = 情景值
    .list-item-read = 从记录读出的列表项
    .list-item-fails = 会出错的列表项
    .prefix-read = 从记录读出的前缀
    .prefix-not-text = 不是文本的前缀
    .mul-div = 记录中读出的值之间的乘除
    .arithmetic = 这一算术运算
    .decimal = 小数 `{ $value }`（小数位超过 { $digits } 位）
sql-no-record = 没有记录类型 `{ $record }`
sql-missing-column = 数据表没有记录所需的列 `{ $column }`
sql-unknown-dialect = 错误：未知方言 `{ $dialect }`
    {"  "}帮助：可选 duckdb、postgres、spark
sql-no-record-type = 错误：这个政策中没有记录类型 `{ $record }`
    {"  "}帮助：可选 { $names }
sql-cannot-read-header = 错误：无法读取 `{ $path }` 的表头：{ $error }
    {"  "}帮助：请给出第一行列出数据表各列的 CSV 文件，或用 --columns A,B,…

## REPL 自身的消息（诊断见上）

repl-banner = jingzhun（精准）{ $version } — `:help` 列出命令；Tab 补全；Ctrl-D 退出
repl-cannot-start = 错误：无法启动行编辑器：{ $error }
repl-history-unreadable = 注：无法读取历史记录 `{ $path }`：{ $error }
repl-history-unwritable = 注：无法写入历史记录 `{ $path }`：{ $error }
repl-reading-input = 错误：读取输入失败：{ $error }
repl-open-bracket = 错误：输入在未闭合的括号或引号中结束：
    {"  "}{ $line }
repl-interrupted = 已中断
repl-help-intro = 输入语言文本，或一条命令：
repl-help-expression = {"  "}表达式              对当前记录求值：综合措施, 燃煤锅炉蒸吨 > 锅炉淘汰上限, 预警级别
repl-help-sample = {"  "}样本名              显示它的判定，并把它设为当前记录
repl-help-define = {"  "}样本 甲 = 普通企业 {"{"} 绩效等级: A {"}"}   定义一条记录（未闭合的 `{"{"}` 在下一行继续）
repl-help-set = {"  "}设定 预警级别 = 橙色                 设定情景值或参数
repl-help-keys = Tab 补全名称（中文也可）；Ctrl-C 取消当前行或较长的求值；Ctrl-D 退出。
repl-help-also = {"  "}别名：{ $aliases }
repl-help-example = {"  "}例：{ $example }
repl-cmd = {""}
    .help = 本列表，或某条命令的详细说明
    .load = 载入政策（及其引用的文件）；有错误时仍保留先前的政策
    .reload = 修改后重新载入同一政策；样本和数据重新读取
    .set = 设定情景值或参数；不带参数时显示它们
    .unset = 恢复为政策中的值（不给名称时恢复全部）
    .show = 情景值和参数（即单独 `:set` 显示的内容）
    .let = 定义一条命名记录（同 `样本 名称 = …`）；它成为当前记录
    .use = 把一个样本设为当前记录（表达式对它求值）
    .samples = 样本：政策中的、此处定义的，以及用 :row 取出的数据行
    .eval = 记录的判定，或关于它的表达式（默认当前记录）
    .explain = 判定为何取此值、为何不取另一值：列出每条规则及其依据
    .type = 表达式的类型
    .data = 把数据集（CSV、JSON Lines、XLSX）读入内存；报告无法读取的行
    .count = 统计数据行，可分组、筛选（例：by 综合措施 where 区县 == "安平县"）
    .what-if = 每一行的判定将如何变化（例：正常生产 → 限产: 1,234）
    .moved = 上一次假设分析中发生变化的行
    .export = 把上一次假设分析中变化的行写成 CSV
    .row = 把一个数据行作为命名记录（默认名 行N），并设为当前记录
    .rejects = 读入时或求值时拒收的行及原因（用 FILE 全部写成 CSV）
    .report = 按当前状态和上一次假设分析，写出数据集的 HTML 报告（同 `jz report`）
    .quit = 退出（Ctrl-D 也可）
repl-unknown-command = 错误：未知命令 `{ $command }`
    {"  "}帮助：{ $help }
repl-lists-commands = `:help` 列出所有命令
repl-did-you-mean-command = 是不是 `{ $command }`？`:help` 列出所有命令
repl-data-flag = 错误：`:data` 不认识 `{ $word }`
    {"  "}帮助：{ $usage }
repl-data-flag-value = 错误：`{ $flag }` 后面要有一个值
    {"  "}帮助：{ $usage }
repl-needs = 错误：`{ $command }` 需要{ $what }
    {"  "}帮助：{ $usage }
repl-need = {""}
    .policy-file = 一个政策文件
    .name-and-record = 一个名称和一条记录
    .sample-name = 一个样本名
    .expression = 一个表达式
    .data-file = 一个数据文件
    .assignment = 赋值 `名称 = 值`
    .file = 一个文件
    .key = 一个键
repl-let-needs-record = 错误：`:let` 需要 `名称 = 记录 {"{"} … {"}"}`
    {"  "}帮助：{ $usage }
repl-let-one-name = 错误：`:let` 在 `=` 前只能有一个名称
    {"  "}帮助：{ $usage }
repl-assign-syntax = 错误：`{ $part }` 应写成 名称 = 值
    .help = 错误：`{ $part }` 应写成 名称 = 值
        {"  "}帮助：例如 `预警级别 = 橙色` 或 `锅炉淘汰上限 = 20 [t/h]`
repl-count-syntax = 错误：`:count` 只接受 `by …` 和 `where …`（或 `按 …`、`当 …`）
    {"  "}帮助：{ $usage }
repl-count-needs-expression = 错误：`{ $word }` 后需要一个表达式
    {"  "}帮助：{ $usage }
repl-no-policy = 错误：尚未载入政策
    {"  "}帮助：`:load policies/hebei/main.jz`
repl-current-record = 当前记录：{ $name }（{ $record }）
repl-not-loaded = 错误：`{ $path }` 有 { $n } 个错误，未载入{ $kept }
    .kept = ；仍使用 { $path }
repl-loaded = 已载入 { $name }，来自 { $path }（{ $files } 个文件；{ $records } 个记录类型，{ $decisions } 个判定，{ $samples } 个样本），用时 { $millis } 毫秒
repl-sample-gone = 注：样本 `{ $name }` 已失效：它不符合新的政策
repl-value-dropped = 注：`{ $name }` = { $value } 已舍弃：{ $reason }
    .no-such = 注：`{ $name }` = { $value } 已舍弃：新政策中没有这个值
repl-cannot-create = 错误：无法创建 `{ $path }`：{ $error }
repl-writing = 错误：写入 `{ $path }`：{ $error }
repl-writing-failed = 错误：写入 `{ $path }` 失败：{ $error }
repl-did-you-mean = 是不是 `{ $name }`？
repl-not-a-value = 错误：`{ $name }` 不是情景值或参数
    {"  "}帮助：{ $help }
    .show = 错误：`{ $name }` 不是情景值或参数
        {"  "}帮助：`:show` 列出它们
repl-no-values-help = 这个政策没有情景值或参数
repl-one-of = 可选 { $names }
repl-not-open = 注：`{ $name }` 未开放：细化政策不能改变它（仍按此值求值）
repl-outside-range = 注：{ $value } 超出细化政策可设定的范围 [{ $low }, { $high }]（仍按此值求值）
repl-set = { $name } = { $now }（原为 { $was }）
repl-no-values = 没有情景值或参数（用 `:load 路径` 载入政策）
repl-show = {""}
    .name = 名称
    .value = 值
    .kind = 种类
    .scenario = 情景
    .parameter = 参数
    .default = 默认 { $value }
    .policy = 政策值 { $value }
    .open-range = 开放 [{ $low }, { $high }]
    .open = 开放
repl-no-record-type = 错误：这个政策中没有记录类型 `{ $record }`
    {"  "}帮助：可选 { $names }
repl-data-error = 错误：{ $error }
repl-data-loaded = 已从 { $path } 载入 { $rows } 行{ $record }记录，用时 { $secs } 秒（读入 { $read } 行，拒收 { $rejected } 行）
repl-data-more-rejects = {"  "}…… `:rejects` 列出全部 { $n } 条原因，`:rejects 文件` 把它们写出
repl-no-record-types = 错误：没有记录类型：请先载入政策
    {"  "}帮助：`:load policies/hebei/main.jz`
repl-no-columns = 错误：`{ $path }` 的列不符合任何记录类型
    {"  "}{ $why }
    {"  "}帮助：请指明记录类型：`:data 文件 记录`
repl-no-dataset = 错误：尚未载入数据集
    .help = 错误：尚未载入数据集
        {"  "}帮助：`:data examples/enterprises_10k.csv`
    .what-if = 错误：尚未载入数据集
        {"  "}帮助：先 `:data 文件`，再 `:what-if 名称 = 值`
    .report = 错误：尚未载入数据集
        {"  "}帮助：先 `:data 文件`，再 `:report 文件`
    .row = 错误：尚未载入数据集
        {"  "}帮助：`:data 文件`
repl-evaluated = （已求值 { $rows } 行，用时 { $secs } 秒）
repl-count = { $record } 共{ $of }{ $matching } { $matched } 行{ $rest }
    .of = {" "}{ $n } 行，其中
    .match = 符合条件的
    .not-counted = ；{ $n } 个拒收行未计入
repl-count-failed = 注：查询在 { $n } 行上出错（第一处：{ $first }），这些行未计入
repl-what-if-now = { $name } = { $value }（现为 { $now }）
repl-nothing-to-compare = 错误：没有可比较的对象
    {"  "}帮助：用 `:data 文件` 载入数据，或用 `样本 甲 = …` 定义一条记录
repl-what-if = 假设 { $label }，对 { $rows } 行{ $record }记录：
repl-not-an-output = { $name }（非输出）
repl-what-if-rows = 行：{ $unchanged } 行不变 · { $changed } 行变化 · { $rejected } 行拒收（现为 { $now } 行）
repl-what-if-answered = 假设分析用时 { $secs } 秒；`:moved` 列出变化的行，`:export 文件` 把它们写出
repl-eval-error = 出错
repl-no-changes = { $name }：判定没有变化
repl-no-what-if = 错误：还没有做假设分析
    {"  "}帮助：`:what-if 预警级别 = 橙色`
    .export = 错误：还没有做假设分析
        {"  "}帮助：先 `:what-if 预警级别 = 橙色`，再 `:export 文件`
repl-not-a-dataset-decision = 错误：`{ $name }` 不是数据集记录类型的判定
    {"  "}帮助：{ $usage }
repl-moved = { $n } 行发生变化（假设 { $label }）
repl-change = 变化
repl-moved-more = {"  "}…… 另有 { $n } 行：用 `:moved … all` 全部列出，或用 `:export 文件` 全部写出
repl-exported = 已把 { $n } 行写入 { $path }（假设 { $label }）
repl-row-rejected = 错误：键为 `{ $key }` 的第 { $row } 行在读入时被拒收：{ $reason }
repl-no-row = 错误：{ $path } 中没有键为 `{ $key }` 的行
repl-row-current = { $name }（{ $record }）：数据集第 { $row } 行，现为当前记录
repl-rejects = 拒收行 { $rows } 个：{ $unreadable } 个无法读取，{ $failed } 个在当前情景下求值出错
repl-rejects-written = 已把 { $n } 条原因写入 { $path }
repl-rejects-more = {"  "}…… 另有 { $n } 条；`:rejects 文件` 全部写出
repl-reject-line = 第 { $row } 行（{ $key }）{ $column }{ $value }：{ $reason }
    .column = ，列 `{ $column }`
    .value = ，值 `{ $value }`
repl-absent = （缺失）
repl-empty = （空）
repl-no-sample = 错误：没有名为 `{ $name }` 的样本
    {"  "}帮助：{ $help }
repl-samples-help = `:samples` 列出所有样本；用 `样本 甲 = 普通企业 {"{"} … {"}"}` 或 `:row 键` 定义一个
repl-not-a-name = 错误：`{ $name }` 不是合法的名称
    {"  "}帮助：名称由字母（包括汉字）、数字和 `_` 组成，不以数字开头
repl-is-a-record-type = 错误：`{ $name }` 是记录类型
    {"  "}帮助：请给样本另起一个名称
repl-defined = 已定义 { $name }（{ $record }），现为当前记录
    .again = 已重新定义 { $name }（{ $record }），现为当前记录
repl-rule = 规则 `{ $label }`
repl-no-decisions = （`{ $record }` 没有判定）
repl-no-samples = 没有样本：用 `样本 甲 = 企业 {"{"} … {"}"}` 定义一个（或载入政策的 tests.jz，其中声明了一些）
repl-samples = {""}
    .typed = 在此输入
    .row = 数据行，键 { $key }
    .sample = 样本
    .record = 记录
    .from = 来源
repl-no-current = 错误：没有当前记录
    {"  "}帮助：`:eval 名称`，或用 `样本 甲 = 普通企业 {"{"} … {"}"}` 定义一个
repl-one-at-a-time = 错误：一次只能输入一个 `样本` 或 `设定`
    {"  "}帮助：每个各占一行
repl-declares = 错误：`{ $word }` 声明的是政策的一部分；REPL 只求值表达式和记录
    {"  "}帮助：请把它写进政策文件，然后 `:reload`
repl-nothing-to-explain = 错误：没有可解释的记录
    {"  "}帮助：`:explain 名称 判定`，或用 `:use 名称` 设定当前记录
repl-decisions-of = `{ $record }` 的判定：{ $names }
repl-not-a-decision = 错误：`{ $name }` 不是 `{ $record }` 的判定（也不是前一个判定的值）
    {"  "}帮助：{ $help }
repl-same-file = 错误：`{ $path }` 就是数据集文件
    {"  "}帮助：请把报告写到另一个文件
repl-report-interrupted = 已中断；未写出报告
repl-report-failed = 错误：无法生成报告：{ $error }
repl-report-written = 报告已写入 { $path }（{ $rows } 行，拒收 { $rejected } 行）
transitions-unchanged = { $name }：不变
transitions-changed = { $name }：{ $n } 行变化
repl-explain = {""}
    .cited = 依据 { $cites }
    .default = 默认：没有规则适用，共 { $n } 条规则
    .already = { $decision } = { $value }，已是此值（{ $by }）
    .not = { $decision } = { $value }，而不是 { $other }（{ $by }）
    .is = { $decision } = { $value }（{ $by }）
    .error = { $decision } = 出错：{ $error }
    .decided = {"  "}✓ { $rule } 作出判定：{ $value }
    .because = {"      "}因为{" "}
    .where = {"      "}其中{" "}
    .agrees = {"  "}✓ { $rule } 适用且结论一致：{ $value }
    .conflicts = {"  "}✗ { $rule } 适用（{ $value }），与 { $with } 冲突
    .overridden = {"  "}↷ { $rule } 本应得出 { $value }，被例外 { $by } 取代
    .false = {"  "}· { $rule } 不适用（它得出 { $value }）：`{ $cond }` 不成立
    .not-applied = {"  "}· { $rule } 不适用（它得出 { $value }）
    .rule-error = {"  "}! { $rule }：{ $error }
    .no-rule-gives = {"  "}`{ $decision }` 没有规则得出 { $value }
    .no-citation = （无依据）
    .more = ，……（另有 { $n } 个）
repl-data-interrupted = 已中断；未载入数据
repl-data-stopped = 读取 `{ $path }` 中途停止：{ $error }
repl-data-mismatch = 内部计数不符：读入 { $read } ≠ 载入 { $rows } + 拒收 { $rejected }
repl-record-heading = { $name }（{ $record }）

## jz fmt

fmt-cannot-read = 错误：无法读取 `{ $name }`：{ $error }
    帮助：请检查路径及其权限
fmt-not-formatted = { $name }：未按规范格式排版
fmt-cannot-write = 错误：无法写入 `{ $name }`：{ $error }
    帮助：请检查它的权限
fmt-formatted = 已排版 { $name }
fmt-syntax = 错误：`{ $name }` 未排版
    帮助：请先修正上面的语法错误
fmt-error = 错误：`{ $name }`：{ $error }
fmt-summary = 错误：{ $n } 个文件未按规范格式排版
    帮助：请对它们运行 `jz fmt`

## jz coverage

coverage-no-source = 错误：这个政策的文件旁都没有 `source.txt`
    {"  "}帮助：把原文放在政策旁，每条一个 `§ 编号 操作性|说明` 块
coverage-encoded-by = 由 { $n } 处编码
coverage-not-encoded = 未编码：{ $reason }
coverage-missing = 未编码，也未说明理由
coverage-outside = 原文之外的依据：
coverage-summary = 操作性条款：已编码 { $encoded } 条，已说明 { $explained } 条，缺失 { $missing } 条
coverage-failed = 错误：{ $missing } 条操作性条款既未编码也未说明
    {"  "}帮助：在规则中引用它们，或在它们的 `§` 行加上 `未编码: 理由`

## jz diff（CSV 文件保持数据契约规定的样子）

diff-policy-errors = 错误：政策 { $label }（`{ $path }`）有错误
diff-no-record = 错误：政策 { $label }（`{ $path }`）中没有记录类型 `{ $record }`
    {"  "}帮助：可选 { $names }
diff-in-policy = { $error }
    {"  "}注：在政策 { $label }（`{ $path }`）中
diff-error = 错误：{ $error }
diff-no-common = 错误：两个政策没有共同的 `{ $record }` 输出判定
    {"  "}帮助：`jz diff` 比较两边同名的判定
diff-more-rejects = …… 另有 { $n } 个拒收行；用 --rejects 文件 全部写出
diff-side = { $side }：{ $name }（{ $path }）
diff-rows-of = { $record } { $n } 行（{ $path }），两边情景相同
diff-only-in = 只在 { $side } 中（未比较）：{ $names }
diff-rows = 行：读入 { $read } · 不变 { $unchanged } · 变化 { $changed } · 拒收 { $rejected }
diff-written = 变化的行已写入 { $path }
diff-compared = 比较用时 { $secs } 秒
diff-read-stopped = 错误：读取 `{ $path }` 中途停止：{ $error }
diff-mismatch = 错误：内部计数不符：读入 { $read } ≠ 不变 + 变化 + 拒收
diff-cannot-create-dir = 错误：无法创建目录 `{ $path }`：{ $error }
diff-cannot-create = 错误：无法创建 `{ $path }`：{ $error }
diff-reject = 拒收行 { $row }（{ $key }），政策 { $policies }{ $column }{ $value }：{ $reason }
    .column = ，列 `{ $column }`
    .value = ，值 `{ $value }`

## jz report：页面（id、data-k 和 data-n 属性不随语言改变）

report-title = { $record }判定报告 · { $title }
report-defaults = 各项取默认值
report-settings-sep = ，
report-lead = 政策 <code>{ $policy }</code>（{ $title }）· 数据 <code>{ $data }</code> · 情景：{ $settings }
report-read = 读入行数
report-written = 已判定
report-rejected = 拒收（无法判定）
report-nav-decisions = 判定结果
report-by = 按{ $name }
report-nav-levels = 各预警级别
report-policy-compare = 政策对比
report-what-if = 假设分析
report-nav-articles = 依据条款
report-nav-rejects = 拒收
report-intro = 每一行数据在上述情景下得到每个判定的一个值和决定它的条款；本页的数字与 <code>jz run</code> 对同一文件、同一情景给出的汇总一致。每张表都可下载为 CSV 或 XLSX。
report-footer = 由 <code>jz report</code> 生成。本页不含脚本、不引用任何外部资源，可离线打开和打印。
report-decisions-note = 每个判定各取值的行数（拒收的行不计）。
report-values-caption = { $name }：各值的行数
report-value = 值
report-rows = 行数
report-share = 占比
report-rejected-col = 拒收
report-by-file = 按{ $dim }_{ $name }
report-by-caption = 按{ $dim }：{ $name }
report-dim-note = { $n } 个{ $dim }；图中是{ $main }的各值{ $top }。
report-dim-top = （前 { $n } 个，按行数；表中是全部）
report-dim-folded = 不同的{ $dim }超过 { $max } 个：其余 { $n } 个合计为最后一行。
report-other-decisions = 其他判定
report-levels-heading = 各预警级别对比
report-levels-note = 同一批数据在{ $field }的每个取值下重新判定（其余情景不变），并排比较；本次运行的情景是 <b>{ $current }</b>。
report-this-run = { $name }（本次）
report-levels-file = { $field }_行数
report-levels-caption = 各{ $field }下已判定和拒收的行数
report-per-level = { $name }：各级别
report-level-file = { $name }_各{ $field }
report-level-caption = { $name }：各{ $field }下的行数
report-level-dim-heading = 按{ $dim }：{ $main }
report-level-dim-file = 按{ $dim }_{ $main }_各{ $field }
report-level-dim-caption = 按{ $dim }，{ $main }在各{ $field }下的行数
report-compare-policy = 对比政策 { $label }
report-compare-what-if = 假设 { $label }
report-compare-note = 同一批数据：本次运行（A）与{ $what }（B）。两边都能判定的行才比较。
report-unchanged = 未变化
report-changed = 有变化
report-not-compared = 未比较（任一边拒收）
report-only = 只在 A 中的判定（不比较）：{ $a }；只在 B 中的：{ $b }。
report-no-change = 没有变化的判定：{ $names }。
report-list-sep = 、
report-moved-heading = { $decision }：{ $n } 行变化
report-sankey-note = 流向图只画变化的行（未变化的 { $n } 行不画）。
report-transition-file = { $decision }_变化
report-why-heading = 改变结果的条款
report-why-file = 变化的依据
report-why-caption = 每种变化的行数，以及两边决定它的规则和条款
report-decision = 判定
report-by-a = A 的依据
report-by-b = B 的依据
report-moved-rows-heading = 变化的企业
report-moved-rows-note = 按数据顺序列出前 { $n } 行（共 { $total } 行有变化）。
report-moved-rows-file = 变化的企业
report-moved-rows-caption = 变化的行：每个变化的判定，A → B，以及 B 的依据
report-row = 行号
report-key = 键
report-name = 名称
report-county = 区县
report-change = 变化
report-change-cell = { $decision }：{ $a } → { $b }（{ $by }）
report-change-sep = ；
report-articles-heading = 决定行数最多的条款
report-articles-note = 每个判定的每一行由一条规则（及其依据的条款）或默认值决定；一行在每个判定里各计一次。图中只有条款，表中也列出默认值。
report-articles-chart = 决定行数最多的条款（不含默认值）
report-articles-file = 依据条款
report-articles-caption = 每条规则决定的行数
report-citation = 依据
report-rule = 规则
report-default = （默认值）
report-rejects-heading = 拒收的行及原因
report-no-rejects = 没有拒收的行：每一行都读入并判定了。
report-rejects-note = <b data-k="rejected-rows" data-n="{ $n }">{ $shown }</b> 行被拒收（{ $entries } 条原因：一行可有几个无法读取的单元格）。无法读取的单元格、冲突的规则和被违反的保障都在这里，不会被悄悄丢掉。
report-reasons-file = 拒收原因
report-reasons-caption = 按原因
report-reason = 原因
report-column = 列
report-count = 条数
report-rejects-shown = 按数据顺序列出前 { $n } 条（共 { $total } 条）；全部拒收行用 <code>jz run … --rejects FILE</code> 写出。
report-rejects-file = 拒收的行
report-line = 文件行
report-none = （无）
report-no-data = 无数据（没有行）

## jz report：命令的消息

report-cmd-unknown-engine = 错误：未知引擎 `{ $engine }`
    {"  "}帮助：请用 `--engine jit`（默认）或 `--engine interp`
report-cmd-same-as-input = 错误：-o `{ $out }` 就是输入文件 `{ $data }`
    {"  "}帮助：把报告写到另一个文件；输入文件永远不会被覆盖
report-cmd-b-errors = 错误：政策 B（`{ $path }`）有错误
report-cmd-b-no-record = 错误：政策 B（`{ $path }`）中没有记录类型 `{ $record }`
report-cmd-in-b = { $error }
    {"  "}注：在政策 B（`{ $path }`）中
report-cmd-as-b-reads = 错误：{ $error }
    {"  "}注：按政策 B（`{ $path }`）读取时
report-cmd-jit-fallback = 警告：{ $error }；改用解释器求值
report-cmd-cannot-create = 错误：无法创建 `{ $path }`：{ $error }
report-cmd-summary = 读入 { $read } 行，写出 { $written } 行，拒收 { $rejected } 行，用时 { $secs } 秒
report-cmd-interrupted = 已中断：在数据第 { $row } 行后停止；未写出报告
report-cmd-mismatch = 错误：内部计数不符：读入 { $read } ≠ 写出 { $written } + 拒收 { $rejected }
report-cmd-cannot-build = 错误：无法生成报告：{ $error }
report-cmd-written = 报告已写入 { $path }（{ $kb } KB）

## jz doc：页面

doc-unverified = 未验证
doc-holds = 证明成立
doc-violated = 可被违反
doc-unknown = 未能判定
doc-exception = 例外
doc-rule = 规则
doc-rule-title = 判定 { $decision } · { $kind } { $label }
doc-guarantee-title = 保障 { $name } — { $verdict }
doc-lineage = 细化链：{ $chain }
doc-nav-articles = 条文与规则
doc-nav-guarantees = 保障
doc-nav-lineage = 细化
doc-nav-tests = 测试
doc-cited = 依据 { $cites }
doc-cite-sep = 、
doc-not-encoded = 未编码：{ $reason }
doc-missing = 操作性条文，尚未编码，也未说明原因
doc-note = 说明性条文
doc-guarantees-heading = 保障（jz verify）
doc-guarantee = 保障
doc-verdict = 结论
doc-citation = 依据
doc-policy = 政策
doc-place = 位置
doc-lineage-heading = 细化：各级政策对每个判定加了什么
doc-decision = 判定 { $name }
doc-lineage-rule = { $rule }（{ $cites }）
doc-lineage-item = <code>{ $policy }</code>：{ $rules }
doc-lineage-sep = ，
doc-tests-summary = { $file }：{ $summary }
doc-test = 测试
doc-result = 结果
doc-passed = 通过
doc-failed = 失败
doc-no-tests = 没有 tests.jz（或它没有通过检查）。
doc-cannot-write = 错误：无法写入 `{ $path }`：{ $error }
    帮助：请检查输出目录
doc-wrote = 已写出 { $path }

## clap 的命令行解析错误（英文保留 clap 自己的文字）

cli-error = 错误：{ $message }
cli-error-unknown-argument = 未知参数 '{ $arg }'
cli-error-invalid-subcommand = 未知子命令 '{ $subcommand }'
cli-error-missing = 缺少以下必需的参数：
cli-error-no-value = '{ $arg }' 需要一个值，但没有给出
cli-error-invalid-value = '{ $arg }' 的值 '{ $value }' 无效
cli-error-possible-values = [可选值：{ $values }]
cli-error-used-twice = 参数 '{ $arg }' 只能使用一次
cli-error-conflict = 参数 '{ $arg }' 不能与 { $other } 同时使用
cli-error-conflict-others = 已给出的其他参数
cli-error-too-many = '{ $arg }' 多出一个值 '{ $value }'；不需要更多的值
cli-error-no-equals = 给 '{ $arg }' 赋值时需要用等号
cli-error-needs-subcommand = '{ $command }' 需要一个子命令，但没有给出
cli-error-tip-argument = 提示：有一个相近的参数：'{ $name }'
cli-error-tip-subcommand = 提示：有一个相近的子命令：'{ $name }'
cli-error-tip-value = 提示：有一个相近的值：'{ $name }'
cli-error-tip = 提示：{ $tip }
cli-error-more = 详细信息请用 '{ $flag }'。
cli-error-pass-as-value = 若要把 '{ $arg }' 作为值传入，请用 '-- { $arg }'
cli-error-reason = { $message }：{ $reason }

## 读取数据文件（文件层面的错误和说明；拒收行的原因仍为英文）

data-json-array = `{ $path }` 是 JSON 数组；jz 读取的是 JSON Lines（每行一个对象）
    {"  "}帮助：用 `jq -c '.[]' { $path } > data.jsonl` 转换
data-lacks = `{ $path }` 缺少必需的列：{ $missing }
    .sheet = `{ $path }` 的工作表 `{ $sheet }` 缺少必需的列：{ $missing }
data-found-header = {"  "}实际表头（{ $n } 列，分隔符 { $delimiter }）：{ $found }
data-header-help = 表头必须列出记录类型 `{ $record }` 的每个字段（多余的列不读）
data-header-separated = 表头看起来以 { $delimiter } 分隔：请加上 `--delimiter { $flag }`
data-help = {"  "}帮助：{ $help }
data-gbk = `{ $path }` 不是 UTF-8：它按 GBK/GB18030 可以读（Excel 和 WPS 另存为“CSV”时的编码）
    {"  "}帮助：加上 `--encoding gbk`，或把文件另存为“CSV UTF-8”
data-reading-as = 按 { $encoding } 读取 `{ $path }`
data-unknown-encoding = 未知编码 `{ $label }`
    {"  "}帮助：请用 `--encoding gbk`（也可写 GB2312/GB18030）、`utf-8`、`utf-16le` 或 `utf-16be`
data-empty = `{ $path }` 是空的（没有表头行）
data-header-unclosed = `{ $path }` 的表头第 { $column } 列有一个未闭合的引号
data-header-too-long = `{ $path }` 的第一行长 { $bytes } 字节且没有换行：不是 CSV 表头
    {"  "}帮助：请确认文件是 CSV 文本
data-damaged = `{ $path }` 已截断或损坏：{ $error }
    {"  "}帮助：请重新复制或导出文件（下载中断或磁盘写满时截短的文件就是这样）
data-no-sheet = `{ $path }` 中没有工作表 `{ $sheet }`
    {"  "}帮助：它的工作表有 { $sheets }
data-every-sheet = {"  "}帮助：每个有数据的工作表都会读取；用 `--sheet 名称` 指定要读的一个（工作表：{ $sheets }）
data-header-row = 工作表 `{ $sheet }`：表头取自第 { $row } 行（其上的行视为标题）
data-no-sheet-with-data = `{ $path }` 中没有含数据的工作表
data-sheets-read = 读取了 { $n } 个工作表：{ $sheets }
data-sheet-rows = `{ $sheet }`（{ $rows } 行）

## jz run --verbose：本机代码引擎交给解释器的原因（jz-jit 的说法）

jit-reason = {""}
    .text-value = 文本值
    .text-comparison = 内核无法预先计算的文本比较（不是字段与固定文本的比较）
    .text-tests = 同一字段上超过 64 种不同的文本判断
    .decimal-product = 小数乘积的小数位超过 18 位
    .decimal-quotient = 小数除法的精度
    .arithmetic = 这些类型之间的算术运算
    .text-decision = 文本类型的判定 `{ $decision }`：每一行都由解释器求值
run-progress-eta = 剩余
# `data-cannot` 是无法读取的文件的每条错误都有的词（REPL 靠它把这类错误与列不符合任何记录类型的文件区分开）
data-cannot = 无法
data-cannot-open = 无法打开 `{ $path }`：{ $error }
data-cannot-read = 无法读取 `{ $path }`：{ $error }
data-cannot-read-header = 无法读取 `{ $path }` 的表头：{ $error }
