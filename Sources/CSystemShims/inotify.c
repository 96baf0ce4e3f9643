#include "CSystemShims.h"
#include <errno.h>
#include <poll.h>
#if defined(__linux__)
#include <sys/inotify.h>
#endif

int attache_inotify_open(void) {
#if defined(__linux__)
    return inotify_init1(IN_CLOEXEC);
#else
    errno = ENOSYS;
    return -1;
#endif
}

int attache_inotify_watch(int descriptor, const char *folder) {
#if defined(__linux__)
    return inotify_add_watch(descriptor, folder,
        IN_CREATE | IN_DELETE | IN_MODIFY | IN_CLOSE_WRITE | IN_MOVED_FROM | IN_MOVED_TO | IN_ATTRIB | IN_DELETE_SELF | IN_MOVE_SELF);
#else
    errno = ENOSYS;
    return -1;
#endif
}

int attache_wait_readable(int descriptor, int milliseconds) {
    struct pollfd entry = { .fd = descriptor, .events = POLLIN, .revents = 0 };
    int ready = poll(&entry, 1, milliseconds);
    return ready < 0 ? -1 : (ready > 0 ? 1 : 0);
}

int attache_inotify_unwatch(int descriptor, int watch) {
#if defined(__linux__)
    return inotify_rm_watch(descriptor, watch);
#else
    errno = ENOSYS;
    return -1;
#endif
}
