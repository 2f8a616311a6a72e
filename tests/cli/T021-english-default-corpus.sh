#!/usr/bin/env bash
# T021: the English query of the glossary over the default corpus
# (corpus/fetch.sh links it from ../shared/corpus): the Hangzhou plan for
# counterpart assistance to Qiandongnan, whose chapters on 电子商务 and
# 电商扶贫 answer "e-commerce poverty relief", ranks first; it also ranks
# first for 电商扶贫 itself, and 对口支援 (simplified) finds the
# traditional-script seed (對口支援).
. "$TESTLIB"
mkdir -p "$T_DIR/corpus"
cp "$SOURCE_DIR/corpus/fetch.sh" "$T_DIR/corpus/"
POL_SHARED_CORPUS="$SHARED_CORPUS" run bash "$T_DIR/corpus/fetch.sh"
expect_rc 0 "default corpus linked"
cd "$T_DIR"
run "$POLINDEX" --db db corpus/default
expect_rc 0 "indexing the default corpus"

run "$POLSEARCH" --db db --json --limit 3 "e-commerce poverty relief"
expect_rc 0 "English query over the default corpus"
first=$(printf '%s\n' "$OUT" | head -1 | python3 -c 'import json,sys; print(json.load(sys.stdin)["path"])')
expect_eq "$first" "corpus/default/seeds/003_d72d3272a760b96f.txt" "the Hangzhou plan ranks first"
run "$POLSEARCH" --db db --literal "e-commerce poverty relief"
expect_rc 1 "without the glossary the English words match nothing"

first_path() { printf '%s\n' "$OUT" | head -1 | python3 -c 'import json,sys; print(json.load(sys.stdin)["path"])'; }
run "$POLSEARCH" --db db --json --limit 3 电商扶贫
expect_rc 0 "电商扶贫 over the default corpus"
expect_eq "$(first_path)" "corpus/default/seeds/003_d72d3272a760b96f.txt" "the Hangzhou plan ranks first for 电商扶贫"
top=$(printf '%s\n' "$OUT" | head -1)
OUT=$top expect_out '"snippet":"[^"]*电商扶贫' "its listed sections show the passage on 电商扶贫"
run "$POLSEARCH" --db db --json --limit 100 对口支援
expect_rc 0 "对口支援 over the default corpus"
expect_out '"path":"corpus/default/seeds/000_87d0efad834627a9.txt"' "simplified 对口支援 finds the traditional seed"

done_testing
