// cmark-gfm keeps the characters that start extension syntax (`~`, `|`,
// `:`, `w`) in one process-wide table. Every parse marks its extensions'
// characters as special before parsing inlines and unmarks them afterwards,
// so on two threads a parse that finishes switches strikethrough, tables
// and autolinks off in a parse still running on the other thread.
//
// Both libraries call cmark_manage_extensions_special_characters through
// the dynamic linker (a PLT entry), so this program's definition takes the
// call: marking is passed on to the library's own function, unmarking is
// skipped. Every parser in this program attaches the same extensions, so
// the table only ever changes from "not yet marked" to "marked", and stays
// as every parse needs it. If the linker does not route the calls here (a
// differently built library), the flag below stays 0 and the Swift side
// keeps parsing under a lock.
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdatomic.h>
#include "CCmarkGFMShims.h"

typedef struct cmark_parser cmark_parser;
typedef void (*manage_function)(cmark_parser *parser, int add);

static atomic_int called;

void cmark_manage_extensions_special_characters(cmark_parser *parser, int add) {
    static _Atomic(manage_function) library_function;
    manage_function function = atomic_load(&library_function);
    if (function == NULL) {
        function = (manage_function)dlsym(RTLD_NEXT, "cmark_manage_extensions_special_characters");
        atomic_store(&library_function, function);
    }
    if (add && function != NULL) function(parser, add);
    atomic_store(&called, 1);
}

int attache_cmark_keeps_special_characters(void) {
    return atomic_load(&called);
}
