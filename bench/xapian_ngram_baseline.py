#!/usr/bin/env python3
"""The Xapian CJK n-gram baseline for rankeval.

Indexes every .txt file of DOCS with Xapian's own TermGenerator in CJK n-gram
mode (unigrams and bigrams of CJK text) and ranks with BM25 (Xapian's
defaults). Each query becomes an OR of the terms the same TermGenerator makes
of its text after question words are removed (Xapian 1.4's QueryParser in CJK
mode ANDs every run, which fails most questions). Writes a TREC run file of
the top 100 documents of each query.

usage: xapian_ngram_baseline.py DOCS QUERIES.tsv RUN_OUT [WORKDIR]
"""
import os
import sys
import tempfile

import xapian

# The question words polsearch removes in question mode (lib/query.c).
QUESTION_WORDS = ["有哪些", "哪些", "什么", "怎么样", "怎么", "怎样", "如何", "是否", "多少",
                  "哪里", "哪个", "为什么", "有没有", "能否", "可否", "可以吗", "吗", "呢",
                  "请问", "是什么", "有什么", "對於", "对于", "关于", "的", "了", "？", "?"]


def strip_question_words(text):
    for w in sorted(QUESTION_WORDS, key=len, reverse=True):
        text = text.replace(w, " ")
    return text


def terms_of(tg, text):
    doc = xapian.Document()
    tg.set_document(doc)
    tg.index_text(text)
    return [t.term for t in doc.termlist()]


def main():
    if len(sys.argv) not in (4, 5):
        sys.stderr.write(__doc__)
        return 2
    docs, queries, out = sys.argv[1:4]
    if len(sys.argv) == 5:
        return run(docs, queries, out, sys.argv[4])
    with tempfile.TemporaryDirectory(prefix="xapian-ngram-") as work:
        return run(docs, queries, out, work)


def run(docs, queries, out, work):
    db = xapian.WritableDatabase(os.path.join(work, "db"), xapian.DB_CREATE_OR_OVERWRITE)
    tg = xapian.TermGenerator()
    tg.set_flags(xapian.TermGenerator.FLAG_CJK_NGRAM)
    for name in sorted(os.listdir(docs)):
        if not name.endswith(".txt"):
            continue
        with open(os.path.join(docs, name), encoding="utf-8") as f:
            text = f.read()
        doc = xapian.Document()
        tg.set_document(doc)
        tg.index_text(text)
        doc.set_data(name[:-4])
        db.add_document(doc)
    db.commit()
    enq = xapian.Enquire(db)
    enq.set_weighting_scheme(xapian.BM25Weight())
    qtg = xapian.TermGenerator()
    qtg.set_flags(xapian.TermGenerator.FLAG_CJK_NGRAM)
    n = 0
    with open(queries, encoding="utf-8") as qf, open(out, "w", encoding="utf-8") as rf:
        for line in qf:
            line = line.rstrip("\n")
            if "\t" not in line:
                continue
            qid, text = line.split("\t", 1)
            terms = terms_of(qtg, strip_question_words(text))
            if not terms:
                continue
            enq.set_query(xapian.Query(xapian.Query.OP_OR, terms))
            for rank, m in enumerate(enq.get_mset(0, 100), 1):
                rf.write("%s Q0 %s %d %.4f xapian-ngram\n"
                         % (qid, m.document.get_data().decode(), rank, m.weight))
            n += 1
    sys.stderr.write("xapian-ngram: %d queries\n" % n)
    return 0


if __name__ == "__main__":
    sys.exit(main())
