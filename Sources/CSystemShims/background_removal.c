#define _GNU_SOURCE
#include "CSystemShims.h"
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

// Everything the removing process does after fork() is async-signal-safe:
// the parent has other threads, and one of them may hold a lock (malloc's,
// the Swift runtime's) that the child would inherit held. So no malloc, no
// stdio, no opendir: raw getdents64 into a stack buffer, unlinkat, rename.

struct attache_dirent64 {
    ino64_t d_ino;
    off64_t d_off;
    unsigned short d_reclen;
    unsigned char d_type;
    char d_name[];
};

/// Deeper folders are left for the next build's sweep (it has no depth limit);
/// this bounds the stack the forked thread needs to 64 × 2 KiB.
enum { MAX_DEPTH = 64, BUFFER = 2048 };

static int is_dot(const char *name) {
    return name[0] == '.' && (name[1] == 0 || (name[1] == '.' && name[2] == 0));
}

/// Removes everything inside the open folder; folders are entered without
/// following links (a link is removed, never what it points to).
static void remove_contents(int folder, int depth, const char *kept) {
    char buffer[BUFFER] __attribute__((aligned(8)));
    // Removing names while reading the folder can make a file system skip
    // some; a second pass from the start finds them.
    for (int pass = 0; pass < 3; pass++) {
        int removed_any = 0, left_any = 0;
        if (pass > 0 && lseek(folder, 0, SEEK_SET) != 0) return;
        for (;;) {
            long count = syscall(SYS_getdents64, folder, buffer, sizeof buffer);
            if (count <= 0) break;
            for (long offset = 0; offset < count;) {
                struct attache_dirent64 *entry = (struct attache_dirent64 *)(buffer + offset);
                offset += entry->d_reclen;
                if (is_dot(entry->d_name) || (kept && strcmp(entry->d_name, kept) == 0)) continue;
                int is_folder = entry->d_type == DT_DIR;
                if (entry->d_type == DT_UNKNOWN) {
                    struct stat status;
                    is_folder = fstatat(folder, entry->d_name, &status, AT_SYMLINK_NOFOLLOW) == 0 && S_ISDIR(status.st_mode);
                }
                if (is_folder && depth < MAX_DEPTH) {
                    int child = openat(folder, entry->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
                    if (child >= 0) {
                        remove_contents(child, depth + 1, NULL);
                        close(child);
                    }
                }
                if (unlinkat(folder, entry->d_name, is_folder ? AT_REMOVEDIR : 0) == 0) removed_any = 1; else left_any = 1;
            }
        }
        if (!left_any || !removed_any) return;
    }
}

/// Appends a decimal number to `text` (which has room: a pid has at most 10 digits).
static void append_number(char *text, long number) {
    char digits[24];
    int count = 0;
    do { digits[count++] = (char)('0' + number % 10); number /= 10; } while (number > 0);
    size_t length = strlen(text);
    while (count > 0) text[length++] = digits[--count];
    text[length] = 0;
}

int attache_remove_tree_in_background(const char *folder, const char *renamed_prefix, const char *last_name) {
    char renamed[4096];
    if ((renamed_prefix && strlen(renamed_prefix) + 32 >= sizeof renamed) || strlen(folder) >= sizeof renamed) { errno = ENAMETOOLONG; return -1; }
    strcpy(renamed, renamed_prefix ? renamed_prefix : "");
    pid_t middle = fork();
    if (middle < 0) return -1;
    if (middle > 0) {
        // The middle process exits at once; the remover is its child, which
        // init adopts, so nothing is left for this process to reap.
        int status = 0;
        while (waitpid(middle, &status, 0) < 0 && errno == EINTR) {}
        return (WIFEXITED(status) && WEXITSTATUS(status) == 0) ? 0 : -1;
    }
    // The middle process: a new session (no terminal's Ctrl-C, no hang-up
    // when the terminal closes), then the remover.
    setsid();
    pid_t remover = fork();
    if (remover < 0) _exit(1);
    if (remover > 0) _exit(0);
    // The remover holds none of the build's files open: a pipe reading the
    // build's output sees its end when the build exits, and a server's port is free.
    int null = open("/dev/null", O_RDWR | O_CLOEXEC);
    if (null >= 0) { dup2(null, 0); dup2(null, 1); dup2(null, 2); }
#ifdef SYS_close_range
    if (syscall(SYS_close_range, 3, ~0U, 0) != 0)
#endif
    {
        for (int descriptor = 3; descriptor < 65536; descriptor++) close(descriptor);
    }
    struct sigaction defaults;
    memset(&defaults, 0, sizeof defaults);
    defaults.sa_handler = SIG_DFL;
    for (int signal = 1; signal < 32; signal++) sigaction(signal, &defaults, NULL);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    // Behind whatever the user does next.
    setpriority(PRIO_PROCESS, 0, 10);
    // Named for this process, so a build that starts meanwhile sees its owner
    // is alive and leaves the folder to it (and sweeps it if this one dies).
    const char *path = folder;
    if (renamed_prefix) {
        append_number(renamed, (long)getpid());
        strcat(renamed, "-removing");
        if (rename(folder, renamed) == 0) path = renamed;
    }
    int descriptor = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (descriptor >= 0) {
        remove_contents(descriptor, 0, last_name);
        // The file that says whose folder this is goes last: if this process
        // is killed first, the folder still tells the next owner to sweep it.
        if (last_name) unlinkat(descriptor, last_name, 0);
        close(descriptor);
    }
    rmdir(path);
    _exit(0);
}
