#ifndef ATTACHE_SYSTEM_SHIMS_H
#define ATTACHE_SYSTEM_SHIMS_H

/// Atomically exchanges two paths (Linux renameat2 with RENAME_EXCHANGE).
/// Returns 0 on success, -1 with errno set otherwise (ENOSYS/EINVAL where the
/// kernel or file system cannot do it).
int attache_exchange_paths(const char *first, const char *second);

/// inotify for `attache serve`: a descriptor (-1 where unsupported) and a
/// watch on one folder for creations, deletions, moves and writes, and for
/// the folder itself being deleted or moved.
int attache_inotify_open(void);
int attache_inotify_watch(int descriptor, const char *folder);
/// Ends a watch (a folder that moved away keeps its watch under its new name).
int attache_inotify_unwatch(int descriptor, int watch);
/// Waits up to `milliseconds` for the descriptor to become readable: 1 if
/// readable, 0 on timeout, -1 on error.
int attache_wait_readable(int descriptor, int milliseconds);

/// A file with no name in `folder` (Linux O_TMPFILE): nothing to see in the
/// folder and nothing left when the descriptor closes or the process dies.
/// -1 with errno set where the kernel or file system cannot make one.
int attache_open_unnamed_file(const char *folder);

/// Deletes a folder tree in a detached process, so the caller need not wait:
/// a double fork whose second child starts a new session, closes every
/// inherited descriptor, renames `folder` to `renamed_prefix` followed by its
/// own pid and `-removing` (unless `renamed_prefix` is NULL), removes it
/// (links unlinked, never followed; the top-level file `last_name`, if not
/// NULL, after everything else) and exits. 0 once that process runs; -1 with
/// errno set if it could not start (the caller then removes the folder itself).
int attache_remove_tree_in_background(const char *folder, const char *renamed_prefix, const char *last_name);

#endif
