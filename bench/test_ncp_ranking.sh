#!/usr/bin/env bash
# Ranking check over the ncp_policies_qa development set: indexes its 599
# documents, runs its 658 questions with polsearch's default settings, and
# fails when MRR@10 over all of them is below the figure recorded in
# ncp_mrr10.txt minus 0.01.
. "$FIXTURES/../cli/lib.sh"
NCP="$SHARED_CORPUS/ncp_policies_qa"
run "$POLINDEX" --db "$T_DIR/db" "$NCP/docs"
expect_rc 0 "indexing ncp_policies_qa"
expect_err "599 added" "every document indexed"
run "$RANKEVAL" --db "$T_DIR/db" --ncp "$NCP" --floor "$BENCH/ncp_mrr10.txt"
printf '%s\n' "$OUT"
expect_rc 0 "MRR@10 not below the recorded figure minus 0.01"
expect_out "^polsearch +all +658 " "every question scored"
done_testing
