#!/usr/bin/env bash
# T065: near-duplicate groups: polindex --duplicates lists reposts of one
# notice (real NCP documents) as one group; removing and re-adding a copy
# updates the group; an unknown index is an error.
. "$TESTLIB"
DB="$T_DIR/db"
NCP="$SHARED_CORPUS/ncp_policies_qa/docs"
mkdir "$T_DIR/docs"
# four reposts of the tax office's notice on the epidemic tax policy guide, and an unrelated document
for f in 19a89fd4012435d2ad23071bb4e48332 5b727f9f477a37a89ab85999c94c0c8a \
         723d5b1a97333ef9ae6454eb9496da81 f5ab0484dfc43030a2c61a8b4efab29d 0013aa11eb73353abf1e2bd8bca41750; do
    cp "$NCP/$f.txt" "$T_DIR/docs/"
done
cd "$T_DIR"

run "$POLINDEX" --db "$DB" --duplicates docs
expect_rc 0 "index and list"
expect_out "^near-duplicate groups: 1, with 4 of the 5 documents" "one group of four"
expect_out "^group 1: 4 documents" "group size"
expect_out "^  1\.00  .*docs/19a89fd4012435d2ad23071bb4e48332\.txt" "group id: the smallest key, listed first"
expect_no_out "0013aa11" "the unrelated document is in no group"

# the group's id document goes away: the others stay together under the next key
rm docs/19a89fd4012435d2ad23071bb4e48332.txt
run "$POLINDEX" --db "$DB" docs
expect_rc 0 "reindex after a removal"
run "$POLINDEX" --db "$DB" --duplicates
expect_out "^near-duplicate groups: 1, with 3 of the 4 documents" "three left"
expect_out "^  1\.00  .*docs/5b727f9f477a37a89ab85999c94c0c8a\.txt" "new group id"

# a copy under another name joins the group
cp "$NCP/19a89fd4012435d2ad23071bb4e48332.txt" docs/copy.txt
run "$POLINDEX" --db "$DB" docs
run "$POLINDEX" --db "$DB" --duplicates
expect_out "^group 1: 4 documents" "the copy joined"
expect_out "docs/copy\.txt" "listed"

run "$POLINDEX" --db "$T_DIR/none" --duplicates
expect_rc 2 "no index"
expect_err "^polindex: .*none: no index here" "one-line message"
# --verbose reports the time signatures took, whichever thread made them
# (worker threads' time was not counted: "0.00 s" with --jobs 2)
for j in 1 2; do
    run "$POLINDEX" --db "v$j" --verbose --jobs "$j" "$NCP"
    expect_rc 0 "verbose, $j jobs"
    expect_err '^near-duplicate signatures and groups: (0\.0[1-9]|0\.[1-9][0-9]|[1-9][0-9]*\.[0-9][0-9]) s$' "signature time counted, $j jobs"
done
done_testing
