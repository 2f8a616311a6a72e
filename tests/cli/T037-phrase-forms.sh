#!/usr/bin/env bash
# T037: a phrase is found in every form a text can hold it in: its
# characters in a row, across punctuation, in Traditional characters, with
# a zero-width space or a line break between them. Counting and facets check
# every candidate through the phrase source, which accepts a text holding
# the phrase's bytes without decoding its units (lib/xapian_c.cc
# polx_phrase) and decodes them for the other forms.
. "$TESTLIB"
mkdir -p "$T_DIR/docs"
cd "$T_DIR" || exit 1
zw=$(printf '\342\200\213') # U+200B ZERO WIDTH SPACE
{ echo "# 关于加强档案工作的通知"; echo; echo "各单位管理应当规范，档案要及时归档。"; } >docs/a.md
{ echo "# 关于做好统计调查的通知"; echo; echo "调查对象的管理、应当依照本办法执行。"; } >docs/b.md
{ echo "# 關於改進交通運輸的規定"; echo; echo "運輸企業管理應當遵守國家規定。"; } >docs/c.md
{ echo "# 关于规范收费行为的意见"; echo; echo "收费项目管理${zw}应当公开透明。"; } >docs/d.md
{ echo "# 关于安全生产检查的办法"; echo; echo "生产经营单位的安全管理应"; echo "当纳入年度计划。"; } >docs/e.md
{ echo "# 关于应当做好的几项工作"; echo; echo "应当管理好财政资金，管理制度应当健全。"; } >docs/f.md
run "$POLINDEX" --db "$DB" docs
expect_rc 0 "indexing the notices"

for how in "" "--duplicates show"; do
    # shellcheck disable=SC2086
    run "$POLSEARCH" --db "$DB" --count $how 管理应当
    expect_eq "$OUT" 5 "--count $how: the phrase in each of its forms, not its characters apart"
    # shellcheck disable=SC2086
    run "$POLSEARCH" --db "$DB" --json --facet year $how -n 10 管理应当
    expect_eq "$(printf '%s\n' "$OUT" | grep -o '"path":"[^"]*"' | sed 's#.*/##; s/"//' | sort | tr '\n' ' ')" \
        "a.md b.md c.md d.md e.md " "--facet $how: the documents that hold the phrase"
done
run "$POLSEARCH" --db "$DB" --json -n 10 管理应当
expect_eq "$(printf '%s\n' "$OUT" | grep -o '"path":"[^"]*"' | sed 's#.*/##; s/"//' | sort | tr '\n' ' ')" \
    "a.md b.md c.md d.md e.md " "a page: the same documents"
run "$POLSEARCH" --db "$DB" --count '"管理应当" OR 年度计划'
expect_eq "$OUT" 5 "a phrase under an OR"
done_testing
