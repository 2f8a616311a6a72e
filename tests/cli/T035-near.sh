#!/usr/bin/env bash
# T035: NEAR/N — both sides at most N characters apart (punctuation takes no
# place), in either order, checked on positions (documents) or on the text
# (sections, --sections); expansions apply to each side; misuse is an error.
. "$TESTLIB"
index_fixtures query

# 国务院办公厅关于促进电子商务发展的意见: "电子商务是网络化的新型经济活动，要坚
# 持市场主导，把扶贫作为重要任务" puts 19 characters between 电子商务 (a
# variant of 电商) and 扶贫, and no pair of them is closer
run "$POLSEARCH" --db "$DB" 电商 NEAR/19 扶贫
expect_out "国务院办公厅关于促进电子商务发展的意见" "19 characters apart: NEAR/19 holds"
run "$POLSEARCH" --db "$DB" 电商 NEAR/18 扶贫
expect_no_out "国务院办公厅关于促进电子商务发展的意见" "19 characters apart: NEAR/18 fails"
expect_out "杭州市对口帮扶工作要点" "电商扶贫 (adjacent) still found"
run "$POLSEARCH" --db "$DB" --count 扶贫 NEAR/0 电商
expect_eq "$OUT" "2" "NEAR/0 in either order: the two documents with 电商扶贫"
run "$POLSEARCH" --db "$DB" 电商 NEAR 扶贫
expect_no_out "国务院办公厅关于促进电子商务发展的意见" "NEAR alone is NEAR/10"
run "$POLSEARCH" --db "$DB" --literal 电商 NEAR/19 扶贫
expect_no_out "国务院办公厅关于促进电子商务发展的意见" "--literal: no variant on a side"
run "$POLSEARCH" --db "$DB" e-commerce NEAR/19 poverty
expect_out "国务院办公厅关于促进电子商务发展的意见" "English sides through the glossary"

# phrases and chains: 坚持精准扶贫精准脱贫基本方略
run "$POLSEARCH" --db "$DB" '"精准 扶贫" NEAR/0 精准脱贫 NEAR/0 基本方略'
expect_out "^1\. 国务院关于打赢脱贫攻坚战三年行动的指导意见" "a chain of NEAR"
run "$POLSEARCH" --db "$DB" 精准扶贫 NEAR/3 基本方略
expect_rc 1 "4 characters between: NEAR/3 fails"
run "$POLSEARCH" --db "$DB" 基本方略 NEAR/4 精准扶贫
expect_rc 0 "4 characters between, other order: NEAR/4 holds"

# --sections: both sides in the section's own text; punctuation and a line
# break take no place ("带动贫困户增收脱贫。（二）加强物流" in two sections)
run "$POLSEARCH" --db "$DB" 物流 NEAR/8 贫困
expect_out "国务院办公厅关于促进电子商务发展的意见" "document: 8 characters apart across sections"
run "$POLSEARCH" --db "$DB" 物流 NEAR/7 贫困
expect_rc 1 "document: not 7"
run "$POLSEARCH" --db "$DB" --sections 物流 NEAR/8 贫困
expect_rc 1 "sections: not in one section"
run "$POLSEARCH" --db "$DB" --sections --json 组织电商企业 NEAR/1 贫困县
expect_eq "$(printf '%s\n' "$OUT" | python3 -c 'import json,sys; print([json.loads(l)["sections"][0]["heading_path"][-1] for l in sys.stdin])')" \
    "['（一）电商扶贫']" "sections: the section with both"
run "$POLSEARCH" --db "$DB" --sections 组织电商企业 NEAR/0 贫困县
expect_rc 1 "sections: 1 character apart, not 0"

# facets and counts see only the documents NEAR keeps
run "$POLSEARCH" --db "$DB" --facet type --limit 0 电商 NEAR/18 扶贫
expect_out "^  意见 +1$" "facet after NEAR: 意见"
expect_out "^  通知 +1$" "facet after NEAR: 通知"

# --explain shows the pair
run "$POLSEARCH" --db "$DB" --explain 电商 NEAR/5 扶贫
expect_out "^parsed: 电商 NEAR/5 扶贫$" "explain: parsed NEAR"
expect_out "^searched: \(电商 OR 电子商务\) NEAR/5 扶贫$" "explain: expanded side"

# misuse: one line, exit 2
for q in '电商 NEAR/x 扶贫' '电商 NEAR/1001 扶贫' '电商 NEAR' 'NEAR 电商' '电商 OR 物流 NEAR 扶贫' \
         '-电商 NEAR 扶贫' '电商 NEAR issuer:国务院' '(电商 扶贫) NEAR 物流' 'NOT (电商 NEAR 扶贫)'; do
    run "$POLSEARCH" --db "$DB" "$q"
    expect_rc 2 "bad NEAR [$q]"
    expect_err "^polsearch: query error at column [0-9]+: .*NEAR" "message for [$q]"
done

done_testing
