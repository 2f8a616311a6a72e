#!/usr/bin/env bash
# T050: what hits look like: passages cut at sentence ends (or at a clause
# mark inside a sentence too long to show) with every match highlighted,
# colour only when asked or on a terminal, text within 80 columns, and the
# JSON fields of docs/json.md.
. "$TESTLIB"
index_fixtures query

# passages: whole sentences around the match, "…" where text is left out;
# checked against the source: the passage is a piece of it that starts at a
# sentence start (or clause mark) and ends at a sentence end (or clause mark)
check_passages() { # QUERY...
    "$POLSEARCH" --db "$DB" --json --max-sections 3 "$@" | python3 -c '
import json, sys, re
src = open("docs/national/flood.md", encoding="utf-8").read()
ends, clauses = "。；！？\n", "。；！？\n，、："
bad = []
for line in sys.stdin:
    for s in json.loads(line)["sections"]:
        p = s["snippet"]
        core = p.strip("…")
        i = src.find(core)
        if i < 0: bad.append("not in the source: " + p); continue
        before, after = src[:i], src[i+len(core):]
        rest = after.split("\n#")[0].strip()  # the rest of the section
        head_ok = i == 0 or before[-1] in ends or before.endswith("# ") or (p.startswith("…") and before[-1] in clauses)
        tail_ok = core[-1] in ends or after[:1] in ("\n", "") or (p.endswith("…") and core[-1] in clauses)
        if not head_ok: bad.append("starts inside a clause: " + p)
        if not tail_ok: bad.append("ends inside a clause: " + p)
        if p.endswith("…") != (rest != ""): bad.append("… at the end is wrong: " + p)
        if len(core) > 100: bad.append("too long: " + p)
print("; ".join(bad) or "ok")'
}
expect_eq "$(check_passages 抢险器材)" "ok" "passage of a sentence among short ones"
expect_eq "$(check_passages 灾后卫生防疫)" "ok" "passage of a sentence longer than the target"
expect_eq "$(check_passages 违法违纪)" "ok" "match at the end of a long sentence"
expect_eq "$(check_passages 防汛 --sections --limit 5)" "ok" "every section's passage"
run "$POLSEARCH" --db "$DB" --json 抢险器材
expect_eq "$(printf '%s\n' "$OUT" | python3 -c '
import json, sys
s = json.loads(sys.stdin.readline())["sections"][0]
print(s["snippet"].startswith("…防汛抢险队伍要保持待命状态，抢险器材"), [s["snippet"][a:b] for a, b in s["highlights"]])')" \
    "True ['抢险器材']" "the sentence of the match, highlighted"

# every matched unit highlighted: each occurrence of 电商 and of its variant
# 电子商务 in the passages shown, and nothing else
run "$POLSEARCH" --db "$DB" --json 电商 title:意见
expect_eq "$(printf '%s\n' "$OUT" | python3 -c '
import json, sys, re
n, bad = 0, []
for l in sys.stdin:
    for s in json.loads(l)["sections"]:
        p, hl = s["snippet"], s["highlights"]
        for a, b in hl:
            if p[a:b] not in ("电商", "电子商务"): bad.append(p[a:b])
        for t in ("电商", "电子商务"):
            for m in re.finditer(t, p):
                n += 1
                if not any(a <= m.start() and m.end() <= b for a, b in hl): bad.append("missed " + t)
print(n > 3, bad)')" "True []" "highlights of 电商 and its variant 电子商务"

