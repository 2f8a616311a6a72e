#!/usr/bin/env bash
# T032: a phrase whose characters and bigrams are common is matched in two
# steps (lib/search.c get_hits): the query with the phrase's characters only,
# then the phrase checked on its best documents, or on every document when
# too few of those hold it. Either way the hits are exactly those of the
# phrase: the same as when every candidate is checked (--facet makes the
# match look at every document).
. "$TESTLIB"
mkdir -p "$T_DIR/docs"
cd "$T_DIR" || exit 1
# 25 notices that hold 管理, 合理应用 (the bigram 理应) and 应当 many times but
# never 管理应当, and rank first for its characters; 20 shorter ones that
# hold the phrase once (every bigram of it is in every document)
for i in $(seq 10 34); do
    { echo "# 关于合理应用资源加强管理的通知（第${i}号）"; echo
      for k in $(seq 1 $((4 + i % 5))); do
          echo "各单位应当合理应用财政资源，切实加强管理。资金使用应当合理应用标准，严格管理。"
      done; } >"docs/notice-$i.md"
done
for j in $(seq 10 29); do
    { echo "# 关于落实安全责任的规定（第${j}号）"; echo
      echo "本规定所称单位的日常管理应当依法进行，理应接受监督。"
      for k in $(seq 1 $((1 + j % 3))); do echo "有关事项由办公室另行通知。"; done; } >"docs/rule-$j.md"
done
run "$POLINDEX" --db "$DB" docs
expect_rc 0 "indexing the notices"

paths() { printf '%s\n' "$OUT" | sed -n 's/.*"path":"\([^"]*\)".*/\1/p' | sed 's#.*/##' | tr '\n' ' '; }
for args in "-n 1" "-n 3" "-n 5" "-n 5 --offset 3" "-n 10" "-n 10 --offset 12" "-n 30"; do
    # shellcheck disable=SC2086
    run "$POLSEARCH" --db "$DB" --duplicates show --json $args 管理应当
    expect_rc 0 "$args: found"
    got=$(paths)
    expect_no_out '"path":"[^"]*notice-' "$args: no document without the phrase"
    # shellcheck disable=SC2086
    run "$POLSEARCH" --db "$DB" --duplicates show --json --facet year $args 管理应当
    expect_eq "$got" "$(paths)" "$args: the hits of a match that checks every document"
done
run "$POLSEARCH" --db "$DB" --duplicates show --json -n 30 管理应当
expect_eq "$(paths | wc -w)" 20 "every document with the phrase, and only those"
# the phrase with an exclusion and next to another literal
run "$POLSEARCH" --db "$DB" --duplicates show --json -n 5 管理应当 -办公室
expect_rc 1 "every document with the phrase has 办公室"
run "$POLSEARCH" --db "$DB" --duplicates show --json -n 3 管理应当 依法
got=$(paths)
run "$POLSEARCH" --db "$DB" --duplicates show --json -n 3 --facet year 管理应当 依法
expect_eq "$got" "$(paths)" "two literals: the hits of a match that checks every document"
# OR: a document's relaxed weight counts the characters of a phrase it does
# not hold, so the relaxed query's best documents (30 notices with the
# characters of 管理应当 and 依法进行 once) need not hold q's best (10 rules
# with 依法进行 many times)
mkdir "$T_DIR/docs2"
for i in $(seq 10 39); do
    { echo "# 关于合理应用资源加强管理的通知（第${i}号）"; echo
      for k in $(seq 1 8); do
          echo "各单位应当合理应用财政资源，切实加强管理。资金使用应当合理应用标准，严格管理。"
      done
      echo "本事项依法进行。"; } >"docs2/notice-$i.md"
done
for j in $(seq 10 19); do
    { echo "# 关于执法检查的规定（第${j}号）"; echo
      for k in 1 2 3; do echo "检查依法进行，处罚依法进行，复议依法进行。"; done; } >"docs2/rule-$j.md"
done
run "$POLINDEX" --db "$T_DIR/db2" docs2
expect_rc 0 "indexing the OR fixtures"
for args in "-n 1" "-n 3" "-n 5 --offset 2" "-n 3 --sort date"; do
    # shellcheck disable=SC2086
    run "$POLSEARCH" --db "$T_DIR/db2" --duplicates show --json $args 管理应当 OR 依法进行
    expect_rc 0 "OR $args: found"
    got=$(paths)
    # shellcheck disable=SC2086
    run "$POLSEARCH" --db "$T_DIR/db2" --duplicates show --json --facet year $args 管理应当 OR 依法进行
    expect_eq "$got" "$(paths)" "OR $args: the hits of a match that checks every document"
done
run "$POLSEARCH" --db "$T_DIR/db2" --duplicates show --json -n 1 管理应当 OR 依法进行
expect_out '"path":"[^"]*rule-' "OR: a rule, with the most 依法进行, is first"
# a literal matches by its characters even where none of its ranking units
# is indexed (2020 inside the token 20201231): it is found, weighing nothing
# for that literal, after the document that holds the token 2020
mkdir "$T_DIR/docs3"
printf '# 关于年度报告的通知\n\n报告截止日期为20201231，逾期不报。\n' >"$T_DIR/docs3/a-part.md"
printf '# 关于年度统计的通知\n\n统计年度为2020年，逾期不报。\n' >"$T_DIR/docs3/b-token.md"
printf '# 关于其他事项的通知\n\n逾期不报。\n' >"$T_DIR/docs3/c-none.md"
run "$POLINDEX" --db "$T_DIR/db3" docs3
expect_rc 0 "indexing the token fixtures"
for q in "2020 逾期" "(2020 OR 2019) 逾期"; do
    run "$POLSEARCH" --db "$T_DIR/db3" --duplicates show --json "$q"
    expect_eq "$(paths)" "b-token.md a-part.md " "$q: the token's document, then the one with 2020 inside a token"
done
done_testing
