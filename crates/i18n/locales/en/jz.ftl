# jingzhun: every message jz shows, in English (the reference catalogue).
# A key `E0302` is the message of code E0302; `.label` underlines the span, `.help` says what to do.
# Every key here has a twin in ../zh/jz.ftl (crates/i18n/tests/catalogues.rs fails otherwise).
# Braces are written {"{"} and {"}"}; leading spaces are kept with {" "}.

## Rendering of every diagnostic

severity-error = error
severity-warning = warning
diag-help = help: { $help } (see `jz explain { $code }`)
diag-help-only = help: see `jz explain { $code }`
diag-summary-errors = error: { $n } error(s) found
list-sep = {", "}
    .semicolon = {"; "}
did-you-mean = did you mean `{ $name }`?

## Nouns the messages name things by

noun-decision = decision
noun-sample = sample
noun-enum = enum
noun-variant = variant
noun-record = record
noun-field = field
noun-scenario-value = scenario value
noun-parameter = parameter
noun-name = name
noun-rule-label = rule label
noun-guarantee = guarantee
noun-rule = rule
noun-integer = integer
noun-decimal = decimal
noun-date = date
noun-day-count = day count
noun-this-set = this set
noun-directory = directory
noun-device = device
noun-pipe = pipe
noun-socket = socket
noun-special-file = special file

## Syntax (E00xx)

E0001 = unexpected `{ $found }`
    .eof = unexpected end of file
    .char = unexpected character U+{ $code }
    .label = expected { $expected }
    .help-rule = a rule is written `规则 标签 依据 "三（八）": 当 条件 则 值`
    .help-item = each item starts with a keyword such as `判定`, `定义`, `记录`, `测试` (see docs/LANGUAGE.md)
    .help-expr = check for a missing value or an unbalanced bracket; keywords need spaces around them (`当 甲 且 乙 则 是`)
    .help-grammar = compare with the grammar in docs/LANGUAGE.md
expected-or = { $list } or { $last }
expected-item = an item
expected-name = a name
expected-expression = an expression
expected-string = a quoted string
expected-citation = a citation `依据 "…"`
expected-then = `则` (then)
expected-when = `当` (when)
expected-else = `否则` (else)
expected-default = `默认` (default)
expected-key = `键` (key)
expected-rule-kw = `规则` (rule)
expected-expect = `期望` (expect)
expected-given = `给定` (given)
expected-type = a type
expected-comparison = a comparison
expected-operator = an operator
expected-and-or = `且`/`或`
expected-eof = end of file
expected-rule = a rule
expected-field = a field
expected-arm = a match arm `变体 => 值`
expected-unit = a unit like `[t/h]`
expected-view = scenario values `[督察期间 = 否]`
expected-number = a number
expected-date = a date
expected-month-day = a month-day range like `10-01..03-31`
expected-punct = `:`, `=`, a bracket or a keyword
expected-something = something else
E0002 = incomplete syntax
    .help = compare with the grammar in docs/LANGUAGE.md
    .expr = expected an expression
    .record = expected a record literal
    .empty = empty input
    .bug = could not read { $what }
    .bug-help = this is a parser bug; please report it with the text shown
    .no-header-name = policy header without a name
    .empty-item = empty item
    .missing = missing { $what }
    .bad-scenario-field = bad scenario field
    .param-without-value = param without a value
    .guarantee-without-condition = guarantee without a condition
    .test-without-given = test without `给定`
    .unknown-item = unknown item
    .bad-field = bad field
    .rule-without-value = rule without a value
E0003 = `{ $text }` is not a month and day
    .label = no such day
    .help = write month-day as `MM-DD`, e.g. `10-01..03-31`
E0004 = nesting deeper than { $limit }
    .label = more than { $limit } levels deep
    .here = more than { $limit } levels deep here
    .help = split the expression into named `定义`s; brackets, `若`, `匹配` and arithmetic chains count as nesting

## Loading files (E01xx)

E0101 = cannot read `{ $path }`
    .label = { $reason }
    .help = paths in `引用` are relative to the file that contains them
    .entry = cannot read `{ $path }`: { $reason }
    .help-path = check the path
    .help-permissions = check the file's permissions
E0102 = only a refinement of the declaring policy may set this parameter
    .label = not a refinement
    .help = start the file with `政策 名称 "标题" 细化 上级政策` naming the policy that declares it
E0103 = `{ $name }` is not a loaded policy
    .label = refined policy not found
    .help = bring it in with `引用 "path/to/file.jz"`, whose header names `{ $name }`
E0104 = `{ $path }` is not a regular file
    .label = a { $kind }
    .help = a policy is read from a `.jz` text file; name the file, not a device, pipe or directory
E0105 = `{ $path }` is too large to be a policy ({ $size } bytes)
    .label = more than { $limit } bytes
    .help = split the policy into files brought in with `引用`, or check that this is the right file
E0106 = `{ $path }` is not UTF-8 text: byte 0x{ $byte } at line { $line }, column { $column }{ $guess }
    .guess = ; it looks like { $encoding }
    .label = first invalid byte
    .used = brought in here
    .help = save it as UTF-8, e.g. `iconv -f { $from } -t UTF-8 '{ $path }' > converted.jz` (policies are read as UTF-8)
E0107 = policies refine each other in a cycle
    .help = a refinement (`细化`) names its parent policy; a policy cannot refine itself or its refinements

unit-none = 数值 (no unit)

## Names (E02xx)

E0201 = { $kind } `{ $name }` is defined twice
    .label = second definition
    .first = first defined here
    .help = rename one of them, or extend the first with `补充`
E0202 = unknown name `{ $name }`
    .label = not found
    .help = define it with `定义`, or check the spelling of the field
    .hint-test-scenario = only scenario values can be set in a test's `情景`
    .hint-has = `有` takes an optional field of the record
    .hint-repl-field = `{ $name }` is a field of `{ $record }`; choose a record first: `样本 甲 = { $record } {"{"} … {"}"}`, or `:use` a sample
    .hint-field = `{ $name }` is a field of `{ $record }`; put `关于 { $record }` before this item
E0203 = unknown type `{ $name }`
    .label = not a type
    .help = use 布尔, 整数, 数值 [unit], 文本, 日期, 天数, 集合<枚举> or an enum name
E0204 = unknown record type or sample `{ $name }`
    .label = not found
    .help = declare it with `记录` or `样本`
E0205 = record `{ $record }` has no field `{ $name }`
    .label = unknown field
    .help = add it with `补充 记录 { $record } {"{"} … {"}"}`
E0206 = `{ $name }` is not a variant of `{ $enum }`
    .label = unknown variant
    .help = see `枚举 { $enum }` for its variants
E0207 = unknown decision `{ $name }`
    .label = not a decision of this record
    .help = declare it with `判定`
E0208 = unknown function `{ $name }`
    .help = the functions are 最大/max, 最小/min and 数量/count
E0209 = `{ $name }` is a variant of several enums
    .label = could be { $enums }
    .help = qualify it, e.g. `{ $first }.{ $name }`
E0210 = cannot tell the type of { $what }
    .help = compare it with a typed field or qualify the variant (`枚举.变体`)

## Types (E03xx)

E0301 = mismatched types
    .label = expected `{ $expected }`, found `{ $found }`
    .help = there are no implicit conversions; change the value or the declared type
E0302 = units do not match
    .label = `{ $left }` against `{ $right }`
    .help = quantities can only be compared, added or subtracted in the same unit; write e.g. `35 [t/h]`
E0309 = unit power beyond ±{ $max }
    .label = `{ $left }` with `{ $right }`
    .help = a unit's powers are small numbers (`[m3/h]`, `[kg*m2]`); check for a runaway product
E0303 = `{ $op }` cannot be applied to `{ $left }` and `{ $right }`
    .label = unsupported operand types
    .help = see the operator table in docs/LANGUAGE.md
E0304 = values of type `{ $ty }` have no order
    .help = use `==` / `!=`, or compare numbers, quantities, dates, day counts or enum variants
E0305 = match does not cover every variant
    .label = missing { $missing }
    .help = add an arm for each missing variant, or a wildcard arm `_ => …`
E0306 = variant `{ $variant }` is matched twice
    .label = this arm is never taken
    .help = remove the repeated variant
E0307 = optional field `{ $field }` used without checking it is present
    .label = may be absent
    .help = write `有 { $field } 且 …` or `若 有 { $field } 则 … 否则 …`
E0308 = field `{ $field }` is not optional
    .help = `有` only applies to fields declared with `?`

## Structure (E04xx)

E0401 = definitions depend on each other in a cycle
    .help = break the cycle: a definition or decision cannot depend on itself
E0402 = this { $what } is not about any record
    .help = put `关于 记录名` (e.g. `关于 企业`) before it
E0403 = decision `{ $decision }` has no rule labelled `{ $label }`
    .label = exception target not found
    .help = label the rule: `规则 标签 依据 …`
E0404 = exceptions of `{ $label }` form a cycle
    .help = an exception cannot, directly or indirectly, be an exception to itself
E0405 = missing fields of `{ $record }`
    .help = give every required field, or start from a `样本` and override fields
