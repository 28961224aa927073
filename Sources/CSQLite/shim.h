// SQLite 3 for Swift: the header plus `static inline` wrappers for macros Swift cannot import.
#ifndef COLLECT_CSQLITE_SHIM_H
#define COLLECT_CSQLITE_SHIM_H

#include <sqlite3.h>

/// SQLITE_TRANSIENT: SQLite copies bound text and blobs before the bind call returns.
static inline sqlite3_destructor_type csqlite_transient(void) { return SQLITE_TRANSIENT; }

/// Turns off SQLite's memory statistics, whose global mutex every allocation takes (the loop
/// threads' readers contended on it). Must run before SQLite is first used.
static inline int csqlite_disable_memory_statistics(void) { return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); }

#endif
