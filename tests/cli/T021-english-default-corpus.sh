#!/usr/bin/env bash
# T021: the English query of the glossary over the default corpus
# (corpus/fetch.sh links it from ../shared/corpus): the Hangzhou plan for
# counterpart assistance to Qiandongnan, whose chapters on 电子商务 and
# 电商扶贫 answer "e-commerce poverty relief", ranks first.
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

done_testing
