#!/usr/bin/env bash
# T030: the query language over the query fixtures (tests/fixtures/query: 8
# policy records with issuer, date, type and region, in two source folders):
# keywords, phrases, OR, NOT/-, parentheses, field filters, date ranges, the
# choice of question mode, and a one-line error with exit status 2 for every
# malformed query.
. "$TESTLIB"
index_fixtures query
stitles() { titles | tr '|' '\n' | sed '/^$/d' | sort | tr '\n' '|'; }

# keywords: all required, anywhere in the document
run "$POLSEARCH" --db "$DB" 物流 贫困
expect_eq "$(stitles)" "国务院办公厅关于促进电子商务发展的意见|" "two keywords in different sections"
run "$POLSEARCH" --db "$DB" 物流 条例
expect_rc 1 "no document has both"
# each keyword literal: 产教融合 is one phrase, not its characters anywhere
run "$POLSEARCH" --db "$DB" 产教融合
expect_eq "$(stitles)" "国家职业教育改革实施方案|" "a keyword is a phrase"
run "$POLSEARCH" --db "$DB" 教产
expect_rc 1 "the characters in another order do not match"

# quoted phrases: spaces inside are ignored between Chinese characters
run "$POLSEARCH" --db "$DB" '"医疗 物资 运输"'
expect_eq "$(stitles)" "国务院办公厅关于加强医疗物资运输保障的通知|" "quoted phrase"
run "$POLSEARCH" --db "$DB" '“乡村振兴”'
expect_eq "$(stitles)" "浙江省乡村振兴战略规划（2018—2022年）|" "full-width quotes"

# OR, NOT, -word, parentheses
run "$POLSEARCH" --db "$DB" 产教融合 OR 绿色通道
expect_eq "$(stitles)" "国务院办公厅关于加强医疗物资运输保障的通知|国家职业教育改革实施方案|" "OR"
run "$POLSEARCH" --db "$DB" 电商 -培训
expect_out "杭州市对口帮扶工作要点" "-word keeps the others"
expect_no_out "农村电商培训" "-word excludes"
run "$POLSEARCH" --db "$DB" 电商 NOT 培训
expect_no_out "农村电商培训" "NOT excludes"
run "$POLSEARCH" --db "$DB" '(产教融合 OR 绿色通道) 组织领导'
expect_eq "$(stitles)" "国务院办公厅关于加强医疗物资运输保障的通知|" "parentheses group OR under AND"
run "$POLSEARCH" --db "$DB" 产教融合 OR 绿色通道 组织领导
expect_eq "$(stitles)" "国务院办公厅关于加强医疗物资运输保障的通知|国家职业教育改革实施方案|" "AND binds tighter than OR"

# field filters
run "$POLSEARCH" --db "$DB" issuer:国务院办公厅
expect_eq "$(stitles)" "国务院办公厅关于促进电子商务发展的意见|国务院办公厅关于加强医疗物资运输保障的通知|" "issuer:"
run "$POLSEARCH" --db "$DB" type:通知 region:浙江省
expect_eq "$(stitles)" "关于做好农村电商培训的通知|杭州市对口帮扶工作要点|" "type: and region:"
run "$POLSEARCH" --db "$DB" source:national 扶贫
expect_eq "$(stitles)" "国务院关于打赢脱贫攻坚战三年行动的指导意见|国务院办公厅关于促进电子商务发展的意见|" "source: is the folder"
run "$POLSEARCH" --db "$DB" title:规划
expect_eq "$(stitles)" "浙江省乡村振兴战略规划（2018—2022年）|" "title:"
run "$POLSEARCH" --db "$DB" title:物流
expect_rc 1 "title: does not look at the text"
run "$POLSEARCH" --db "$DB" year:2016..2017
expect_eq "$(stitles)" "杭州市对口帮扶工作要点|浙江省生态环境保护条例|" "year range (a date of only a year counts)"
run "$POLSEARCH" --db "$DB" year:2019
expect_eq "$(stitles)" "国家职业教育改革实施方案|" "one year"
run "$POLSEARCH" --db "$DB" date:2018-06-01..2018-12-31
expect_eq "$(stitles)" "国务院关于打赢脱贫攻坚战三年行动的指导意见|浙江省乡村振兴战略规划（2018—2022年）|" "date range"
run "$POLSEARCH" --db "$DB" date:2020-02..
expect_eq "$(stitles)" "国务院办公厅关于加强医疗物资运输保障的通知|" "open-ended date range"
run "$POLSEARCH" --db "$DB" 扶贫 -issuer:国务院
expect_eq "$(stitles)" "国务院办公厅关于促进电子商务发展的意见|杭州市对口帮扶工作要点|" "excluding a filter"
# excluded English words that begin like -d DIR or -n NUM are query words
# (they were read as --db evelopment and a bad -n), as after --
run "$POLSEARCH" --db "$DB" -- 扶贫 -poverty -development -nuclear
expect_rc 1 "after --: 扶贫 without poverty (扶贫 itself) matches nothing"
run "$POLSEARCH" --db "$DB" 扶贫 -poverty -development -nuclear
expect_rc 1 "-development and -nuclear are exclusions, not -d and -n"
run "$POLSEARCH" --db "$DB" -- 物流 -development -nuclear
want=$(stitles)
run "$POLSEARCH" --db "$DB" 物流 -development -nuclear
expect_rc 0 "words like -development next to a keyword"
expect_eq "$(stitles)" "$want" "the same hits as after --"
expect_eq "$want" "关于做好农村电商培训的通知|国务院办公厅关于促进电子商务发展的意见|" "物流 found"
run "$POLSEARCH" --db "$DB" -n1 扶贫
expect_eq "$(titles | tr '|' '\n' | sed '/^$/d' | wc -l)" "1" "-n1 is still the limit"
run "$POLSEARCH" "-d$DB" 物流
expect_eq "$(stitles)" "$want" "-dDIR of an existing index is still --db"

