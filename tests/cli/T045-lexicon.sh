#!/usr/bin/env bash
# T045: the corpus lexicon from the command line: polindex learns after
# indexing and takes a user word list (--words; bad lines reported and
# skipped), --lexicon lists the words, polsearch --analyze marks them; error
# paths give a one-line message and exit status 2.
. "$TESTLIB"
DB="$T_DIR/db"
cp -r "$FIXTURES/cli" "$T_DIR/docs"
cd "$T_DIR"
printf '# words of this collection\n電商扶貧\n摘帽 # inline comment\nxyz\n扶\n' >words.txt

run "$POLINDEX" --db "$DB" --words words.txt docs
expect_rc 0 "indexing with a word list"
expect_err "words.txt:4: 'xyz' is not a word of 2 to 8 Chinese characters: skipped" "bad line 4 reported"
expect_err "words.txt:5: '扶' is not a word" "bad line 5 reported"
expect_err "^lexicon: [0-9]+ words learned from .* 2 of your own" "learning summary"

run "$POLINDEX" --db "$DB" --lexicon
expect_rc 0 "--lexicon"
expect_out "^# [0-9]+ words: .* 2 your own$" "header counts the user's words"
expect_out "^电商扶贫	0	0.00	0.00	user" "a user word, normalized to simplified"
expect_out "^摘帽	.*user" "the other user word"

# the query's words are marked; the search still finds the plan
run "$POLSEARCH" --db "$DB" --analyze '电商扶贫工作'
expect_rc 0 "--analyze with the index's lexicon"
expect_out "^lexicon: +[0-9]+ words from " "says where the lexicon comes from"
expect_out "^ +1  lexicon +电商扶贫  \[0,12\)$" "the user word as a unit with its byte range"
run "$POLSEARCH" --db "$DB" 电商扶贫
expect_rc 0 "search with a lexicon"
expect_out "^1\. 某市对口帮扶某州“十三五”规划" "same first hit"

# re-running with nothing changed keeps the user's words
run "$POLINDEX" --db "$DB" docs
expect_rc 0 "unchanged re-run"
run "$POLINDEX" --db "$DB" --lexicon
expect_out "^摘帽	.*user" "user words kept"

# errors
run "$POLINDEX" --db "$DB" --words missing.txt
expect_rc 2 "missing word list"
expect_err "missing.txt: cannot read the word list" "says so"
run "$POLINDEX" --db "$T_DIR/none" --lexicon
expect_rc 2 "--lexicon of no index"
expect_err "cannot open index" "says so"
run "$POLSEARCH" --db "$T_DIR/none" --analyze 电商
expect_rc 2 "--analyze with a missing --db"
run "$POLSEARCH" --analyze 电商
expect_rc 0 "--analyze without an index"
expect_out "^lexicon: +none" "says there is no lexicon"

done_testing
