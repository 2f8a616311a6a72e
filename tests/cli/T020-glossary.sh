#!/usr/bin/env bash
# T020: English policy terms through the glossary, Chinese variants, --literal
# and --explain, over the CLI fixtures.
. "$TESTLIB"
DB="$T_DIR/db"
cp -r "$FIXTURES/cli" "$T_DIR/docs"
cd "$T_DIR"
run "$POLINDEX" --db "$DB" docs
expect_rc 0 "indexing the fixtures"

# English terms find the Chinese plan: 电商扶贫 (the whole term) and the
# parts 电商/电子商务 + 扶贫/脱贫
run "$POLSEARCH" --db "$DB" "e-commerce poverty relief"
expect_rc 0 "English query"
expect_out "^1\. 某市对口帮扶某州“十三五”规划" "the plan ranks first"
run "$POLSEARCH" --db "$DB" "E-Commerce"
expect_out "某市对口帮扶" "case and hyphen folded: the plan"
expect_out "COVID-19" "and the notice (电子商务)"
run "$POLSEARCH" --db "$DB" "counterpart support" Tibetan areas
expect_out "^1\. 發達省（市）對口支援藏區" "plural folded, traditional text found through 对口支援 藏区"
run "$POLSEARCH" --db "$DB" "poverty-stricken counties"
expect_out "某市对口帮扶" "贫困县 through a plural, hyphenated term"

# a word the glossary lacks stays required, literally
run "$POLSEARCH" --db "$DB" e-commerce zebra
expect_rc 1 "unknown English word still required"

# quoted English is exact: not expanded
run "$POLSEARCH" --db "$DB" '"e-commerce"'
expect_rc 1 "a quoted term is not translated"

# Chinese variants: 电子商务 finds 电商 and the other way round
run "$POLSEARCH" --db "$DB" 电子商务扶贫
expect_out "^1\. 某市对口帮扶" "电子商务扶贫 finds 电商扶贫"
run "$POLSEARCH" --db "$DB" --literal 电子商务扶贫
expect_rc 1 "--literal: no variants"
run "$POLSEARCH" --db "$DB" --literal "e-commerce poverty relief"
expect_rc 1 "--literal: no glossary"

# --explain shows the parse, each expansion and what is searched
run "$POLSEARCH" --db "$DB" --explain "e-commerce poverty relief" -扶贫协作
expect_out "^mode: keywords" "explain: mode"
expect_out "^parsed: e-commerce AND poverty AND relief AND NOT 扶贫协作$" "explain: parsed query"
expect_out "^  e-commerce poverty relief → 电商扶贫 \| 电子商务扶贫  \(glossary: e-commerce poverty relief\)$" "explain: whole term"
expect_out "^  poverty relief → 扶贫 \| 脱贫 \| 减贫" "explain: a part"
expect_out "^  扶贫协作 → 对口帮扶  \(variants\)$" "explain: a variant, even excluded"
expect_out "^searched: .*\(e-commerce OR 电子商务 OR 电商\) AND" "explain: the query searched"
expect_out "^xapian: Query\(" "explain: the Xapian query"
expect_rc 1 "excluding 对口帮扶 through its variant drops the plan"
run "$POLSEARCH" --db "$DB" --explain '武汉市对于医疗物资的运输有哪些规定？'
expect_out "^mode: question" "explain: question mode"

done_testing
