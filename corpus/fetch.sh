#!/usr/bin/env bash
# Puts the default corpus in place: corpus/default/ gets symbolic links to the
# public documents kept in ../shared/corpus (see README.md here). Nothing is
# copied; re-running refreshes the links.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
shared="${POL_SHARED_CORPUS:-$here/../../shared/corpus}"
if [ ! -d "$shared/seeds" ]; then
    cat >&2 <<MSG
corpus: no shared corpus at $shared.
  Put the public documents listed in corpus/README.md there (or set
  POL_SHARED_CORPUS to where they are), or index your own folder instead:
  build/polindex ~/my-policies
MSG
    exit 1
fi
shared="$(cd "$shared" && pwd)"
dest="$here/default"
rm -rf "$dest"
mkdir -p "$dest"
ln -s "$shared/seeds" "$dest/seeds"
mkdir -p "$dest/govcn_sc2019"
for f in "$shared"/govcn_sc2019/docs/*.html; do
    ln -s "$f" "$dest/govcn_sc2019/"
done
mkdir -p "$dest/political_corpora"
ln -s "$shared/political_corpora/government_work_reports.jsonl" "$dest/political_corpora/"
mkdir -p "$dest/provincial_reports_2026"
for f in "$shared"/provincial_reports_2026/output/2026_raw_text/2026_*.csv; do
    ln -s "$f" "$dest/provincial_reports_2026/"
done
echo "corpus: default corpus linked under corpus/default" >&2
