#!/usr/bin/env bash
# Ranking check over the ncp_policies_qa development set: indexes its 599
# documents, runs its 658 questions with polsearch's default settings, and
# fails when the strict MRR@10 (--duplicates show) over all of them is below
# the figure recorded in ncp_mrr10.txt minus 0.01. Grouped results (the
# default) count a hit when the labelled document is it or one of its copies,
# which can only rank the labelled document higher: checked too.
. "$FIXTURES/../cli/lib.sh"
NCP="$SHARED_CORPUS/ncp_policies_qa"
run "$POLINDEX" --db "$T_DIR/db" "$NCP/docs"
expect_rc 0 "indexing ncp_policies_qa"
expect_err "599 added" "every document indexed"
run "$RANKEVAL" --db "$T_DIR/db" --ncp "$NCP" --floor "$BENCH/ncp_mrr10.txt"
printf '%s\n' "$OUT"
expect_rc 0 "MRR@10 not below the recorded figure minus 0.01"
expect_out "^polsearch +all +658 " "every question scored"
expect_out "^polsearch-show +all +658 " "every question scored strictly"
grouped=$(printf '%s\n' "$OUT" | awk '$1 == "polsearch" && $2 == "all" {print $4}')
strict=$(printf '%s\n' "$OUT" | awk '$1 == "polsearch-show" && $2 == "all" {print $4}')
awk -v g="$grouped" -v s="$strict" 'BEGIN { exit !(g >= s) }' && pass ||
    fail "grouped MRR@10 $grouped below the strict $strict"
done_testing