E0406 = expected a constant
    .help = parameters and scenario defaults take a literal value such as `35 [t/h]` or `橙色`
E0407 = parameter `{ $name }` is not open
    .declared = declared here without `开放`
    .help = only parameters the parent policy declares `开放` may be set
E0408 = `{ $name }` = { $value } is outside its bounds
    .label = allowed range is [{ $lo }, { $hi }]
    .help = the provincial policy fixes these bounds; choose a value inside them
E0409 = parameter `{ $name }` is set twice
    .first = first set here
    .help = set each open parameter once
E0410 = `{ $text }` is not a valid { $what }
    .help-integer = integers range up to 9223372036854775807
    .help-decimal = decimals have at most 28 significant digits
    .help-date = write a real calendar date as YYYY-MM-DD
    .help-day-count = day counts are whole numbers: `3 天`
E0411 = cannot read unit `{ $text }`
    .help = write units like `[t/h]`, `[mg/m3]`, `[MW]`, `[%]`
E0412 = enum `{ $enum }` has more than 64 variants
    .help = sets are limited to enums of at most 64 variants
E0413 = key `{ $key }` is not a required field of `{ $record }`
    .help = the key must be one of the record's fields and must not be optional
E0414 = `{ $func }` takes { $expected } argument(s), found { $found }
    .help = check the call against docs/LANGUAGE.md
E0415 = nesting deeper than { $limit }
    .label = `{ $name }` evaluates { $depth } levels deep through definitions and decisions
    .help = shorten the chain of definitions that use each other, or split long expressions
E0420 = `上级` can only be read in a guarantee
    .label = the superior policy's value
    .help = compare with the province in a `保障`: `保障 名 依据 "…": 措施 <= 上级.措施`
E0421 = a decision under other scenario values can only be read in a guarantee
    .label = read under other scenario values
    .help = compare two scenarios in a `保障`: `保障 名 依据 "…": 综合措施 == 综合措施[督察期间 = 否]`
E0422 = `{ $name }` is not a decision
    .label = only a decision can be read under other scenario values
    .help = write `[…]` after the name of a decision of this record, or after `上级.判定`
E0423 = `{ $name }` is not a scenario value
    .help = only scenario values (`情景 {"{"} … {"}"}`) can be fixed in `[…]`
    .help-suggest = did you mean `{ $suggestion }`? only scenario values (`情景 {"{"} … {"}"}`) can be fixed in `[…]`
arity-at-least-1 = at least 1
W0001 = { $what } has no citation
    .label = no `依据`
    .help = cite the article it encodes: `依据 "三（八）"`

## Operating-system errors (English keeps the system's own text; these name the kinds in other languages)

io-not-found = No such file or directory
io-permission-denied = Permission denied
io-is-a-directory = Is a directory
io-invalid-data = Invalid data

## jz explain: what each code means, and what to do

explain-wrong = A wrong example:
explain-right = Corrected:
explain-fix = What to do:
explain-file = file { $name }:
explain-unknown = error: no code `{ $code }`
    .help = codes look like E0302 or W0503; `jz explain --list` lists them all
explain-list = Codes `jz explain CODE` describes:

explain-E0001 = a syntax error
    .meaning = The parser met a token where the grammar does not allow it: a missing `:` after a citation, a missing `则`, an unbalanced bracket, or a keyword run together with a name.
    .fix = Read the label: it says what was expected at the underlined place. Keywords need spaces around them; a rule is written `规则 标签 依据 "条款": 当 条件 则 值`.
explain-E0002 = incomplete syntax
    .meaning = A piece of the syntax tree is missing after parsing succeeded. Only a parser bug or an empty REPL entry leads here.
    .fix = Type an expression after the REPL command. Anywhere else, report the text that caused it.
explain-E0003 = not a month and day
    .meaning = A month-day range (`在 10-01..03-31`) names a day no year has, such as 02-30 or 13-01.
    .fix = Write both ends as real days `MM-DD`; 02-29 is allowed.
explain-E0004 = nesting too deep
    .meaning = Brackets, `若`, `匹配`, `非` or arithmetic nest more than 5,000 levels in one item. Such text is not a policy a person wrote; the limit keeps `jz` from running out of stack.
    .fix = Name the inner parts with `定义` and use the names.
explain-E0101 = a file cannot be read
    .meaning = A file named on the command line or in `引用` does not exist or cannot be opened.
    .fix = Check the path. Paths in `引用` are relative to the file that contains the `引用`, not to the current directory.
explain-E0102 = a parameter set outside a refinement
    .meaning = `设定` gives an open parameter a value, but the file is not a refinement (`细化`) of the policy that declares the parameter.
    .fix = Start the file with `政策 名称 "标题" 细化 上级政策`, naming the policy that declares the parameter.
explain-E0103 = the refined policy is not loaded
    .meaning = The header says `细化 X`, but no loaded file has the header `政策 X`.
    .fix = Bring in the parent's file with `引用 "path/to/file.jz"`, and check the spelling of its name.
explain-E0104 = not a regular file
    .meaning = A path names a directory, a device or a pipe instead of a policy file.
    .fix = Name the `.jz` file itself.
explain-E0105 = the file is too large
    .meaning = A policy file is larger than 16 MiB, which no hand-written policy is; usually a data file was named by mistake.
    .fix = Check that the path names the policy, not its data; split a very large policy into files brought in with `引用`.
explain-E0106 = the file is not UTF-8
    .meaning = Policies are read as UTF-8. The file has a byte that is not UTF-8 at the place shown, and usually was saved as GBK or UTF-16.
    .fix = Convert the file with the `iconv` command the help line shows, or save it as UTF-8 in the editor.
explain-E0107 = policies refine each other in a cycle
    .meaning = Following `细化` from policy to parent comes back to where it started: a policy would be its own ancestor.
    .fix = A refinement names its parent; remove the `细化` from the policy that is meant to be the top.
explain-E0201 = defined twice
    .meaning = Two declarations of the same kind have the same name, so a use of the name could mean either.
    .fix = Rename one of them; to add rules or fields to an existing one, use `补充`.
explain-E0202 = unknown name
    .meaning = A name is not a field of the record, a definition, a decision, a parameter or a scenario value in scope.
    .fix = Check the spelling (the help suggests a close name), declare it with `定义`, or add `关于 记录名` when it is a field.
explain-E0203 = unknown type
    .meaning = A type name is neither a built-in type nor a declared enum.
    .fix = Use 布尔, 整数, 数值 [单位], 文本, 日期, 天数, 集合<枚举>, or declare the enum with `枚举`.
explain-E0204 = unknown record type or sample
    .meaning = A record literal or `给定` names a record type or sample that is not declared.
    .fix = Check the spelling, or declare it with `记录` or `样本`.
explain-E0205 = no such field
    .meaning = A record literal or field access names a field the record type does not have.
    .fix = Check the spelling, or add the field with `补充 记录 名 {"{"} 字段: 类型 {"}"}`.
explain-E0206 = not a variant of the enum
    .meaning = A value is written as a variant of an enum that has no such variant.
    .fix = Use one of the variants listed in the `枚举` declaration.
explain-E0207 = unknown decision
    .meaning = A test, an output list or a `补充 判定` names a decision the record type does not have.
    .fix = Check the spelling, or declare the decision with `判定`.
explain-E0208 = unknown function
    .meaning = Only three functions exist: 最大/max, 最小/min and 数量/count.
    .fix = Use one of them, or write the computation with operators.
explain-E0209 = ambiguous variant
    .meaning = A bare variant name belongs to several enums and nothing around it says which one is meant.
    .fix = Qualify it: `预警级别.红色`.
explain-E0210 = the type cannot be inferred
    .meaning = A value such as the empty set `{"{"}{"}"}` has no type of its own, and nothing it is compared with gives one.
    .fix = Compare it with a field of a set type, e.g. `排放 == {"{"}{"}"}`, which gives it that type.
explain-E0301 = mismatched types
    .meaning = A value of one type is used where another is required; there are no implicit conversions (text is not a boolean, an integer is not a date).
    .fix = Change the value or the declared type so that they agree.
explain-E0302 = units do not match
    .meaning = Quantities of different units are compared, added or subtracted, or a declared unit differs from the computed one. `35 [mg/m3]` is a concentration and cannot be compared with a steam rate in t/h.
    .fix = Write the constant in the unit of the field it is compared with, e.g. `35 [t/h]`.
explain-E0309 = unit power beyond the limit
    .meaning = Multiplying or dividing quantities multiplies their units; a unit whose power would pass ±1000 (`t1000` times `t1000`) is refused instead of overflowing. Real units have small powers.
    .fix = Check the product for a runaway unit; write quantities in the units the contract gives them, e.g. `蒸吨 * 10 [h]`.
explain-E0303 = unsupported operands
    .meaning = An operator is applied to types it is not defined for, such as adding texts or multiplying booleans.
    .fix = See the operator table in docs/LANGUAGE.md; compare texts with `==` or `开头为` instead.
explain-E0304 = no order
    .meaning = `<`, `<=`, `>`, `>=`, 最大 and 最小 need ordered values; texts, booleans and sets have no order.
    .fix = Use `==` / `!=`, or for texts `开头为`.
