#!/usr/bin/env bash
# T033: a question that names a region (浙江省) ranks a hit whose region is
# another province (the Jiangsu notice, metadata from its title) lower by
# other_region in the second ranking (rerank.c); a city of the named province
# (杭州市) and a region that names no province (全国) are not moved. A
# question that names no region ranks the hits of a province or city lower
# by unasked_region instead.
# Fixtures: tests/fixtures/regions (four notices on 稳岗补贴).
. "$TESTLIB"
index_fixtures regions
q='浙江省对复工企业有哪些稳岗补贴？'
run "$POLSEARCH" --db "$DB" --rank other_region=0 "$q"
expect_rc 0 "question naming a region, other_region=0"
expect_eq "$(titles)" "浙江省关于应对疫情支持企业发展的若干意见|江苏省关于复工企业稳岗补贴的通知|人力资源社会保障部关于复工企业稳岗补贴的通知|杭州市关于复工企业稳岗补贴的通知|" \
    "without the setting the Jiangsu notice is second"
run "$POLSEARCH" --db "$DB" "$q"
expect_rc 0 "question naming a region, defaults"
expect_eq "$(titles)" "浙江省关于应对疫情支持企业发展的若干意见|人力资源社会保障部关于复工企业稳岗补贴的通知|杭州市关于复工企业稳岗补贴的通知|江苏省关于复工企业稳岗补贴的通知|" \
    "by default the notice of another province comes after those of the nation and of a city of Zhejiang"
# scores stay positive and descend down the list
descending() { printf '%s\n' "$OUT" | sed -n 's/^[0-9]*\. .*  \[\([0-9.]*\)\]$/\1/p' |
    awk 'NR > 1 && $1 > prev { bad = 1 } { prev = $1; n++ } END { print (n > 0 && !bad) ? "yes" : "no" }'; }
expect_eq "$(descending)" yes "scores descend"
dflt=$(titles)
run "$POLSEARCH" --db "$DB" --rank unasked_region=1 "$q"
expect_eq "$(titles)" "$dflt" "a question naming a region ranks the same whatever unasked_region"
# a question that names no region: hits of a province or city are lowered by
# unasked_region (the national notice, region 全国, is not); other_region
# changes nothing
q='复工企业有哪些稳岗补贴？'
run "$POLSEARCH" --db "$DB" --rank unasked_region=0 "$q"
expect_rc 0 "question naming no region, unasked_region=0"
expect_eq "$(titles)" "杭州市关于复工企业稳岗补贴的通知|江苏省关于复工企业稳岗补贴的通知|人力资源社会保障部关于复工企业稳岗补贴的通知|浙江省关于应对疫情支持企业发展的若干意见|" \
    "without the setting the local notices come first"
run "$POLSEARCH" --db "$DB" "$q"
expect_eq "$(titles)" "人力资源社会保障部关于复工企业稳岗补贴的通知|杭州市关于复工企业稳岗补贴的通知|江苏省关于复工企业稳岗补贴的通知|浙江省关于应对疫情支持企业发展的若干意见|" \
    "by default the national notice comes first"
expect_eq "$(descending)" yes "scores descend"
dflt=$(titles)
run "$POLSEARCH" --db "$DB" --rank other_region=1 "$q"
expect_eq "$(titles)" "$dflt" "a question naming no region ranks the same whatever other_region"
# 香港, 澳门 and 台湾 name a region as 浙江 does: a question naming 香港 ranks
# the same whatever unasked_region (the Hong Kong notice, region
# 香港特别行政区 from its title, is not lowered as if no region were named)
mkdir "$T_DIR/hk" && cp "$T_DIR/docs/"* "$T_DIR/hk/"
printf '香港特别行政区关于复工企业稳岗补贴的通知\n各有关机构：\n对复工企业给予稳岗补贴，支持企业有序复工。\n' >"$T_DIR/hk/hongkong.txt"
run "$POLINDEX" --db "$T_DIR/dbhk" "$T_DIR/hk"
expect_rc 0 "indexing the notices and the Hong Kong one"
q='香港对复工企业有哪些稳岗补贴？'
run "$POLSEARCH" --db "$T_DIR/dbhk" --rank unasked_region=0 "$q"
expect_rc 0 "question naming 香港"
dflt=$(titles)
run "$POLSEARCH" --db "$T_DIR/dbhk" --rank unasked_region=1 "$q"
expect_eq "$(titles)" "$dflt" "a question naming 香港 ranks the same whatever unasked_region"
done_testing
