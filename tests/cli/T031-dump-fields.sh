#!/usr/bin/env bash
# T031: polindex --dump shows title, metadata and the section tree with
# sizes; --field maps record fields by role; bad mappings and unreadable
# files give a one-line message and their exit status.
. "$TESTLIB"
D="$FIXTURES/docs"

run "$POLINDEX" --dump "$D/page.html"
expect_rc 0 "dump of an HTML page"
expect_out "^title +测试市关于印发电商扶贫实施方案的通知$" "title"
expect_out "^issuer +测试市人民政府$" "issuer from the metadata table"
expect_out "^doc_number +测政发〔2018〕12号$" "document number"
expect_out "^date +2018-10-27$" "date"
expect_out "^ +（一）建设服务站点  \[[0-9]+ chars\]$" "a section with its size, indented by level"

# without a mapping the CSV row has no text column; with one it is a law
run "$POLINDEX" --dump "$D/custom_fields.csv"
expect_rc 3 "nothing understood without --field"
expect_err "has no text column" "the row is reported"
run "$POLINDEX" --field title=名称 --field text=正文内容 --field date=发布时间 --field issuer=发文单位 \
    --dump "$D/custom_fields.csv"
expect_rc 0 "dump with field mappings"
expect_out "^title +测试市农村电商发展办法$" "title from 名称, not from the column called title"
expect_out "^issuer +测试市人民政府$" "issuer from 发文单位"
expect_out "^date +2021-03-05$" "date from 发布时间"
expect_out "^ +第一条" "articles under the chapter"

run "$POLINDEX" --field titel=名称 --dump "$D/custom_fields.csv"
expect_rc 2 "unknown role"
expect_err "^polindex: --field: unknown role 'titel'" "one-line message"
run "$POLINDEX" --field title --dump "$D/custom_fields.csv"
expect_rc 2 "mapping without ="
expect_err "is not ROLE=NAME" "names the form"

run "$POLINDEX" --dump "$D/plan_gb18030_damaged.txt"
expect_rc 0 "a damaged GB18030 file is read"
expect_out "^encoding +GB18030 \([0-9]+ undecodable bytes dropped\)$" "undecodable bytes counted"
expect_err "undecodable bytes \(as GB18030\) dropped" "and reported"

run "$POLINDEX" --dump "$D/binary.txt"
expect_rc 3 "binary file"
expect_err "binary data, not text" "binary file message"

# indexing with a mapping: the record becomes searchable by its text
run "$POLINDEX" --db "$T_DIR/db" --field text=正文内容 --field title=名称 "$D/custom_fields.csv"
expect_rc 0 "index with --field"
run "$POLSEARCH" --db "$T_DIR/db" 农村电子商务
expect_out "测试市农村电商发展办法" "the mapped record is found"

done_testing
