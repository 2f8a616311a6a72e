#!/usr/bin/env bash
# T036: a question's page is found from the documents that rank best
# without its characters' weights (lib/search.c page_by_bound): q runs on
# those first, then on every document that weighs enough without the
# characters to reach that page. Either way the hits and their scores are
# those of the match over every document (--facet makes the match look at
# every document).
. "$TESTLIB"
mkdir -p "$T_DIR/docs"
cd "$T_DIR" || exit 1
# 25 short notices that hold the question's words (its bigrams) once; 10
# longer ones that hold them once too and its characters many times, out
# of their order (料材要需...: none of its bigrams), so that they rank below
# the short ones without the characters' weights and above them with them;
# 10 rules that hold the words many times and rank first either way; 30
# notices on other things
for i in $(seq 10 34); do
    { echo "# 关于做好第${i}批有关工作的通知"; echo
      echo "企业申请税收减免需要提交材料。"
      for k in $(seq 1 $((12 + i % 3))); do echo "本通知自印发之日起施行。"; done; } >"docs/notice-$i.md"
done
for i in $(seq 50 59); do
    { echo "# 关于做好第${i}批有关工作的通知"; echo
      echo "企业申请税收减免需要提交材料。"
      for k in $(seq 1 20); do echo "料材，要需，免减，收税，请申，业企。"; done; } >"docs/long-$i.md"
done
for j in $(seq 10 19); do
    { echo "# 关于企业申请税收减免的规定（第${j}号）"; echo
      for k in $(seq 1 $((3 + j % 4))); do echo "企业申请税收减免需要提交材料，税收减免材料由企业申请。"; done
      echo "审核程序由税务机关另行规定。"; } >"docs/rule-$j.md"
done
for j in $(seq 10 99); do
    { echo "# 关于做好第${j}年防汛抗旱工作的通知"; echo
      echo "各地要加强汛期值守，落实防汛抗旱责任制，确保人民群众生命安全。"; } >"docs/flood-$j.md"
done
run "$POLINDEX" --db "$DB" docs
expect_rc 0 "indexing the notices"

hits() { printf '%s\n' "$OUT" | sed -n 's/.*"score":\([0-9.e+-]*\),"path":"[^"]*\/\([^"]*\)".*/\2 \1/p' | tr '\n' ' '; }
Q='企业申请税收减免需要哪些材料？'
# the notices are near copies of each other: most runs list every copy
S="--duplicates show"
for args in "-n 10" "-n 3 --rank rerank_depth=1" "$S -n 10" "$S -n 5 --offset 5" "$S -n 15" "$S -n 20" \
            "$S -n 1 --rank rerank_depth=1" "$S -n 3 --rank rerank_depth=1" \
            "$S -n 2 --offset 3 --rank rerank_depth=1" "$S -n 4 --rank rerank_depth=1 --rank passage=0"; do
    # shellcheck disable=SC2086
    run "$POLSEARCH" --db "$DB" --json $args "$Q"
    expect_rc 0 "$args: found"
    got=$(hits)
    # shellcheck disable=SC2086
    run "$POLSEARCH" --db "$DB" --json --facet year $args "$Q"
    expect_eq "$got" "$(hits)" "$args: the hits and scores of a match over every document"
done
# fewer matches than the documents asked for: all of them are checked
for Q in '审核程序是怎样规定的？' "$Q"; do
    # shellcheck disable=SC2086
    run "$POLSEARCH" --db "$DB" --json -n 10 $S "$Q"
    got=$(hits)
    # shellcheck disable=SC2086
    run "$POLSEARCH" --db "$DB" --json -n 10 $S --facet year "$Q"
    expect_eq "$got" "$(hits)" "$Q: the hits and scores of a match over every document"
done
expect_eq "$(printf '%s\n' "$OUT" | grep -c rule-)" 10 "the rules hold the question's words many times: first"
run "$POLSEARCH" --db "$DB" --json -n 1 --rank rerank_depth=1 "$Q"
expect_out 'rule-' "the question's words many times rank first"
done_testing