explain-E0305 = match does not cover every variant
    .meaning = A `匹配` over an enum has no arm for some variants, so for them there would be no value.
    .fix = Add an arm for each missing variant, or a wildcard arm `_ => …`.
explain-E0306 = a variant matched twice
    .meaning = A variant appears in two arms of a `匹配`; the second is never taken.
    .fix = Remove the repeated variant, or correct it to the one that was meant.
explain-E0307 = optional field used unchecked
    .meaning = A field declared with `?` may be absent from a record, and it is read without checking that it is present.
    .fix = Guard it: `有 字段 且 …`, or `若 有 字段 则 … 否则 …`.
explain-E0308 = not an optional field
    .meaning = `有` tests whether an optional field is present; a required field is always present.
    .fix = Drop the `有` test, or declare the field optional with `?` if it can be missing.
explain-E0401 = definitions depend on each other in a cycle
    .meaning = A definition or decision uses itself, directly or through others; it would have no value.
    .fix = Break the cycle: one of them must be computed from fields, parameters or the scenario only.
explain-E0402 = not about any record
    .meaning = A decision or guarantee is written before any `关于`, so it is not known which record type it decides.
    .fix = Put `关于 记录名` before it.
explain-E0403 = no rule with that label
    .meaning = An exception names the rule it overrides by label, and the decision has no rule with that label.
    .fix = Check the spelling (the help suggests a label), or label the rule: `规则 标签 依据 …`.
explain-E0404 = exceptions form a cycle
    .meaning = Exceptions override each other in a circle, so none of them can be the one that decides.
    .fix = Make exactly one of them the rule and the others its exceptions.
explain-E0405 = missing fields
    .meaning = A record literal, sample or `给定` leaves out required fields of its record type.
    .fix = Give every required field, or start from a `样本` and change only the fields that differ.
explain-E0406 = expected a constant
    .meaning = Parameter values, their bounds and scenario defaults are fixed values, not computations.
    .fix = Write the literal value: `35 [t/h]`, `橙色`, `2026-01-15`.
explain-E0407 = the parameter is not open
    .meaning = A refinement may only set the parameters its parent declares `开放`.
    .fix = Set an open parameter, or ask the parent policy to declare this one `开放`.
explain-E0408 = outside the bounds
    .meaning = The value lies outside the `范围` the declaring policy gives the parameter.
    .fix = Choose a value inside the range shown.
explain-E0409 = a parameter set twice
    .meaning = Two `设定` give the same parameter a value; only one can hold.
    .fix = Keep one `设定`.
explain-E0410 = not a valid literal
    .meaning = A date that does not exist, an integer too large, a fractional day count or a decimal with too many digits.
    .fix = Write a real calendar date as YYYY-MM-DD, whole day counts, integers up to 9223372036854775807, decimals of at most 28 digits.
explain-E0411 = cannot read the unit
    .meaning = The text between `[` and `]` is not a unit.
    .fix = Write units like `[t/h]`, `[mg/m3]`, `[MW]`, `[%]`.
explain-E0412 = enum too large for a set
    .meaning = A `集合<E>` is kept as a 64-bit mask, so E may have at most 64 variants.
    .fix = Use a set over a smaller enum, or a single value of the enum.
explain-E0413 = bad key
    .meaning = A record's `键` must name one of its required fields.
    .fix = Name an existing required field as the key.
explain-E0414 = wrong number of arguments
    .meaning = 最大 and 最小 take at least one argument, 数量 exactly one.
    .fix = Check the call against docs/LANGUAGE.md.
explain-E0415 = evaluation nests too deep
    .meaning = Definitions and decisions that use each other form a chain more than 30,000 levels deep.
    .fix = Shorten the chain, or split long expressions.
explain-E0420 = `上级` outside a guarantee
    .meaning = `上级.X` is the value the superior policy's own rules give X; it exists to compare a refinement with the province in a `保障`, not to compute with.
    .fix = Use `上级.X` in a guarantee only: `保障 名 依据 "…": 措施 <= 上级.措施`.
explain-E0421 = a scenario view outside a guarantee
    .meaning = `判定[情景值 = 常量]` is the decision's value for the same record with those scenario values fixed; it exists to state in a `保障` that a measure does not depend on a scenario (三（十）: the same measures during an inspection as outside one), not to compute with.
    .fix = Use the view in a guarantee only: `保障 名 依据 "…": 综合措施 == 综合措施[督察期间 = 否]`.
explain-E0422 = a scenario view of something that is not a decision
    .meaning = Only a decision can be read under other scenario values; a field is the record's own fact and a definition is read through the decisions that use it.
    .fix = Put `[…]` after the name of a decision of the record (or after `上级.判定`).
explain-E0423 = a scenario view fixes something that is not a scenario value
    .meaning = Inside `[…]` each name must be a value of the `情景` block (such as 预警级别 or 督察期间), set to a constant.
    .fix = Name a scenario value declared in `情景 {"{"} … {"}"}`, e.g. `综合措施[督察期间 = 否]`.
explain-W0001 = no citation
    .meaning = A rule or guarantee has no `依据`, so no one can tell which article it encodes.
    .fix = Cite the article: `依据 "三（八）"`.
explain-E0500 = the value does not evaluate
    .meaning = In the REPL, a value typed in failed when evaluated: a division by zero, an overflow or a conflict.
    .fix = Change the value or the state (scenario, parameters) so it evaluates; the message names what failed.
explain-E0501 = a guarantee can be violated
    .meaning = `jz verify` found a record, scenario and parameter values for which the guarantee's condition holds and its assertion does not; the record is printed and reproduces with `jz eval`.
    .fix = Change the rules that decide it for records like the one shown, or add an exception.
explain-W0502 = a guarantee cannot be decided
    .meaning = The guarantee depends on parts the verifier does not decide exactly (multiplying fields, say), and no counterexample was found either.
    .fix = Rewrite the marked parts as comparisons, sums and differences, or cover them with `测试` blocks.
explain-W0503 = possible conflict
    .meaning = Two rules of one decision can apply to the same record with different values and neither is an exception to the other; such a record is rejected as a conflict.
    .fix = Make one an exception to the other with `例外`, or narrow the conditions so they cannot both apply.
explain-W0504 = a rule never applies
    .meaning = For every record and scenario the rule's condition is false, or one of its exceptions always applies.
    .fix = Correct the condition, or remove the rule.
explain-W0505 = an exception never takes effect
    .meaning = The exception's condition can never hold together with the rule it overrides.
    .fix = Correct the condition, or remove the exception.
explain-W0506 = a default gap on a scale
    .meaning = Rules decide the decision at a lower and a higher level of an ordered enum, and at a level in between it falls to its default: usually a forgotten case.
    .fix = Add a rule for the missing level, or write the default as a rule if it is meant.
explain-W0507 = a check could not be done
    .meaning = A conflict or dead-rule check depends on parts outside what the verifier decides exactly.
    .fix = Rewrite those parts with comparisons, sums and differences of fields, or cover them with tests.
explain-E0510 = a refinement's rule conflicts
    .meaning = A rule added by a refinement can apply together with another rule of the decision, with another value, and is not an exception to it: records the province decides would be rejected.
    .fix = Make the new rule an exception to the one it overrides (`例外 标签 规则 …`), or narrow its condition.
explain-E0511 = a refinement makes a decision fail
    .meaning = For some record the province decides, the refinement's rules fail to evaluate (a division by zero, an overflow).
    .fix = Guard the arithmetic, e.g. test that the divisor is not zero, or change the rule that fails.
explain-E0601 = not expressible in SQL
    .meaning = `jz sql` compiles a record's decisions to one SQL query, exactly; a part that SQL cannot compute exactly (multiplying two fields, say) stops it.
    .fix = Rewrite it with comparisons, sums and differences of fields, or evaluate the policy with `jz run`.
explain-T0001 = a test failed
    .meaning = An `期望` of a `测试` does not hold for its `给定` record and scenario; the values it read are shown.
    .fix = Correct the rules, or the test if it expects the wrong thing; `jz eval --explain` shows how each decision was reached.

## The command line

cli-bad-lang = error: unknown language `{ $lang }`
    .help = use `--lang zh` or `--lang en`

## Evaluation errors as people read them (reject reasons in data files stay English)

eval-conflict = conflict
    .in = conflict in `{ $decision }`: { $a } and { $b } both apply
eval-overflow = arithmetic overflow
eval-div-by-zero = division by zero
eval-guarantee-violated = guarantee violated
    .named = guarantee `{ $name }` ({ $cites }) is violated
rule-unlabelled = (unlabelled)
rule-shown = rule `{ $label }`
    .cited = rule `{ $label }` ({ $cites })

## jz test

test-ok = test { $file }: { $name } ... ok
test-failed-line = test { $file }: { $name } ... FAILED
T0001 = test `{ $name }` failed
    .in-test = in this test
test-expectation-fails = expectation does not hold
test-expected-conflict = expected a conflict in `{ $name }`
test-summary = { $passed } passed, { $failed } failed
test-broken = error: { $n } file(s) did not check; their tests did not run

## jz run

run-reject = rejected row { $row }{ $line } ({ $key }){ $column }{ $value }: { $reason }
    .column = {" "}column `{ $column }`
    .value = {" "}value `{ $value }`
    .line = {" "}(line { $line })
