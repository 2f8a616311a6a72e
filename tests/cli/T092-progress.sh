#!/usr/bin/env bash
# T092: what polindex says while it works. On a terminal: a progress line
# (files, MB, MB/s, time left) redrawn in place, a line while it commits and
# learns the vocabulary (the two run together), the summary, then the
# lexicon's summary; a line while a new word list is learned; off a terminal
# only the summaries; with --quiet nothing.
. "$TESTLIB"
CORPUS="$SHARED_CORPUS/lawrefbook/司法解释"   # 6 MB of judicial interpretations: seconds
if [ ! -d "$CORPUS" ]; then echo "no corpus at $CORPUS" >&2; exit 1; fi
command -v script >/dev/null || { echo "script (util-linux) is needed for a terminal" >&2; exit 1; }
cd "$T_DIR"
files=$(find "$CORPUS" -type f | wc -l)

# on a terminal (script gives it one): what the terminal shows, a line per
# carriage return, without the clear-to-end-of-line escapes
run script -qec "$POLINDEX --db $T_DIR/db $CORPUS" /dev/null
expect_rc 0 "index on a terminal"
shown=$(printf '%s\n' "$OUT" | tr '\r' '\n' | sed 's/\x1b\[K//g')
OUT=$shown
expect_out "^[0-9]+/$files files, [0-9.]+/[0-9.]+ MB, [0-9.]+ MB/s, [0-9]+:[0-9]{2} left$" "progress line with the time left"
expect_out "^committing, learning the vocabulary of the indexed texts…$" "says it commits and learns"
expect_out "^$files added, 0 updated, 0 unchanged, 0 removed, 0 failed; $files documents, [0-9]+ sections, [0-9.]+ MB in [0-9.]+ s$" "summary"
expect_out "^lexicon: [0-9]+ words learned from [0-9.]+ MB of text \([0-9]+ candidates\), 0 of your own, in [0-9.]+ s" "lexicon summary"
expect_eq "$(printf '%s\n' "$shown" | grep -n '^lexicon:' | cut -d: -f1)" \
    "$(printf '%s\n' "$shown" | grep -n . | tail -1 | cut -d: -f1)" "the lexicon's summary is last"

# off a terminal: the summaries only
run "$POLINDEX" --rebuild --db "$T_DIR/db" "$CORPUS"
expect_rc 0 "index off a terminal"
expect_err "^$files added, 0 updated" "summary"
expect_err "^lexicon: [0-9]+ words learned" "lexicon summary"
expect_no_err "MB/s|committing|learning the vocabulary" "no progress lines"

# a re-run with nothing changed learns nothing
run script -qec "$POLINDEX --db $T_DIR/db $CORPUS" /dev/null
expect_rc 0 "unchanged re-run"
expect_out "0 added, 0 updated, $files unchanged" "all unchanged"
expect_no_out "learning the vocabulary" "no relearning"

# a word list of one's own: the vocabulary is learned again, and a line says so
printf '司法解释\n' >words.txt
run script -qec "$POLINDEX --db $T_DIR/db --words $T_DIR/words.txt" /dev/null
expect_rc 0 "relearn with a word list"
OUT=$(printf '%s\n' "$OUT" | tr '\r' '\n' | sed 's/\x1b\[K//g')
expect_out "^learning the vocabulary of the indexed texts…$" "says it learns the vocabulary"
expect_out "^lexicon: [0-9]+ words learned .*, 1 of your own" "with the word"

# --quiet: nothing at all, on a terminal too
run script -qec "$POLINDEX -q --rebuild --db $T_DIR/db $CORPUS" /dev/null
expect_rc 0 "quiet run"
expect_eq "$OUT" "" "--quiet prints nothing"

done_testing
