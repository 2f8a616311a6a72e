#!/usr/bin/env bash
# T034: --db A --db B finds the hits, with their scores, of a match that
# looks at every document (--facet), though it no longer looks at every
# match itself. Xapian 1.4's match over several databases starts the second
# one's postlists when the page is already full; an OR of literals built as
# AND_MAYBE(phrase x 0, units) then lost a literal there (e.g. the variants
# of 新冠 next to 肺炎: hits missing, others weighing less); query.c builds
# each literal as a filter instead. Also: OR of several words, a group with
# an exclusion under OR, a question.
. "$TESTLIB"
NCP="$SHARED_CORPUS/ncp_policies_qa/docs"
[ -d "$NCP" ] || { echo "skipped: no $NCP"; exit 0; }
mkdir -p "$T_DIR/a" "$T_DIR/b"
cd "$T_DIR" || exit 1
i=0
for f in "$NCP"/*; do
    if [ $((i % 2)) = 0 ]; then cp "$f" a/; else cp "$f" b/; fi
    i=$((i + 1))
done
run "$POLINDEX" --db dba a
expect_rc 0 "indexing the first half"
run "$POLINDEX" --db dbb b
expect_rc 0 "indexing the second half"
hits() { printf '%s\n' "$OUT" | sed -n 's/.*"score":\([0-9.e+-]*\),"path":"[^"]*\/\([^"/]*\)".*/\1 \2/p' | tr '\n' ' '; }
for q in "新冠 肺炎" "(新冠 OR 新型冠状病毒) 肺炎" "疫情防控 企业" "复工复产" \
    "疫情 OR 复工 OR 企业 OR 学校" "(新冠 -肺炎) OR 复工" "哪些地区发布了疫情防控通知"; do
    for args in "-n 5" "-n 3 --offset 2" "-n 10"; do
        # shellcheck disable=SC2086
        run "$POLSEARCH" --db dba --db dbb --duplicates show --json $args "$q"
        expect_rc 0 "$q $args: found"
        got=$(hits)
        # shellcheck disable=SC2086
        run "$POLSEARCH" --db dba --db dbb --duplicates show --json --facet year $args "$q"
        expect_eq "$got" "$(hits)" "$q $args: the hits and scores of a match that looks at every document"
    done
done
done_testing