run-more-rejects = … and { $n } more rejected row(s); write them all with --rejects FILE
run-summary = rows read { $read }, written { $written }, rejected { $rejected } in { $secs } s ({ $rate } rows/s{ $peak })
    .peak = , peak memory { $mb } MB
run-no-record = error: no record type `{ $record }` in this policy
    {"  "}help: one of { $names }
run-same-as-input = error: { $flag } `{ $path }` is the input file `{ $data }`
    {"  "}help: write the results to another file; the input is never overwritten
run-out-is-rejects = error: --out and --rejects name the same file `{ $path }`
    {"  "}help: give them two files
run-cannot-create = error: cannot create `{ $path }`: { $error }
run-cannot-write-rejects = error: cannot write the rejects to `{ $path }`: { $error }
run-cannot-write = error: cannot write `{ $path }`: { $error }
run-mismatch = error: internal accounting mismatch: read { $read } ≠ written { $written } + rejected { $rejected }
run-stdout = stdout
run-interrupted = interrupted: stopped after data row { $row }; { $target } is incomplete{ $kept }
    .kept = {" "}(left as it was)
run-read-stopped = error: reading `{ $path }` stopped: { $error }
run-write-failed = error: writing { $target } failed: { $error }
    .counted = error: writing { $target } failed: { $error }
        {"  "}help: the rows counted above are all that were written
run-write-rejects-failed = error: writing the rejects to `{ $path }` failed: { $error }
run-write-path-failed = error: writing `{ $path }` failed: { $error }
run-kept-nothing = {"  "}help: no file of this run was kept; { $files } left as before the run

## The REPL

E0500 = the value does not evaluate
    .help = the value must evaluate without error

## jz verify (the --json report stays English)

verify-header = verify { $path } ({ $name }): { $n } guarantee(s)
verify-mark = {""}
    .holds = ✓ holds
    .violated = ✗ violated
    .unknown = ? unknown
verify-denied-by = (warnings denied by { $path })
verify-summary = { $proved } proved, { $violated } violated, { $unknown } unknown; { $errors } error(s), { $warnings } warning(s) ({ $millis } ms, { $queries } queries)
verify-denied = denied: warnings fail this run (`--deny-warnings` or `[verify] deny-warnings` in jz.toml)
verify-province-decides = the province decides:
verify-cex = counterexample ({ $record }), replayed by the interpreter:
    .defaults = defaults
    .scenario = scenario: { $scenario }
    .json = json (jz eval --record { $record } --json):
    .literal = literal:
    .why = why:
verify-gives = gives { $value }
why-by = {" "}by { $rule }
why-default = {" "}(default)
why-error = { $decision } = error: { $error }
why-agreed = {"  "}✓ { $rule } applied (agrees)
why-overridden = {"  "}↷ { $rule } overridden by { $by }
why-conflicts = {"  "}✗ { $rule } conflicts with { $with }
E0501 = guarantee `{ $name }` can be violated
    .label = does not hold for the record below
    .help = change the rules that decide it for records like this one (see `why`), or add an exception
    .decides = decides `{ $name }` here
W0502 = cannot decide guarantee `{ $name }`
    .label = neither proved nor refuted
    .help = the verifier decides booleans, enums, sets, text equality and prefixes, and linear comparisons; rewrite the marked parts in those terms, or cover them with `测试` blocks
W0503 = two rules of `{ $name }` can both apply with different values
    .help = make one an exception to the other (`例外 { $a } 规则 …`), or narrow the conditions so they cannot both apply; records like the one below are rejected as conflicts
W0504 = { $rule } of `{ $name }` can never apply
    .condition = its condition can never hold
    .overridden = whenever its condition holds, one of its exceptions applies
    .help = fix its condition (for every record and scenario it is false) or remove it
W0505 = exception { $rule } of `{ $name }` can never take effect
    .parent = the rule it would override
W0506 = `{ $name }` falls to its default when `{ $input }` is { $gap }, but rules decide it at { $low } and { $high }
    .label = default { $default } in between
    .help = a forgotten case on the `{ $input }` scale? add a rule for { $gap } (or state the default as a rule if it is meant)
W0507 = could not check { $what }
    .label = neither confirmed nor ruled out
    .help = the check is outside the fragment the verifier decides exactly
    .conflicts = conflicts in `{ $name }`
    .refinement = whether the refinement makes `{ $name }` fail where the province decides it
E0510 = { $b } of `{ $name }` can apply together with { $inherited } { $a } and give another value
    .inherited = the inherited
    .note = records like the one below are decided without the refinement and rejected with it
    .help = make the new rule an exception to the one it overrides (`例外 { $a } 规则 { $b } …`), or narrow its condition so they cannot both apply
E0511 = the refinement makes `{ $name }` fail where the province decides it
    .help = records like the one below are rejected under this policy but decided by the province; guard the arithmetic (e.g. test the divisor) or change the rule that fails
    .fails-here = fails here
reason-sum = comparison of a sum of fields (only differences `x − y` and constants are decided)
reason-unrepresentable = a value the verifier cannot represent
reason-unknown-input = an input the verifier does not know
reason-large-constant = a constant too large for exact reasoning
reason-month-day-fields = month-day test of a date computed from several fields
reason-month-day-computed = month-day test of a computed date
reason-prefix = a prefix that is not a literal text
reason-mul = multiplication involving a field (only + and − are decided)
reason-div = division involving a field (only + and − are decided)
reason-decimal = decimal arithmetic on a field (rounding at 28 digits is not modelled)

## jz --help (English: the doc comments of crates/cli/src/main.rs, word for word)