# a question ranks by its words, none required; --all requires them all
run "$POLSEARCH" --db "$DB" '医疗物资的运输有哪些规定？'
expect_rc 0 "question mode"
expect_out "^1\. 国务院办公厅关于加强医疗物资运输保障的通知" "question: the transport notice first"
# a quoted phrase is exact whatever it holds: a long one, or one with a
# question mark, is not taken for a question (which would require nothing)
run "$POLSEARCH" --db "$DB" --explain '"各地交通运输部门要为医疗物资运输车辆开辟绿色通道"'
expect_out "^mode: keywords" "a long quoted phrase is a keyword phrase"
expect_out "^1\. 国务院办公厅关于加强医疗物资运输保障的通知" "the notice holds the long phrase"
run "$POLSEARCH" --db "$DB" '"各地交通运输部门要为医疗物资运输车辆开辟专用通道"'
expect_rc 1 "a long quoted phrase no document holds matches nothing"
run "$POLSEARCH" --db "$DB" --explain '"医疗物资的运输有哪些规定？"'
expect_out "^mode: keywords" "a quoted question is a phrase"
expect_rc 1 "no document holds the quoted question"
# in a question, a quoted phrase is required (and its units rank)
run "$POLSEARCH" --db "$DB" '"绿色通道"有哪些规定？'
expect_out "^mode: |^1\." "a question with a quoted phrase runs"
expect_eq "$(stitles)" "国务院办公厅关于加强医疗物资运输保障的通知|" "only documents with the quoted phrase"
run "$POLSEARCH" --db "$DB" --any '"绿色通道" 扶贫'
expect_eq "$(stitles)" "国务院办公厅关于加强医疗物资运输保障的通知|" "--any requires a quoted phrase too"
run "$POLSEARCH" --db "$DB" --any 绿色通道 扶贫
expect_out "国务院关于打赢脱贫攻坚战三年行动的指导意见" "--any without quotes requires nothing"
# question words go before analysis, 有何 (= 有什么) and the other 何/哪 forms too:
# no unit is made of them or across them
run "$POLSEARCH" --db "$DB" --explain '医疗物资的运输有何规定？'
expect_out "^1\. 国务院办公厅关于加强医疗物资运输保障的通知" "question with 有何: the transport notice first"
expect_out "xapian: .*运输.*规定" "its other units are searched"
expect_no_out "xapian: .*(有何|输有|何规|\* 有 |\* 何 )" "有何 makes no unit"
# but 何时 and 何种 inside 任何 (any) are not question words: 任何时候 and
# 任何种类 keep their units
run "$POLSEARCH" --db "$DB" --explain '任何时候都要保障医疗物资运输吗？'
expect_out "xapian: .*任何.*何时.*时候" "任何时候 keeps 任何, 何时 and 时候"
run "$POLSEARCH" --db "$DB" --explain '任何种类的医疗物资是否都要登记？'
expect_out "xapian: .*任何.*何种.*种类" "任何种类 keeps 任何, 何种 and 种类"
# a question's first hits are ranked a second time (rerank.c): a later page
# continues that order, and the hits are the same without the second ranking
q='国务院关于扶贫和医疗物资运输有哪些规定？'
run "$POLSEARCH" --db "$DB" -n 4 "$q"
first=$(titles)
expect_eq "$(printf '%s' "$first" | tr '|' '\n' | sed '/^$/d' | wc -l)" 4 "four hits for the question"
run "$POLSEARCH" --db "$DB" --offset 1 -n 3 "$q"
expect_eq "$(titles)" "${first#*|}" "the second page follows the re-ranked first page"
run "$POLSEARCH" --db "$DB" -n 4 --rank passage=0 --rank coord=0 "$q"
expect_eq "$(stitles)" "$(printf '%s' "$first" | tr '|' '\n' | sed '/^$/d' | sort | tr '\n' '|')" "the same hits without the second ranking"
# feedback (off by default): terms of the first hit join the query, ranking
# only, the best of them weighted prf; the same documents match
run "$POLSEARCH" --db "$DB" -n 4 --explain --rank prf=0.5 --rank prf_docs=1 "$q"
expect_rc 0 "question with feedback"
expect_out "AND_MAYBE \(0\.5 \* " "expansion terms added to the query"
expect_eq "$(stitles)" "$(printf '%s' "$first" | tr '|' '\n' | sed '/^$/d' | sort | tr '\n' '|')" "the same hits with feedback"
# BM25's length normalization: question_b for questions, b for keyword
# queries; each leaves the other kind's scores as they are
scores() { # SETTING QUERY: the hits' scores
    run "$POLSEARCH" --db "$DB" -n 4 --json --rank "$1" "$2"
    printf '%s\n' "$OUT" | grep -o '"score":[^,]*' | tr '\n' ' '
}
q0=$(scores question_b=0 "$q") q1=$(scores question_b=1 "$q")
expect_eq "$([ -n "$q0" ] && [ "$q0" != "$q1" ] && echo differ)" differ "a question's scores depend on question_b"
expect_eq "$(scores b=0 "$q")" "$(scores b=1 "$q")" "a question's scores do not depend on b"
k0=$(scores b=0 扶贫) k1=$(scores b=1 扶贫)
expect_eq "$([ -n "$k0" ] && [ "$k0" != "$k1" ] && echo differ)" differ "a keyword query's scores depend on b"
expect_eq "$(scores question_b=0 扶贫)" "$(scores question_b=1 扶贫)" "a keyword query's scores do not depend on question_b"
run "$POLSEARCH" --db "$DB" --all '医疗物资的运输有哪些规定？'
expect_rc 1 "--all: the whole sentence is one literal"
run "$POLSEARCH" --db "$DB" --any 产教融合 绿色通道
expect_eq "$(stitles)" "国务院办公厅关于加强医疗物资运输保障的通知|国家职业教育改革实施方案|" "--any: either keyword"
# a question stays a question with a field filter, a date range or an
# exclusion, which narrow its matches
run "$POLSEARCH" --db "$DB" --explain '医疗物资的运输有哪些规定？ region:全国'
expect_out "^mode: question" "a question with a field filter"
expect_out "^1\. 国务院办公厅关于加强医疗物资运输保障的通知" "the filter keeps the notice"
run "$POLSEARCH" --db "$DB" -n 20 '电商扶贫有哪些政策？ region:浙江省'
expect_eq "$(titles)" "杭州市对口帮扶工作要点|关于做好农村电商培训的通知|" "the filter keeps Zhejiang's, ranked"
run "$POLSEARCH" --db "$DB" -n 20 --explain '医疗物资的运输有哪些规定？ year:2015..2019'
expect_out "^mode: question" "a question with a date range"
expect_no_out "医疗物资运输保障" "the range drops the notice of 2020"
run "$POLSEARCH" --db "$DB" -n 20 --explain '医疗物资的运输有哪些规定？ -绿色通道'
expect_out "^mode: question" "a question with an exclusion"
expect_no_out "医疗物资运输保障" "the exclusion drops the notice"

