#!/usr/bin/env bash
# T091: a part left beside the index by a killed parallel run is merged when
# the index is next opened: its files' older records give way to the part's.
. "$TESTLIB"
cd "$T_DIR"
mkdir docs newer
cp "$FIXTURES/cli/plan_ecommerce.txt" "$FIXTURES/cli/support_trad.txt" docs/
run "$POLINDEX" --db idx docs
expect_err "^2 added" "first run"

# the part a killed run would have left: the changed file, indexed into
# idx.part1 with its file state (a part is an index of the same schema)
sed -i 's/培训电商人员/培训网商人员/' docs/plan_ecommerce.txt
run "$POLINDEX" --db idx.part1 docs/plan_ecommerce.txt
expect_rc 0 "part written"

# the next run merges the part before anything else: the changed file is
# then up to date, and its old text is gone without duplicates
run "$POLINDEX" --db idx docs
expect_rc 0 "run after the killed one"
expect_err "^0 added, 0 updated, 2 unchanged" "the part's file counts as indexed"
[ -e idx.part1 ] && fail "the part is removed after the merge" || pass
run "$POLSEARCH" --db idx 网商人员
expect_rc 0 "the part's text is searchable"
run "$POLSEARCH" --db idx 电商人员
expect_rc 1 "the replaced text is gone"
run "$POLSEARCH" --db idx --json 对口支援
expect_eq "$(printf '%s\n' "$OUT" | grep -c '"rank"')" 1 "the other file is kept, once"
run "$POLSEARCH" --db idx --json 扶贫
expect_eq "$(printf '%s\n' "$OUT" | grep -c 'plan_ecommerce')" 1 "the changed file is there once"

# a part that is not a database is dropped; its files are indexed again
mkdir idx.part2 && echo junk >idx.part2/iamglass
touch docs/support_trad.txt
printf '\n新增内容甲乙丙。\n' >>docs/support_trad.txt
run "$POLINDEX" --db idx docs
expect_rc 0 "a broken part does not stop indexing"
[ -e idx.part2 ] && fail "the broken part is removed" || pass
expect_err "^0 added, 1 updated, 1 unchanged" "changed file updated"

done_testing