# colour: only with --color=always or on a terminal; NO_COLOR respected
esc=$(printf '\033')
run "$POLSEARCH" --db "$DB" 抢险器材
expect_no_out "$esc" "no colour into a pipe"
run "$POLSEARCH" --db "$DB" --color=always 抢险器材
expect_out "${esc}\[1;31m抢险器材${esc}\[0m" "--color=always highlights the match"
run env -u NO_COLOR "$POLSEARCH" --db "$DB" --color=auto 抢险器材
expect_no_out "$esc" "--color=auto into a pipe"
run "$POLSEARCH" --db "$DB" --color=never 抢险器材
expect_no_out "$esc" "--color=never"
if command -v script >/dev/null; then
    # a terminal: colour, unless NO_COLOR is set
    run env -u NO_COLOR script -qec "$POLSEARCH --db $DB 抢险器材" /dev/null
    expect_out "${esc}\[1;31m" "colour on a terminal"
    run env NO_COLOR=1 script -qec "$POLSEARCH --db $DB 抢险器材" /dev/null
    expect_no_out "${esc}\[1;31m" "NO_COLOR on a terminal"
fi
run "$POLSEARCH" --db "$DB" --color=sometimes 抢险器材
expect_rc 2 "bad --color"

# text fits 80 columns (wide characters count 2), whatever the lengths
run "$POLSEARCH" --db "$DB" --limit 20 --any 防汛 扶贫 电商 工作
expect_eq "$(printf '%s\n' "$OUT" | python3 -c '
import sys, unicodedata
w = lambda l: sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in l)
print(max(w(l) for l in sys.stdin.read().split("\n")) <= 80)')" "True" "no line wider than 80 columns"
expect_out "^   § 二、主要任务 › （一）推动电子商务进农村$" "heading path line"
expect_out "^   docs/national/policies.jsonl#1  国务院办公厅  国办发〔2015〕24号  2015-05-04$" "record path and metadata"

# JSON: the documented fields, and nothing undocumented
run "$POLSEARCH" --db "$DB" --json 抢险器材 OR 电商扶贫
expect_eq "$(printf '%s\n' "$OUT" | python3 -c '
import json, sys, re
ok = True
for l in sys.stdin:
    h = json.loads(l)
    ok &= list(h) == ["rank", "score", "path", "title", "metadata", "sections", "copies"]
    for c in h["copies"]:
        ok &= set(c) == {"path", "title", "date", "similarity"} and 0 <= c["similarity"] <= 1
    ok &= set(h["metadata"]) == {"issuer", "date", "doc_number", "type", "region", "source", "url"}
    ok &= h["metadata"]["date"] is None or re.fullmatch(r"\d{4}(-\d\d(-\d\d)?)?", h["metadata"]["date"]) is not None
    for s in h["sections"]:
        ok &= set(s) == {"heading_path", "snippet", "highlights", "score"} and isinstance(s["heading_path"], list)
print(ok)')" "True" "JSON fields"
expect_out '"path":"docs/zhejiang/plans.jsonl#2"' "a record is FILE#N"
expect_out '"metadata":\{"issuer":"杭州市人民政府办公厅","date":"2017-03-10","doc_number":null,"type":"通知","region":"浙江省","source":"zhejiang"' "metadata of a record"

# a path longer than the line is printed whole, on one line, for copy and paste
long="docs/a_folder_with_a_rather_long_name_for_the_archive_of_2019/another_level_of_folders"
mkdir -p "$long"
cp "$FIXTURES/cli/plan_ecommerce.txt" "$long/电商扶贫实施方案_浙江省杭州市人民政府办公厅印发.txt"
run "$POLINDEX" --db "$DB" docs
expect_rc 0 "indexing a file under a long path"
run "$POLSEARCH" --db "$DB" --duplicates show 电商扶贫
expect_out "^   $long/电商扶贫实施方案_浙江省杭州市人民政府办公厅印发.txt\$" "a long path is not broken across lines"
cp "$FIXTURES/cli/plan_ecommerce.txt" "$long/电商扶贫实施方案_浙江省杭州市人民政府办公厅印发_副本.txt"
run "$POLINDEX" --db "$DB" docs
run "$POLSEARCH" --db "$DB" 电商扶贫
expect_out "^   also: $long/电商扶贫实施方案_浙江省杭州市人民政府办公厅印发(_副本)?.txt 100%\$" "a long copy path is not broken either"

done_testing