cli-usage = Usage:
cli-options = Options
cli-arguments = Arguments
cli-commands = Commands
cli-help-flag = Print help
cli-version-flag = Print version
cli-help-subcommand = Print this message or the help of the given subcommand(s)
cli-default = [default: { $value }]
cli-about = jingzhun (精准): environmental regulation as executable, cited rules
cli-lang = Language of messages: zh (中文) or en; default from LC_ALL / LC_MESSAGES / LANG (zh_* is Chinese)
cli-check = Parse and type-check policy files (directories are searched for *.jz)
cli-test = Run the tests written in the language (`测试` blocks)
cli-eval = Evaluate every decision for one record given as JSON
cli-eval-json = The record as a JSON object, e.g. '{"{"}"统一社会信用代码": "…", …{"}"}'
cli-eval-sets = Set a scenario value or a parameter: NAME=VALUE (repeatable)
cli-eval-explain = Show, for each decision, the rules that applied, the one that decided and those that did not
cli-coverage = List every operative article of the source texts with the rules that cite it, or why it is not encoded
cli-verify = Prove every guarantee (保障) for all records and scenarios or print a counterexample; report possible conflicts, rules that never apply and default gaps. Exit 0 proved, 1 violated or errors, 4 undecided
cli-verify-json = Print the report as JSON
cli-verify-guarantees_only = Check the guarantees only (no conflict, dead-rule or default-gap warnings)
cli-verify-deny_warnings = Fail (exit 1) on warnings too; also set by `[verify] deny-warnings` in the nearest jz.toml
cli-sql = Print one SQL query (DuckDB, PostgreSQL, Spark SQL) computing the record's output decisions and rejects over a table with the contract's columns, with the interpreter's answers
cli-sql-dialect = duckdb, postgres or spark
cli-sql-sets = NAME=VALUE: a scenario value or parameter, folded into the query as a constant
cli-sql-explain = Add the 依据 column
cli-sql-table = The table to read (default: the record's name)
cli-sql-view = Print `CREATE VIEW NAME AS …` instead of the bare query
cli-sql-columns = The table's columns, comma-separated: optional fields it lacks are absent in every row
cli-sql-columns_from = Take the table's columns from the header line of this CSV file
cli-run = Evaluate a data file (CSV, JSON Lines, XLSX) of records: decisions out, unreadable rows to rejects
cli-run-out = Output file (CSV, or JSON Lines when it ends in .jsonl); stdout when absent
cli-run-rejects = Rejected rows (row number, key, column, value, reason) as CSV; stderr when absent
cli-run-sets = Set a scenario value or a parameter: NAME=VALUE (repeatable)
cli-run-engine = `jit` (native code compiled with Cranelift; the default), `interp` (the reference interpreter) or `duckdb` (the policy compiled to SQL and run by a DuckDB process over the CSV file)
cli-run-verbose = Report how the engine was compiled, what falls back to the interpreter, and how rows were decided
cli-run-explain = Add a `依据` column: the citation that decided each decision
cli-run-summary_json = Write the per-decision value counts and row counts as JSON
cli-run-batch_size = At most this many rows per block (a block is also at most about 4 MiB of input)
cli-run-threads = Worker threads (default: one per core)
cli-run-encoding = Text encoding of a CSV file: gbk (also GB2312/GB18030, what Excel and WPS export), utf-8, utf-16le, utf-16be; UTF-8 when absent (a byte-order mark is always followed)
cli-run-delimiter = CSV field delimiter: `,` (default; tab for .tsv), `;`, `tab`, `|`
cli-run-sheet = The sheet of a workbook to read (default: every sheet with data)
cli-repl = Ask questions interactively: set the scenario, define records, explain decisions, load data, what-if
cli-repl-policy = The policy to load at start (more with `:load`)
cli-diff = Compare two policies over the same data: per decision, how many records go from one value to another
cli-diff-policy_a = The policy as it is (A)
cli-diff-policy_b = The policy compared with it (B), e.g. a county's refinement or a reform draft
cli-diff-sets = Set a scenario value or a parameter in both policies: NAME=VALUE (repeatable)
cli-diff-out = Write the rows that changed as CSV: key, row number, and for each decision its A and B values (both empty where that decision did not change)
cli-diff-rejects = Rejected rows (row number, key, column, value, reason, policy) as CSV; stderr when absent
cli-diff-batch_size = Rows per chunk
cli-fmt = Rewrite policy files in the canonical layout (comments kept, meaning unchanged)
cli-fmt-check = List the files that are not formatted and exit 1; write nothing
cli-fmt-full_width = Write full-width punctuation `：，；（）` instead of ASCII `: , ; ( )`
cli-doc = Write a static, offline HTML page of a policy: articles beside the rules citing them, refinement lineage, verdicts per guarantee, tests
cli-doc-out = The output directory (index.html is written there)
cli-lsp = Run the language server on stdin/stdout (for editors: diagnostics, hover, definition, completion, …)
cli-explain = Explain an error or warning code: what it means, a wrong and a corrected example, what to do
cli-explain-code = The code, e.g. E0302
cli-explain-list = List every code
cli-run-data = The data file (CSV, JSON Lines, XLSX); not with --db
cli-run-db = Evaluate a table in a PostgreSQL database in place: postgresql://user@host:port/db (the policy compiled to SQL and run by the server)
cli-run-table = With --db: the table holding the records (default: the record's name)
cli-run-out_table = With --db: create this table with the decided rows (rejects still go to --rejects)
cli-report = One self-contained HTML report of a data file's decisions (charts by 区县, 行业, 绩效等级 and warning level, a comparison, the deciding articles, the rejects; every table as CSV/XLSX), from one pass
cli-report-out = The HTML file to write
cli-report-sets = Set a scenario value or a parameter: NAME=VALUE (repeatable)
cli-report-compare = Compare with another policy over the same records (e.g. a county's draft)
cli-report-what_if = Compare with the same policy under another value: NAME=VALUE (repeatable)
cli-report-no_levels = Leave out the side-by-side evaluation under every 预警级别
cli-report-engine = `jit` (default) or `interp`
cli-report-encoding = As for `jz run`: gbk, utf-8, utf-16le, utf-16be
cli-report-delimiter = As for `jz run`: `,`, `;`, `tab`, `|`
cli-report-sheet = As for `jz run`: the sheet of a workbook to read
cli-diff-encoding = Text encoding of a CSV file (as for `jz run`): gbk, gb18030, utf-8, utf-16le, utf-16be
cli-diff-delimiter = CSV field delimiter: `,` (default; tab for .tsv), `;`, `tab`, `|`
cli-diff-sheet = The sheet of a workbook to read (default: every sheet with data)
cli-lsp-stdio = Accepted and ignored: stdin/stdout is the only transport (language clients such as VS Code's pass it)

## jz eval, --set, file arguments

eval-no-citation = (none)
eval-default = (default)
eval-decided = {"  "}✓ { $rule } decided
eval-conflicts = {"  "}✗ { $rule } applied and conflicts with { $with }
eval-not-applicable = {"  "}· { $rule } did not apply
    .false = {"  "}· { $rule } did not apply: `{ $cond }` is false
eval-rule-error = {"  "}! { $rule }: { $error }
eval-error = error: { $error }
eval-json = {""}
    .no-record = error: no such record
    .invalid = error: --json is not valid JSON: { $error }
    .not-object = error: --json must be a JSON object
    .no-field = error: record `{ $record }` has no field `{ $field }`
    .field = error: field `{ $field }`: { $error }
    .missing = error: missing field(s) of `{ $record }`: { $fields }
        {"  "}help: give every required field in --json
set-syntax = error: `--set { $set }` should be NAME=VALUE
set-unknown = error: `{ $name }` is not a scenario value or parameter
    {"  "}help: one of { $names }
set-bad-value = error: --set { $name }: { $error }
files-cannot-read-dir = error: cannot read directory `{ $path }`: { $error }
files-not-found = error: `{ $path }` does not exist

## jz run: engines (--engine, --verbose, --engine duckdb, --db)

run-bad-delimiter = error: `--delimiter { $value }` is not one ASCII character
    {"  "}help: use `--delimiter ';'`, `--delimiter tab` or `--delimiter '|'`
run-postgres-needs-db = error: `--engine postgres` needs the database
    {"  "}help: give it with `--db postgresql://user@host/db --table T`
run-engine-with-db = error: `--engine { $engine }` with --db
    {"  "}help: --db evaluates the table in the database itself; leave out --engine
run-unknown-engine = error: unknown engine `{ $engine }`
    {"  "}help: use `--engine jit` (default), `--engine interp` or `--engine duckdb`
run-no-data = error: no data file
    {"  "}help: give it with --data FILE
run-jit-fallback = warning: { $error }; evaluating with the interpreter
    {"  "}help: `--engine interp` skips the native engine
run-data-error = error: { $error }
run-note = note: { $note }
run-progress-rows = { $rows } rows
engine-jit-stats = engine: jit; { $native } row(s) decided natively, { $interpreted } by the interpreter, { $errors } rejected by it
engine-interp = engine: interpreter
engine-jit-compiled = engine: jit; kernel compiled in { $millis } ms, { $bytes } bytes of native code
engine-no-fallback = engine: nothing falls back to the interpreter at compile time
engine-fallback = engine: falls back to the interpreter at { $at } `{ $text }`: { $reason }
db-writes-csv = error: the SQL engines write CSV
    {"  "}help: name a .csv output, or run with `--engine jit` for JSON Lines
db-uncuttable-row = error: data row { $row } (line { $line }) cannot be cut into cells (an unclosed quote or an overlong line), and DuckDB's reader would not read it as jz does
    {"  "}help: run with `--engine jit`, which rejects that row alone and reads on
db-missing-column = error: { $error }
    {"  "}help: add the column to the table (see the data contract)
db-unread-lines = DuckDB could not read { $n } line(s) of the file, the first at line { $line }: { $message } ({ $text })
db-row-count = error: the engine returned { $got } row(s) for { $expected } input row(s)
    {"  "}help: run with `--engine jit` and report this
db-rows-missing = { $n } row(s) missing
db-not-csv = error: `--engine duckdb` reads CSV files; `{ $path }` is not one
    {"  "}help: run it with `--engine jit`, which reads JSON Lines and workbooks too
db-not-utf8 = error: `--engine duckdb` reads UTF-8 only, not `{ $encoding }`
    {"  "}help: convert it (`iconv -f { $encoding } -t utf-8`) or run with `--engine jit`, which decodes it
db-utf16 = error: `{ $path }` is UTF-16; `--engine duckdb` reads UTF-8 only
    {"  "}help: convert it (`iconv -f utf-16 -t utf-8`) or run with `--engine jit`
db-error = error: { $message }
    .help = error: { $message }
        {"  "}help: { $help }
db-no-engine = cannot start `{ $program }`: { $error }
    .help = install the DuckDB command line (`pip install duckdb-cli`) or name it with JZ_DUCKDB=/path/to/duckdb
db-connect = cannot connect to the database: { $error }
    .help = give a URL like postgresql://user@host:5432/db, or postgresql://user@%2Fvar%2Frun%2Fpostgresql/db for a socket
db-engine-failed = the engine failed: { $error }
db-results = cannot read the engine's result: { $error }
db-write = writing the output failed: { $error }
db-table-exists = table `{ $table }` exists already
    .help = drop it first, or name another table with --out-table
db-no-table = no table `{ $table }` in the database
    .help = name the table holding the records with --table
db-interrupted = interrupted

## jz sql (the SQL text itself never changes with the language)

E0601 = cannot compile { $what } to SQL exactly
    .label = not expressible exactly in SQL
    .help = rewrite it with comparisons, sums and differences of fields, or evaluate this policy with `jz run`
    .help-run = evaluate this policy with `--engine jit`, or rewrite it with comparisons, sums and differences of fields
sql-what = {""}
    .decision = a decision
    .definition = a definition
    .field = a field
    .guarantee = a guarantee
    .rule = a rule
    .scenario-value = a scenario value
    .list-item-read = a list item read from the record
    .list-item-fails = a list item that fails
    .prefix-read = a prefix read from the record
    .prefix-not-text = a prefix that is not text
    .mul-div = multiplication or division of values read from a record
    .arithmetic = this arithmetic
    .decimal = the decimal `{ $value }` (more than { $digits } fractional digits)
sql-no-record = no record type `{ $record }`
sql-missing-column = the table has no column `{ $column }`, which the record requires
sql-unknown-dialect = error: unknown dialect `{ $dialect }`
    {"  "}help: one of duckdb, postgres, spark
sql-no-record-type = error: no record type `{ $record }` in this policy
    {"  "}help: one of { $names }
sql-cannot-read-header = error: cannot read the header of `{ $path }`: { $error }
    {"  "}help: give a CSV file whose first line names the table's columns, or --columns A,B,…

## The REPL's own messages (its diagnostics are above)

repl-banner = jingzhun (精准) { $version } — `:help` lists the commands; Tab completes; Ctrl-D quits
repl-cannot-start = error: cannot start the line editor: { $error }
repl-history-unreadable = note: cannot read the history `{ $path }`: { $error }
repl-history-unwritable = note: cannot write the history `{ $path }`: { $error }
repl-reading-input = error: reading input: { $error }
repl-open-bracket = error: the input ended inside an open bracket or quote:
    {"  "}{ $line }
repl-interrupted = interrupted
repl-help-intro = Type language text, or a command:
repl-help-expression = {"  "}an expression       evaluated for the current record: 综合措施, 燃煤锅炉蒸吨 > 锅炉淘汰上限, 预警级别
repl-help-sample = {"  "}a sample's name     its decisions, and it becomes the current record
repl-help-define = {"  "}样本 甲 = 普通企业 {"{"} 绩效等级: A {"}"}   define a record (an open `{"{"}` continues on the next line)
repl-help-set = {"  "}设定 预警级别 = 橙色                 set a scenario value or parameter
repl-help-keys = Tab completes names (Chinese too); Ctrl-C cancels the line or a long evaluation; Ctrl-D quits.
repl-help-also = {"  "}also: { $aliases }
repl-help-example = {"  "}e.g. { $example }
repl-cmd = {""}
    .help = this list, or one command in detail
    .load = load a policy (and the files it 引用s); the previous one stays if it has errors
    .reload = load the same policy again after editing it; samples and data are read again
    .set = set scenario values or parameters; without arguments, show them
    .unset = back to the policy's value (every value when no name is given)
    .show = the scenario values and parameters (what `:set` alone shows)
    .let = define a named record (same as `样本 NAME = …`); it becomes the current one
    .use = make a sample the current record (expressions are evaluated for it)
    .samples = the samples: the policy's, those defined here, and dataset rows taken with :row
    .eval = decisions of a record, or an expression about it (the current record by default)
    .explain = why a decision has its value, and why not another: every rule with its citation
    .type = the type of an expression
    .data = load a dataset (CSV, JSON Lines, XLSX) into memory; unreadable rows are reported
    .count = count dataset rows, grouped and filtered (e.g. by 综合措施 where 区县 == "安平县")
    .what-if = how the decisions of every row would change (e.g. 正常生产 → 限产: 1,234)
    .moved = the rows that changed in the last what-if
    .export = write the rows that changed in the last what-if as CSV
    .row = a dataset row as a named record (default name 行N), made current
    .rejects = the rows rejected at load or by evaluation, with reasons (all of them to FILE as CSV)
    .report = write the HTML report (as `jz report`) of the dataset in the current state, with the last what-if
    .quit = leave (Ctrl-D does the same)
repl-unknown-command = error: unknown command `{ $command }`
    {"  "}help: { $help }
repl-lists-commands = `:help` lists the commands
repl-did-you-mean-command = did you mean `{ $command }`? `:help` lists the commands
repl-data-flag = error: `:data` does not know `{ $word }`
    {"  "}help: { $usage }
repl-data-flag-value = error: `{ $flag }` needs a value
    {"  "}help: { $usage }
repl-needs = error: `{ $command }` needs { $what }
    {"  "}help: { $usage }
repl-need = {""}
    .policy-file = a policy file
    .name-and-record = a name and a record
    .sample-name = a sample name
    .expression = an expression
    .data-file = a data file
    .assignment = `NAME = VALUE`
    .file = a file
    .key = a key
repl-let-needs-record = error: `:let` needs `NAME = RECORD {"{"} … {"}"}`
    {"  "}help: { $usage }
repl-let-one-name = error: `:let` needs one name before `=`
    {"  "}help: { $usage }
repl-assign-syntax = error: `{ $part }` should be NAME = VALUE
    .help = error: `{ $part }` should be NAME = VALUE
        {"  "}help: e.g. `预警级别 = 橙色` or `锅炉淘汰上限 = 20 [t/h]`
repl-count-syntax = error: `:count` takes `by …` and `where …`
    {"  "}help: { $usage }
repl-count-needs-expression = error: `{ $word }` needs an expression
    {"  "}help: { $usage }
repl-no-policy = error: no policy loaded yet
    {"  "}help: `:load policies/hebei/main.jz`
repl-current-record = current record: { $name } ({ $record })
repl-not-loaded = error: `{ $path }` has { $n } error(s), not loaded{ $kept }
    .kept = ; still using { $path }
repl-loaded = loaded { $name } from { $path } ({ $files } files; { $records } records, { $decisions } decisions, { $samples } samples) in { $millis } ms
repl-sample-gone = note: sample `{ $name }` is gone: it does not check against the new policy
repl-value-dropped = note: `{ $name }` = { $value } dropped: { $reason }
    .no-such = note: `{ $name }` = { $value } dropped: the new policy has no such value
repl-cannot-create = error: cannot create `{ $path }`: { $error }
repl-writing = error: writing `{ $path }`: { $error }
repl-writing-failed = error: writing `{ $path }` failed: { $error }
repl-did-you-mean = did you mean `{ $name }`?
repl-not-a-value = error: `{ $name }` is not a scenario value or parameter
    {"  "}help: { $help }
    .show = error: `{ $name }` is not a scenario value or parameter
        {"  "}help: `:show` lists them
repl-no-values-help = this policy has no scenario values or parameters
repl-one-of = one of { $names }
repl-not-open = note: `{ $name }` is not open: a refinement cannot change it (evaluating with it anyway)
repl-outside-range = note: { $value } is outside [{ $low }, { $high }], the range a refinement may set (evaluating with it anyway)
repl-set = { $name } = { $now } (was { $was })
repl-no-values = no scenario values or parameters (load a policy with `:load PATH`)
repl-show = {""}
    .name = name
    .value = value
    .kind = kind
    .scenario = scenario
    .parameter = parameter
    .default = default { $value }
    .policy = policy { $value }
    .open-range = open [{ $low }, { $high }]
    .open = open
repl-no-record-type = error: no record type `{ $record }` in this policy
    {"  "}help: one of { $names }
repl-data-error = error: { $error }
repl-data-loaded = loaded { $rows } { $record } rows from { $path } in { $secs } s ({ $read } read, { $rejected } rejected)
repl-data-more-rejects = {"  "}… `:rejects` lists all { $n } reasons, `:rejects FILE` writes them
repl-no-record-types = error: no record types: load a policy first
    {"  "}help: `:load policies/hebei/main.jz`
repl-no-columns = error: `{ $path }` has the columns of no record type
    {"  "}{ $why }
    {"  "}help: name the record: `:data FILE RECORD`
repl-no-dataset = error: no dataset loaded
    .help = error: no dataset loaded
        {"  "}help: `:data examples/enterprises_10k.csv`
    .what-if = error: no dataset loaded
        {"  "}help: `:data FILE`, then `:what-if NAME = VALUE`
    .report = error: no dataset loaded
        {"  "}help: `:data FILE` first, then `:report FILE`
    .row = error: no dataset loaded
        {"  "}help: `:data FILE`
repl-evaluated = (evaluated { $rows } rows in { $secs } s)
repl-count = { $matched }{ $of } { $record } rows{ $matching }{ $rest }
    .of = {" "}of { $n }
    .match = {" "}match
    .not-counted = ; { $n } rejected rows not counted
repl-count-failed = note: the query failed on { $n } rows (first: { $first }); they are not counted
repl-what-if-now = { $name } = { $value } (now { $now })
repl-nothing-to-compare = error: nothing to compare
    {"  "}help: load data with `:data FILE`, or define a record with `样本 甲 = …`
repl-what-if = what if { $label }, over { $rows } { $record } rows:
repl-not-an-output = { $name } (not an output)
repl-what-if-rows = rows: { $unchanged } unchanged · { $changed } changed · { $rejected } rejected ({ $now } now)
repl-what-if-answered = what-if answered in { $secs } s; `:moved` lists the rows that changed, `:export FILE` writes them
repl-eval-error = error
repl-no-changes = { $name }: no decision changes
repl-no-what-if = error: no what-if yet
    {"  "}help: `:what-if 预警级别 = 橙色`
    .export = error: no what-if yet
        {"  "}help: `:what-if 预警级别 = 橙色`, then `:export FILE`
repl-not-a-dataset-decision = error: `{ $name }` is not a decision of the dataset's record
    {"  "}help: { $usage }
repl-moved = { $n } rows moved (what if { $label })
repl-change = change
repl-moved-more = {"  "}… { $n } more: `:moved … all`, or `:export FILE` writes them all
repl-exported = wrote { $n } rows to { $path } (what if { $label })
repl-row-rejected = error: row { $row } with key `{ $key }` was rejected at load: { $reason }
repl-no-row = error: no row with key `{ $key }` in { $path }
repl-row-current = { $name } ({ $record }): row { $row } of the dataset, now the current record
repl-rejects = { $rows } rejected rows: { $unreadable } unreadable, { $failed } failed evaluation under the current scenario
repl-rejects-written = wrote { $n } reasons to { $path }
repl-rejects-more = {"  "}… { $n } more; `:rejects FILE` writes them all
repl-reject-line = row { $row } ({ $key }){ $column }{ $value }: { $reason }
    .column = {" "}column `{ $column }`
    .value = {" "}value `{ $value }`
repl-absent = (absent)
repl-empty = (empty)
repl-no-sample = error: no sample named `{ $name }`
    {"  "}help: { $help }
repl-samples-help = `:samples` lists them; define one with `样本 甲 = 普通企业 {"{"} … {"}"}` or `:row KEY`
repl-not-a-name = error: `{ $name }` is not a name
    {"  "}help: a name is letters (Chinese included), digits and `_`, not starting with a digit
repl-is-a-record-type = error: `{ $name }` is a record type
    {"  "}help: give the sample another name
repl-defined = defined { $name } ({ $record }), now the current record
    .again = redefined { $name } ({ $record }), now the current record
repl-rule = rule `{ $label }`
repl-no-decisions = (`{ $record }` has no decisions)
repl-no-samples = no samples: define one with `样本 甲 = 企业 {"{"} … {"}"}` (or load a policy's tests.jz, which declares some)
repl-samples = {""}
    .typed = typed here
    .row = data row, key { $key }
    .sample = sample
    .record = record
    .from = from
repl-no-current = error: no current record
    {"  "}help: `:eval NAME`, or define one with `样本 甲 = 普通企业 {"{"} … {"}"}`
repl-one-at-a-time = error: one `样本` or `设定` at a time
    {"  "}help: enter each on its own line
repl-declares = error: `{ $word }` declares part of a policy; the REPL evaluates expressions and records
    {"  "}help: write it in the policy file and `:reload`
repl-nothing-to-explain = error: no record to explain
    {"  "}help: `:explain NAME DECISION`, or make one current with `:use NAME`
repl-decisions-of = the decisions of `{ $record }`: { $names }
repl-not-a-decision = error: `{ $name }` is not a decision of `{ $record }` (or a value of the decision before it)
    {"  "}help: { $help }
repl-same-file = error: `{ $path }` is the dataset's file
    {"  "}help: write the report to another file
repl-report-interrupted = interrupted; no report written
repl-report-failed = error: cannot build the report: { $error }
repl-report-written = report written to { $path } ({ $rows } rows, { $rejected } rejected)
transitions-unchanged = { $name }: unchanged
transitions-changed = { $name }: { $n } changed
repl-explain = {""}
    .cited = 依据 { $cites }
    .default = default: no rule applied ({ $n } rules)
    .already = { $decision } = { $value } already  ({ $by })
    .not = { $decision } = { $value }, not { $other }  ({ $by })
    .is = { $decision } = { $value }  ({ $by })
    .error = { $decision } = error: { $error }
    .decided = {"  "}✓ { $rule } decided: { $value }
    .because = {"      "}because{" "}
    .where = {"      "}where{" "}
    .agrees = {"  "}✓ { $rule } applied and agrees: { $value }
    .conflicts = {"  "}✗ { $rule } applied ({ $value }) and conflicts with { $with }
    .overridden = {"  "}↷ { $rule } would give { $value }, overridden by the exception { $by }
    .false = {"  "}· { $rule } did not apply (it gives { $value }): `{ $cond }` is false
    .not-applied = {"  "}· { $rule } did not apply (it gives { $value })
    .rule-error = {"  "}! { $rule }: { $error }
    .no-rule-gives = {"  "}no rule of `{ $decision }` gives { $value }
    .no-citation = (no citation)
    .more = , … ({ $n } more)
repl-data-interrupted = interrupted; no data loaded
repl-data-stopped = reading `{ $path }` stopped: { $error }
repl-data-mismatch = internal accounting mismatch: read { $read } ≠ loaded { $rows } + rejected { $rejected }
repl-record-heading = { $name } ({ $record })

## jz fmt

fmt-cannot-read = error: cannot read `{ $name }`: { $error }
    help: check the path and its permissions
fmt-not-formatted = { $name }: not formatted
fmt-cannot-write = error: cannot write `{ $name }`: { $error }
    help: check its permissions
fmt-formatted = formatted { $name }
fmt-syntax = error: `{ $name }` was not formatted
    help: fix the syntax errors above first
fmt-error = error: `{ $name }`: { $error }
fmt-summary = error: { $n } file(s) not formatted
    help: run `jz fmt` on them

## jz coverage

coverage-no-source = error: no `source.txt` next to any file of this policy
    {"  "}help: keep the source text beside the policy, one `§ ID 操作性|说明` block per article
coverage-encoded-by = encoded by { $n }
coverage-not-encoded = not encoded: { $reason }
coverage-missing = NOT ENCODED and no reason given
coverage-outside = citations outside the source documents:
coverage-summary = { $encoded } operative article(s) encoded, { $explained } explained, { $missing } missing
coverage-failed = error: { $missing } operative article(s) neither encoded nor explained
    {"  "}help: cite them from a rule, or add `未编码: reason` to their `§` line

## jz diff (its CSV files stay as the contract fixes them)

diff-policy-errors = error: policy { $label } (`{ $path }`) has errors
diff-no-record = error: policy { $label } (`{ $path }`) has no record type `{ $record }`
    {"  "}help: one of { $names }
diff-in-policy = { $error }
    {"  "}note: in policy { $label } (`{ $path }`)
diff-error = error: { $error }
diff-no-common = error: the two policies share no output decision of `{ $record }`
    {"  "}help: `jz diff` compares decisions with the same name in both
diff-more-rejects = … and { $n } more rejected row(s); write them all with --rejects FILE
diff-side = { $side }: { $name } ({ $path })
diff-rows-of = { $n } rows of { $record } ({ $path }), same scenario for both
diff-only-in = only in { $side } (not compared): { $names }
diff-rows = rows: { $read } read · { $unchanged } unchanged · { $changed } changed · { $rejected } rejected
diff-written = changed rows written to { $path }
diff-compared = compared in { $secs } s
diff-read-stopped = error: reading `{ $path }` stopped: { $error }
diff-mismatch = error: internal accounting mismatch: read { $read } ≠ unchanged + changed + rejected
diff-cannot-create-dir = error: cannot create directory `{ $path }`: { $error }
diff-cannot-create = error: cannot create `{ $path }`: { $error }
diff-reject = rejected row { $row } ({ $key }) by { $policies }{ $column }{ $value }: { $reason }
    .column = {" "}column `{ $column }`
    .value = {" "}value `{ $value }`

## jz report: the page (its ids, data-k and data-n attributes never change with the language)

report-title = { $record } decisions · { $title }
report-defaults = every value at its default
report-settings-sep = {", "}
report-lead = Policy <code>{ $policy }</code> ({ $title }) · data <code>{ $data }</code> · scenario: { $settings }
report-read = rows read
report-written = decided
report-rejected = rejected (cannot be decided)
report-nav-decisions = Decisions
report-by = By { $name }
report-nav-levels = Alert levels
report-policy-compare = Policy comparison
report-what-if = What if
report-nav-articles = Articles
report-nav-rejects = Rejected
report-intro = Each data row gets, in the scenario above, one value of each decision and the article that decided it; the numbers on this page agree with the summary <code>jz run</code> gives for the same file and scenario. Every table can be downloaded as CSV or XLSX.
report-footer = Made by <code>jz report</code>. This page has no script and refers to no outside resource: it opens and prints offline.
report-decisions-note = Rows per value of each decision (rejected rows not counted).
report-values-caption = { $name }: rows per value
report-value = value
report-rows = rows
report-share = share
report-rejected-col = rejected
report-by-file = by { $dim }_{ $name }
report-by-caption = By { $dim }: { $name }
report-dim-note = { $n } { $dim } value(s); the chart shows the values of { $main }{ $top }.
report-dim-top = {" "}(the first { $n } by rows; the table has them all)
report-dim-folded = More than { $max } different { $dim } values: the other { $n } are summed in the last row.
report-other-decisions = Other decisions
report-levels-heading = Alert levels compared
report-levels-note = The same data decided again at each value of { $field } (the rest of the scenario unchanged), side by side; this run's is <b>{ $current }</b>.
report-this-run = { $name } (this run)
report-levels-file = { $field }_rows
report-levels-caption = Rows decided and rejected at each { $field }
report-per-level = { $name }: per level
report-level-file = { $name }_per { $field }
report-level-caption = { $name }: rows at each { $field }
report-level-dim-heading = By { $dim }: { $main }
report-level-dim-file = by { $dim }_{ $main }_per { $field }
report-level-dim-caption = By { $dim }: { $main } at each { $field }
report-compare-policy = the policy { $label }
report-compare-what-if = what if { $label }
report-compare-note = The same data: this run (A) and { $what } (B). Only rows both sides can decide are compared.
report-unchanged = unchanged
report-changed = changed
report-not-compared = not compared (rejected by either side)
report-only = Decisions only in A (not compared): { $a }; only in B: { $b }.
report-no-change = Decisions without change: { $names }.
report-list-sep = {", "}
report-moved-heading = { $decision }: { $n } rows changed
report-sankey-note = The flow chart shows only the rows that changed (the { $n } unchanged rows are not drawn).
report-transition-file = { $decision }_changes
report-why-heading = Articles that changed the result
report-why-file = why changed
report-why-caption = Rows per change, with the rule and article that decided it on each side
report-decision = decision
report-by-a = A's citation
report-by-b = B's citation
report-moved-rows-heading = Enterprises that changed
report-moved-rows-note = The first { $n } rows in data order ({ $total } rows changed).
report-moved-rows-file = changed rows
report-moved-rows-caption = The rows that changed: each decision that changed, A → B, and B's citation
report-row = row
report-key = key
report-name = name
report-county = county
report-change = change
report-change-cell = { $decision }: { $a } → { $b } ({ $by })
report-change-sep = {"; "}
report-articles-heading = Articles deciding the most rows
report-articles-note = Each row of each decision is decided by one rule (and the article it cites) or by the default; a row counts once in each decision. The chart has the articles only; the table lists the defaults too.
report-articles-chart = Articles deciding the most rows (defaults left out)
report-articles-file = articles
report-articles-caption = Rows decided by each rule
report-citation = citation
report-rule = rule
report-default = (default)
report-rejects-heading = Rejected rows and why
report-no-rejects = No rejected rows: every row was read and decided.
report-rejects-note = <b data-k="rejected-rows" data-n="{ $n }">{ $shown }</b> rows rejected ({ $entries } reasons: a row can have several unreadable cells). Unreadable cells, conflicting rules and violated guarantees are all here, never dropped silently.
report-reasons-file = reasons
report-reasons-caption = By reason
report-reason = reason
report-column = column
report-count = count
report-rejects-shown = The first { $n } in data order ({ $total } in all); <code>jz run … --rejects FILE</code> writes every rejected row.
report-rejects-file = rejected rows
report-line = file line
report-none = (none)
report-no-data = no data (no rows)

## jz report: its messages

report-cmd-unknown-engine = error: unknown engine `{ $engine }`
    {"  "}help: use `--engine jit` (default) or `--engine interp`
report-cmd-same-as-input = error: -o `{ $out }` is the input file `{ $data }`
    {"  "}help: write the report to another file; the input is never overwritten
report-cmd-b-errors = error: policy B (`{ $path }`) has errors
report-cmd-b-no-record = error: policy B (`{ $path }`) has no record type `{ $record }`
report-cmd-in-b = { $error }
    {"  "}note: in policy B (`{ $path }`)
report-cmd-as-b-reads = error: { $error }
    {"  "}note: as policy B (`{ $path }`) reads it
report-cmd-jit-fallback = warning: { $error }; evaluating with the interpreter
report-cmd-cannot-create = error: cannot create `{ $path }`: { $error }
report-cmd-summary = rows read { $read }, written { $written }, rejected { $rejected } in { $secs } s
report-cmd-interrupted = interrupted: stopped after data row { $row }; no report written
report-cmd-mismatch = error: internal accounting mismatch: read { $read } ≠ written { $written } + rejected { $rejected }
report-cmd-cannot-build = error: cannot build the report: { $error }
report-cmd-written = report written to { $path } ({ $kb } KB)

## jz doc: the page

doc-unverified = not verified
doc-holds = proved
doc-violated = can be violated
doc-unknown = undecided
doc-exception = exception
doc-rule = rule
doc-rule-title = decision { $decision } · { $kind } { $label }
doc-guarantee-title = guarantee { $name } — { $verdict }
doc-lineage = Refinement chain: { $chain }
doc-nav-articles = Articles and rules
doc-nav-guarantees = Guarantees
doc-nav-lineage = Refinement
doc-nav-tests = Tests
doc-cited = 依据 { $cites }
doc-cite-sep = {", "}
doc-not-encoded = Not encoded: { $reason }
doc-missing = Operative article, not encoded yet and no reason given
doc-note = Explanatory article
doc-guarantees-heading = Guarantees (jz verify)
doc-guarantee = guarantee
doc-verdict = verdict
doc-citation = citation
doc-policy = policy
doc-place = place
doc-lineage-heading = Refinement: what each level of policy added to each decision
doc-decision = Decision { $name }
doc-lineage-rule = { $rule } ({ $cites })
doc-lineage-item = <code>{ $policy }</code>: { $rules }
doc-lineage-sep = {", "}
doc-tests-summary = { $file }: { $summary }
doc-test = test
doc-result = result
doc-passed = passed
doc-failed = failed
doc-no-tests = No tests.jz (or it does not check).
doc-cannot-write = error: cannot write `{ $path }`: { $error }
    help: check the output directory
doc-wrote = wrote { $path }

## clap's parse errors (English keeps clap's own text; these are for the other languages)

cli-error = error: { $message }
cli-error-unknown-argument = unexpected argument '{ $arg }' found
cli-error-invalid-subcommand = unrecognized subcommand '{ $subcommand }'
cli-error-missing = the following required arguments were not provided:
cli-error-no-value = a value is required for '{ $arg }' but none was supplied
cli-error-invalid-value = invalid value '{ $value }' for '{ $arg }'
cli-error-possible-values = [possible values: { $values }]
cli-error-used-twice = the argument '{ $arg }' cannot be used multiple times
cli-error-conflict = the argument '{ $arg }' cannot be used with { $other }
cli-error-conflict-others = one or more of the other specified arguments
cli-error-too-many = unexpected value '{ $value }' for '{ $arg }' found; no more were expected
cli-error-no-equals = equal sign is needed when assigning values to '{ $arg }'
cli-error-needs-subcommand = '{ $command }' requires a subcommand but one was not provided
cli-error-tip-argument = tip: a similar argument exists: '{ $name }'
cli-error-tip-subcommand = tip: a similar subcommand exists: '{ $name }'
cli-error-tip-value = tip: a similar value exists: '{ $name }'
cli-error-tip = tip: { $tip }
cli-error-more = For more information, try '{ $flag }'.
cli-error-pass-as-value = to pass '{ $arg }' as a value, use '-- { $arg }'
cli-error-reason = { $message }: { $reason }

## Reading data files (file-level errors and notes; reasons of rejected rows stay English)

data-json-array = `{ $path }` is a JSON array; jz reads JSON Lines (one object per line)
    {"  "}help: convert it with `jq -c '.[]' { $path } > data.jsonl`
data-lacks = `{ $path }` lacks required column(s): { $missing }
    .sheet = sheet `{ $sheet }` of `{ $path }` lacks required column(s): { $missing }
data-found-header = {"  "}found header ({ $n } column(s), delimiter { $delimiter }): { $found }
data-header-help = the header must name every field of record `{ $record }` (extra columns are ignored)
data-header-separated = the header looks { $delimiter }-separated: add `--delimiter { $flag }`
data-help = {"  "}help: { $help }
data-gbk = `{ $path }` is not UTF-8: it reads as GBK/GB18030 (what Excel and WPS save as "CSV")
    {"  "}help: add `--encoding gbk`, or save the file as "CSV UTF-8"
data-reading-as = reading `{ $path }` as { $encoding }
data-unknown-encoding = unknown encoding `{ $label }`
    {"  "}help: use `--encoding gbk` (also GB2312/GB18030), `utf-8`, `utf-16le` or `utf-16be`
data-empty = `{ $path }` is empty (no header row)
data-header-unclosed = the header of `{ $path }` has a quote at column { $column } that never closes
data-header-too-long = the first line of `{ $path }` is { $bytes } bytes long with no line break: not a CSV header
    {"  "}help: check that the file is CSV text
data-damaged = `{ $path }` is truncated or damaged: { $error }
    {"  "}help: copy or export the file again (a file cut short by a download or a full disk reads like this)
data-no-sheet = `{ $path }` has no sheet `{ $sheet }`
    {"  "}help: its sheets are { $sheets }
data-every-sheet = {"  "}help: every sheet with data is read; name the one to read with `--sheet NAME` (sheets: { $sheets })
data-header-row = sheet `{ $sheet }`: header taken from row { $row } (the row(s) above it are read as a title)
data-no-sheet-with-data = `{ $path }` has no sheet with data
data-sheets-read = read { $n } sheets: { $sheets }
data-sheet-rows = `{ $sheet }` ({ $rows } rows)

## jz run --verbose: why the native engine hands a part to the interpreter (the phrases of jz-jit)

jit-reason = {""}
    .text-value = text value
    .text-comparison = text comparison the kernel cannot precompute (not a field against fixed text)
    .text-tests = more than 64 distinct text tests on one field
    .decimal-product = decimal product with more than 18 fractional digits
    .decimal-quotient = decimal quotient scale
    .arithmetic = arithmetic on these types
    .text-decision = text-valued decision `{ $decision }`: every row is evaluated by the interpreter
run-progress-eta = eta
# `data-cannot` is the word every error of a file that cannot be read has (the REPL tells them by it from a
# file whose columns fit no record type)
data-cannot = cannot
data-cannot-open = cannot open `{ $path }`: { $error }
data-cannot-read = cannot read `{ $path }`: { $error }
data-cannot-read-header = cannot read the header of `{ $path }`: { $error }
