// The nghttp2 C API for Swift (Debian bookworm: nghttp2 1.52). Only the pre-"2" API names are
// used (nghttp2_session_mem_recv, nghttp2_data_provider, ...).
#ifndef COLLECT_CNGHTTP2_SHIM_H
#define COLLECT_CNGHTTP2_SHIM_H

#include <nghttp2/nghttp2.h>

/// NGHTTP2_NV_FLAG_NONE as a plain integer (the enum does not import as a usable constant).
static inline uint8_t cnghttp2_nv_flag_none(void) { return NGHTTP2_NV_FLAG_NONE; }
/* Name and value live for the whole process: nghttp2 need not copy them. */
static inline uint8_t cnghttp2_nv_flag_no_copy(void) { return NGHTTP2_NV_FLAG_NO_COPY_NAME | NGHTTP2_NV_FLAG_NO_COPY_VALUE; }

#endif
