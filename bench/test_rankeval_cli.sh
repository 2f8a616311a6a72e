#!/usr/bin/env bash
# rankeval over a three-document fixture: the measures of a hand-made run
# file, our own ranking, the recorded-figure check, and bad input.
. "$FIXTURES/../cli/lib.sh"
F="$FIXTURES/rankeval"
run "$POLINDEX" --db "$T_DIR/db" "$FIXTURES/cli"
expect_rc 0 "indexing the fixtures"

# run.txt: q1 relevant at rank 2, q2 at rank 1, q3 nothing listed
run "$RANKEVAL" --queries "$F/queries.tsv" --qrels "$F/qrels.txt" --run other="$F/run.txt"
expect_rc 0 "scoring a run file"
expect_out "^other +all +3 +0\.5000 +0\.3333 +0\.6667 +0\.6667 +0\.6667 " "MRR 1.5/3, R@1 1/3, R@5 2/3"
expect_err "queries.tsv:4: not 'qid<TAB>text', skipped" "bad query line named"
expect_err "queries.tsv:5: query q1 given twice, skipped" "duplicate query named"
expect_err "qrels.txt:5: not 'qid 0 docid grade', skipped" "bad qrels line named"
expect_err "run.txt:5: not a TREC run line, skipped" "bad run line named"
expect_err "1 lines of unknown queries ignored" "unknown query counted"

# our ranking: each query's document first; written as a run and per query
printf '1.0\n' >"$T_DIR/floor"
run "$RANKEVAL" --db "$T_DIR/db" --queries "$F/queries.tsv" --qrels "$F/qrels.txt" \
    --run other="$F/run.txt" --write-run "$T_DIR/ours.txt" --per-query "$T_DIR/pq.tsv" \
    --floor "$T_DIR/floor" --write-topics "$T_DIR/topics"
expect_rc 0 "our run at the recorded figure"
expect_out "^polsearch +all +3 +1\.0000 +1\.0000 " "every query's document first"
expect_out "^other +all +3 +0\.5000" "the other run in the same table"
expect_out "^ok: MRR@10 1\.0000, recorded 1\.0000" "check passes"
expect_eq "$(awk '$4 == 1' "$T_DIR/ours.txt" | wc -l)" 3 "one rank-1 line per query in the run file"
expect_eq "$(cut -f1,3 "$T_DIR/pq.tsv" | tr '\t\n' ' ')" "q1 1 q2 1 q3 1 " "per-query ranks"
expect_eq "$(wc -l <"$T_DIR/topics/queries.tsv") $(wc -l <"$T_DIR/topics/qrels.txt")" "3 4" "topics written"
# the written run scores the same as the live one
run "$RANKEVAL" --queries "$T_DIR/topics/queries.tsv" --qrels "$T_DIR/topics/qrels.txt" --run again="$T_DIR/ours.txt"
expect_out "^again +all +3 +1\.0000 +1\.0000 " "run file round trip"

# below the recorded figure minus 0.01: failure
printf '# recorded\n1.5 from a better day\n' >"$T_DIR/floor"
run "$RANKEVAL" --db "$T_DIR/db" --queries "$F/queries.tsv" --qrels "$F/qrels.txt" --floor "$T_DIR/floor"
expect_rc 1 "drop below the recorded figure fails"
expect_out "^FAIL: MRR@10 1\.0000 is below the recorded 1\.5000 minus 0\.01" "says why"

# bad input: one-line messages, exit 2
printf '# nothing\n' >"$T_DIR/floor"
run "$RANKEVAL" --db "$T_DIR/db" --queries "$F/queries.tsv" --qrels "$F/qrels.txt" --floor "$T_DIR/floor"
expect_rc 2 "floor file without a figure"
expect_err "no recorded MRR@10 figure" "says so"
run "$RANKEVAL" --queries "$T_DIR/missing.tsv" --qrels "$F/qrels.txt"
expect_rc 2 "missing queries file"
expect_err "missing.tsv: No such file" "names it"
run "$RANKEVAL" --queries "$F/queries.tsv"
expect_rc 2 "qrels missing"
expect_err "give --ncp DIR, or --queries FILE and --qrels FILE" "usage hint"
run "$RANKEVAL" --ncp "$T_DIR"
expect_rc 2 "not an ncp directory"
expect_err "data/local/train.json: No such file" "names the file"
run "$RANKEVAL" --db "$T_DIR/nodb" --queries "$F/queries.tsv" --qrels "$F/qrels.txt"
expect_rc 2 "missing index"
expect_err "no index here" "says so"
run "$RANKEVAL" --queries "$F/queries.tsv" --qrels "$F/qrels.txt" --run nofile
expect_rc 2 "--run without NAME="
# ranking settings: named ones change the ranking, bad ones are refused
run "$RANKEVAL" --db "$T_DIR/db" --queries "$F/queries.tsv" --qrels "$F/qrels.txt" --rank k1=2 --rank title=0
expect_rc 0 "settings accepted"
expect_out "k1=2 b=[0-9.]+ .*title=0 " "and reported"
run "$RANKEVAL" --db "$T_DIR/db" --queries "$F/queries.tsv" --qrels "$F/qrels.txt" --rank nope=1
expect_rc 2 "unknown setting"
expect_err "--rank nope=1: unknown setting or bad value \(settings: k1=" "lists the settings"
run "$RANKEVAL" --db "$T_DIR/db" --queries "$F/queries.tsv" --qrels "$F/qrels.txt" --rank b=2
expect_rc 2 "b out of range"
run "$RANKEVAL" --db "$T_DIR/db" --queries "$F/queries.tsv" --qrels "$F/qrels.txt" --rank question_b=1
expect_rc 0 "question_b accepted"
expect_out "b=0\.75 question_b=1 " "and reported beside b"
run "$POLSEARCH" --db "$T_DIR/db" --rank question_b=0 '电商扶贫有哪些措施？'
expect_rc 0 "question_b=0 accepted"
run "$POLSEARCH" --db "$T_DIR/db" --rank question_b=1.1 电商扶贫
expect_rc 2 "question_b above 1"
expect_err "^polsearch: --rank question_b=1.1: unknown setting or bad value" "one line"
run "$POLSEARCH" --db "$T_DIR/db" --rank question_b=-0.1 电商扶贫
expect_rc 2 "question_b below 0"
run "$POLSEARCH" --db "$T_DIR/db" --rank question_words=1.5 电商扶贫
expect_rc 2 "polsearch refuses a non-integer switch"
expect_err "^polsearch: --rank question_words=1.5: unknown setting or bad value" "one line"
run "$POLSEARCH" --db "$T_DIR/db" --rank passage_len=5 电商扶贫
expect_rc 2 "passage window below 10 characters"
expect_err "^polsearch: --rank passage_len=5: unknown setting or bad value" "one line"
run "$POLSEARCH" --db "$T_DIR/db" --rank rerank_depth=0 电商扶贫
expect_rc 2 "no hits to re-rank"
run "$POLSEARCH" --db "$T_DIR/db" --rank prf_docs=0 电商扶贫
expect_rc 2 "feedback from no documents"
run "$POLSEARCH" --db "$T_DIR/db" --rank k1= 电商扶贫
expect_rc 2 "empty value"
run "$POLSEARCH" --db "$T_DIR/db" --rank k1=1.0 --rank title=2 电商扶贫
expect_rc 0 "polsearch with settings"
expect_out "^1\. 某市对口帮扶某州" "still finds the plan"
done_testing
