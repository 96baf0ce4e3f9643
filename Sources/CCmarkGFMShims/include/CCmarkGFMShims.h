#ifndef ATTACHE_CMARK_GFM_SHIMS_H
#define ATTACHE_CMARK_GFM_SHIMS_H

/// 1 once cmark-gfm has called this program's
/// `cmark_manage_extensions_special_characters` (see special_characters.c):
/// from then on, parses on several threads cannot undo each other's
/// extension characters, and need no lock.
int attache_cmark_keeps_special_characters(void);

#endif
