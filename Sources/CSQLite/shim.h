// SQLite 3 for Swift: the header plus `static inline` wrappers for macros Swift cannot import.
#ifndef COLLECT_CSQLITE_SHIM_H
#define COLLECT_CSQLITE_SHIM_H

#include <sqlite3.h>

/// SQLITE_TRANSIENT: SQLite copies bound text and blobs before the bind call returns.
static inline sqlite3_destructor_type csqlite_transient(void) { return SQLITE_TRANSIENT; }

#endif
