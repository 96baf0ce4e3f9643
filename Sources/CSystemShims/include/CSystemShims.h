#ifndef ATTACHE_SYSTEM_SHIMS_H
#define ATTACHE_SYSTEM_SHIMS_H

/// Atomically exchanges two paths (Linux renameat2 with RENAME_EXCHANGE).
/// Returns 0 on success, -1 with errno set otherwise (ENOSYS/EINVAL where the
/// kernel or file system cannot do it).
int attache_exchange_paths(const char *first, const char *second);

#endif
