/* polsearch.h — libpolsearch, everything: include this or the parts. */
#ifndef POLSEARCH_POLSEARCH_H
#define POLSEARCH_POLSEARCH_H

#include "polsearch/status.h"
#include "polsearch/analyzer.h"
#include "polsearch/lexicon.h"
#include "polsearch/document.h"
#include "polsearch/index.h"
#include "polsearch/search.h"
#include "polsearch/duplicates.h"

#endif
