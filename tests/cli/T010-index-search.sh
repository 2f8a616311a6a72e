#!/usr/bin/env bash
# T010: index fixtures, search them: ranking, sections, snippets, JSON,
# normalization (traditional/simplified, full-width), exit statuses.
. "$TESTLIB"
DB="$T_DIR/db"
cp -r "$FIXTURES/cli" "$T_DIR/docs"
cd "$T_DIR"

run "$POLINDEX" --db "$DB" docs
expect_rc 0 "indexing the fixtures"
expect_err "3 added, 0 updated, 0 unchanged, 0 removed, 0 failed" "indexing summary"

# keyword present in one document, in one section
run "$POLSEARCH" --db "$DB" 电商扶贫
expect_rc 0 "search 电商扶贫"
expect_out "^1\. 某市对口帮扶某州“十三五”规划" "plan ranks first"
expect_out "（一）电商扶贫成效" "the section about 电商扶贫 is listed"
expect_out "两个县列入省级电商扶贫试点县" "snippet shows the passage"
expect_no_out "发達省|對口支援" "the traditional document does not match"

# simplified query finds the traditional document
run "$POLSEARCH" --db "$DB" 对口支援
expect_rc 0 "search 对口支援"
expect_out "^1\. 發達省（市）對口支援藏區經濟社會發展工作方案" "traditional title shown as written"
run "$POLSEARCH" --db "$DB" 對口支援
expect_out "^1\. 發達省" "traditional query finds it too"

# full-width letters and digits match ASCII ones, and the other way round
run "$POLSEARCH" --db "$DB" gdp
expect_out "COVID-19" "gdp finds ＧＤＰ"
run "$POLSEARCH" --db "$DB" ２０２０年
expect_out "COVID-19" "full-width 2020 finds 2020"

# all keywords required, in the same document (not the same section)
run "$POLSEARCH" --db "$DB" 电商扶贫 摘帽
expect_rc 0 "two keywords in different sections"
expect_out "^1\. 某市" "document-level AND"
run "$POLSEARCH" --db "$DB" 电商扶贫 藏區
expect_rc 1 "no document has both"
expect_err "no matches" "says so"

# exclusion and OR
run "$POLSEARCH" --db "$DB" 电商 -扶贫
expect_out "COVID-19" "电商 without 扶贫"
expect_no_out "某市" "the plan is excluded"
run "$POLSEARCH" --db "$DB" 藏区 OR 疫情
expect_out "發達省" "OR: first alternative"
expect_out "COVID-19" "OR: second alternative"

# sections mode lists sections, each with its heading path
run "$POLSEARCH" --db "$DB" --sections 脱贫
expect_rc 0 "sections mode"
expect_out "§ 二、思路和目标 › （二）帮扶目标|§ 二、思路和目标 › （一）指导思想" "heading path of a section"
expect_no_out "电商扶贫成效" "a section with only a character of the word (贫) is not listed"
run "$POLSEARCH" --db "$DB" --sections --count 脱贫
expect_eq "$OUT" "2" "the two sections holding 脱贫 are counted"
# one record per document: sections are ranged over the document record's positions
run xapian-delve "$DB"
expect_out "number of documents = 3" "one record per document"

# JSON lines
run "$POLSEARCH" --db "$DB" --json 电商扶贫
expect_rc 0 "json"
first=$(printf '%s\n' "$OUT" | head -1)
expect_eq "$(printf '%s' "$first" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["rank"], d["title"], d["path"])')" \
    "1 某市对口帮扶某州“十三五”规划 docs/plan_ecommerce.txt" "json rank, title, path"
expect_eq "$(printf '%s' "$first" | python3 -c 'import json,sys; d=json.load(sys.stdin); s=d["sections"][0]; h=s["highlights"][0]; print(s["heading_path"][-1], s["snippet"][h[0]:h[1]])')" \
    "（一）电商扶贫成效 电商扶贫" "json heading path and highlight offsets"

# errors: bad query, missing index
run "$POLSEARCH" --db "$DB" '"电商'
expect_rc 2 "unbalanced quote"
expect_err "column 1: unbalanced quote" "points at the quote"
run "$POLSEARCH" --db "$DB" 'foo:bar'
expect_rc 2 "unknown field"
expect_err "unknown field 'foo:'" "names the field"
run "$POLSEARCH" --db "$T_DIR/nothing-here" 电商
expect_rc 2 "missing index"
expect_err "no index here" "says what is wrong"

# incremental: unchanged files are skipped, a changed file replaces its records
run "$POLINDEX" --db "$DB" docs
expect_err "0 added, 0 updated, 3 unchanged" "re-run skips unchanged files"
sed -i 's/培训电商人员/培训网商人员/' docs/plan_ecommerce.txt
run "$POLINDEX" --db "$DB" docs
expect_err "0 added, 1 updated, 2 unchanged" "changed file updated"
run "$POLSEARCH" --db "$DB" 培训网商人员
expect_rc 0 "new text found"
run "$POLSEARCH" --db "$DB" 培训电商人员
expect_rc 1 "old text gone"
rm docs/notice_latin.md
run "$POLINDEX" --db "$DB" docs
expect_err "1 removed" "removed file's records removed"
run "$POLSEARCH" --db "$DB" gdp
expect_rc 1 "removed document no longer found"

# analyzer view
run "$POLSEARCH" --analyze 對口
expect_out "对口" "--analyze shows normalized units"

done_testing