# malformed queries: exit 2, one line naming the problem and its column
bad() { # QUERY EXPECTED-MESSAGE
    run "$POLSEARCH" --db "$DB" "$1"
    expect_rc 2 "bad query [$1]"
    expect_err "^polsearch: $2" "message for [$1]"
    expect_eq "$(printf '%s\n' "$ERR" | wc -l)" 1 "one line for [$1]"
}
bad '(电商' "query error at column 1: unbalanced '\('"
bad '电商)' "query error at column 3: unexpected '\)'"
bad 'OR 电商' "query error at column 1: OR needs a word on each side"
bad '电商 OR' "query error at column 4: OR needs a word on each side"
bad '电商 AND' "query error at column 4: AND needs a word on each side"
bad 'NOT' "query error at column 1: nothing to exclude after 'NOT'"
bad '""' 'query error at column 1: empty phrase'
bad '电商 "扶贫' 'query error at column 4: unbalanced quote'
bad 'foo:bar' "query error at column 1: unknown field 'foo:'"
bad 'title:' "query error at column 7: missing value after 'title:'"
bad 'year:20x6' "query error at column 6: bad year range '20x6'"
bad 'year:2019..2019-05' "query error at column 6: bad year range"
bad 'date:2019-13-01..' "query error at column 6: bad date range"
bad 'year:2020..2016' "query error at column 6: empty range '2020..2016'"
bad '，。' "the query has no searchable words"
bad "$(printf '(%.0s' $(seq 150))电商" "query error at column 101: parentheses nested too deeply"
run "$POLSEARCH" --db "$DB" ''
expect_rc 2 "empty query"
expect_err "empty query" "says so"

done_testing
