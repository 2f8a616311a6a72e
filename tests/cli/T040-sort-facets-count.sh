#!/usr/bin/env bash
# T040: --sort, --limit/--offset, --count and --facet (counts over all
# matches, in text and JSON) over the query fixtures.
. "$TESTLIB"
index_fixtures query
ranks() { printf '%s\n' "$OUT" | sed -n 's/^\([0-9]*\)\. .*/\1/p' | tr '\n' ' '; }

# sort by date: newest first, a date of only a year sorts as that year,
# undated documents last; oldest: the reverse
run "$POLSEARCH" --db "$DB" --sort date region:浙江省
expect_eq "$(titles)" "浙江省乡村振兴战略规划（2018—2022年）|杭州市对口帮扶工作要点|浙江省生态环境保护条例|关于做好农村电商培训的通知|" "--sort date"
run "$POLSEARCH" --db "$DB" --sort oldest region:浙江省
expect_eq "$(titles)" "关于做好农村电商培训的通知|浙江省生态环境保护条例|杭州市对口帮扶工作要点|浙江省乡村振兴战略规划（2018—2022年）|" "--sort oldest"
run "$POLSEARCH" --db "$DB" --sort date 扶贫
expect_eq "$(titles)" "国务院关于打赢脱贫攻坚战三年行动的指导意见|杭州市对口帮扶工作要点|国务院办公厅关于促进电子商务发展的意见|" "--sort date with keywords"
run "$POLSEARCH" --db "$DB" --sort newest 扶贫
expect_rc 2 "bad --sort"
expect_err "--sort wants relevance, date or oldest, not 'newest'" "names the choices"

# --limit and --offset page through the same order
run "$POLSEARCH" --db "$DB" --sort date region:浙江省 --limit 2
expect_eq "$(ranks)" "1 2 " "--limit 2"
run "$POLSEARCH" --db "$DB" --sort date region:浙江省 --limit 2 --offset 2
expect_eq "$(ranks)" "3 4 " "--offset 2: ranks continue"
expect_eq "$(titles)" "浙江省生态环境保护条例|关于做好农村电商培训的通知|" "--offset 2: the next two"
run "$POLSEARCH" --db "$DB" region:浙江省 --offset 10
expect_rc 0 "an offset past the end is not a failure when something matched"
run "$POLSEARCH" --db "$DB" --limit x 扶贫
expect_rc 2 "bad --limit"

# --count: the number of matching documents, every one counted
run "$POLSEARCH" --db "$DB" --count region:浙江省
expect_eq "$OUT" "4" "--count"
run "$POLSEARCH" --db "$DB" --count 电商
expect_eq "$OUT" "5" "--count with the 电商/电子商务 variants"
run "$POLSEARCH" --db "$DB" --count --literal 电商
expect_eq "$OUT" "4" "--count --literal"
run "$POLSEARCH" --db "$DB" --count 区块链
expect_eq "$OUT" "0" "--count of nothing"
expect_rc 1 "exit status 1 when nothing matched"
run "$POLSEARCH" --db "$DB" --count --json region:浙江省
expect_eq "$OUT" '{"count":4}' "--count --json"

# facets count all matches, not only the hits shown
run "$POLSEARCH" --db "$DB" --facet region,type --limit 1 电商
expect_rc 0 "facets"
expect_eq "$(printf '%s\n' "$OUT" | sed -n '/^region:/,/^$/p' | tr -s ' ' | tr '\n' '|')" "region:| 浙江省 3| 全国 2||" "region facet, most frequent first"
expect_out "^  通知 +2$" "type facet: 通知"
expect_out "^  意见 +2$" "type facet: 意见"
expect_out "^  规划 +1$" "type facet: 规划"
expect_eq "$(ranks)" "1 " "still one hit shown"
run "$POLSEARCH" --db "$DB" --facet year --facet issuer --limit 0 扶贫
expect_out "^year:" "repeated --facet: year"
expect_out "^issuer:" "repeated --facet: issuer"
expect_out "^  国务院办公厅 +1$" "issuer facet"
expect_out "^  2018 +1$" "year facet"
run "$POLSEARCH" --db "$DB" --facet source --sections 扶贫
expect_out "^  national +[0-9]+$" "source facet over sections"
run "$POLSEARCH" --db "$DB" --json --facet year,source --limit 2 --sort date 电商
expect_rc 0 "json facets"
expect_eq "$(printf '%s\n' "$OUT" | python3 -c '
import json, sys
lines = [json.loads(l) for l in sys.stdin]
facets = {l["facet"]: {v["value"]: v["count"] for v in l["values"]} for l in lines if "facet" in l}
hits = [l for l in lines if "rank" in l]
print(sorted(facets["source"].items()), sorted(facets["year"].items()), len(hits), hits[0]["metadata"]["date"])')" \
    "[('national', 2), ('zhejiang', 3)] [('2015', 1), ('2017', 1), ('2018', 2)] 2 2018-09-20" "json: facet lines then hits"
run "$POLSEARCH" --db "$DB" --facet colour 扶贫
expect_rc 2 "unknown facet"
expect_err "--facet wants year, issuer, type, region or source, not 'colour'" "names the facets"

done_testing
