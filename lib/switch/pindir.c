// SPDX-License-Identifier: GPL-2.0
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <bpf/bpf.h>
#include "pindir.h"
#include "switch.h"

/* Between tries. Short, because a writer that streams commands (closctl
 * batch) frees the lock only between two of them: a waiter has to try
 * often to get in. */
#define LOCK_RETRY_NS	2000000

static const char *user_name(uid_t uid, char *buf, size_t len)
{
	struct passwd *pw = getpwuid(uid);

	snprintf(buf, len, "%s", pw ? pw->pw_name : "?");
	return buf;
}

/* Owned by root or by us, and only the owner may write: no other user can
 * add, remove or rename what is in it. */
static int check_dir(int fd, const char *path, struct clos_err *why)
{
	char user[64];
	struct stat st;

	if (fstat(fd, &st))
		return clos_err_set(why, -errno, "%s: %s", path, strerror(errno));
	if (!S_ISDIR(st.st_mode))
		return clos_err_set(why, -EPERM, "%s is not a directory", path);
	if ((st.st_uid != 0 && st.st_uid != geteuid()) || (st.st_mode & 022))
		return clos_err_set(why, -EPERM,
				    "pin directory %s is owned by uid %u (%s) with mode %04o: clos takes one owned by root that only its owner may write (another user may have made it; remove it, and mount the bpffs with -o mode=0700)",
				    path, (unsigned int)st.st_uid,
				    user_name(st.st_uid, user, sizeof(user)),
				    (unsigned int)(st.st_mode & 07777));
	return 0;
}

int clos_pin_dir_open(int at, const char *name, const char *path,
		      struct clos_err *why)
{
	struct stat st;
	int fd, err;

	fd = openat(at, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0) {
		err = -errno;
		/* A symlink or a file: ENOTDIR, or ELOOP. */
		if ((err == -ELOOP || err == -ENOTDIR) &&
		    !fstatat(at, name, &st, AT_SYMLINK_NOFOLLOW))
			return clos_err_set(why, -EPERM,
					    "pin directory %s is a %s, not a directory: clos does not follow it (remove it)",
					    path, S_ISLNK(st.st_mode) ? "symbolic link" : "file");
		return clos_err_set(why, err, "%s: %s", path, strerror(-err));
	}
	err = check_dir(fd, path, why);
	if (err) {
		close(fd);
		return err;
	}
	return fd;
}

int clos_pin_root_open(bool create, struct clos_err *why)
{
	struct stat st;

	/* Others may write the bpffs root (mode 1777): only the sticky bit
	 * keeps them from renaming our directory away. */
	if (stat(CLOS_BPFFS, &st))
		return clos_err_set(why, -errno, "%s: %s", CLOS_BPFFS, strerror(errno));
	if ((st.st_mode & 002) && !(st.st_mode & S_ISVTX))
		return clos_err_set(why, -EPERM,
				    "%s has mode %04o: every user may rename what is in it (mount the bpffs with -o mode=0700)",
				    CLOS_BPFFS, (unsigned int)(st.st_mode & 07777));
	if (create && mkdir(CLOS_PIN_ROOT, 0700) && errno != EEXIST)
		return clos_err_set(why, -errno, "cannot make %s: %s", CLOS_PIN_ROOT,
				    strerror(errno));
	return clos_pin_dir_open(AT_FDCWD, CLOS_PIN_ROOT, CLOS_PIN_ROOT, why);
}

/* The pid holding an flock on fd's file, from /proc/locks; 0 if unknown. */
static int lock_holder(int fd)
{
	unsigned int maj, min;
	unsigned long ino;
	char line[256];
	struct stat st;
	int pid, found = 0;
	FILE *f;

	if (fstat(fd, &st))
		return 0;
	f = fopen("/proc/locks", "re");
	if (!f)
		return 0;
	/* "1: FLOCK  ADVISORY  WRITE 1234 00:2a:5 0 EOF"; waiters have "->". */
	while (!found && fgets(line, sizeof(line), f)) {
		if (strstr(line, "->") ||
		    sscanf(line, "%*d: FLOCK %*s %*s %d %x:%x:%lu", &pid, &maj, &min,
			   &ino) != 4)
			continue;
		if (maj == major(st.st_dev) && min == minor(st.st_dev) && ino == st.st_ino)
			found = pid;
	}
	fclose(f);
	return found;
}

static __u64 now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (__u64)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

int clos_pin_dir_lock(int fd, const char *path, int wait_ms, struct clos_err *why)
{
	const struct timespec pause = { .tv_nsec = LOCK_RETRY_NS };
	__u64 end = now_ns() + (__u64)wait_ms * 1000000ull;
	int pid;

	while (flock(fd, LOCK_EX | LOCK_NB)) {
		if (errno == EINTR)
			continue;
		if (errno != EWOULDBLOCK)
			return clos_err_set(why, -errno, "cannot lock %s: %s", path,
					    strerror(errno));
		if (now_ns() >= end) {
			pid = lock_holder(fd);
			if (pid)
				return clos_err_set(why, -EBUSY,
						    "%s is busy: held by another process (pid %d) for more than %d ms",
						    path, pid, wait_ms);
			return clos_err_set(why, -EBUSY,
					    "%s is busy: held by another process for more than %d ms",
					    path, wait_ms);
		}
		nanosleep(&pause, NULL);
	}
	return 0;
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int clos_pin_dir_names(int fd, const char *path, bool (*keep)(const char *name),
		       char **names, int max, struct clos_err *why)
{
	struct dirent *de;
	int n = 0, ret;
	DIR *d;

	d = fdopendir(fd);
	if (!d) {
		ret = -errno;
		close(fd);
		return clos_err_set(why, ret, "%s: %s", path, strerror(-ret));
	}
	while ((de = readdir(d)) && n < max) {
		if (!keep(de->d_name))
			continue;
		names[n] = strdup(de->d_name);
		if (!names[n]) {
			while (n--)
				free(names[n]);
			closedir(d);
			return clos_err_set(why, -ENOMEM, "out of memory");
		}
		n++;
	}
	closedir(d);
	qsort(names, n, sizeof(names[0]), name_cmp);
	return n;
}

__u32 clos_pin_obj_id(const char *path)
{
	/* The kernel fills the one that fd is; both keep the id in one place. */
	union {
		struct bpf_prog_info prog;
		struct bpf_map_info map;
	} info = {};
	__u32 len = sizeof(info);
	int fd;

	_Static_assert(offsetof(struct bpf_prog_info, id) ==
		       offsetof(struct bpf_map_info, id), "bpf info id");
	fd = bpf_obj_get(path);
	if (fd < 0)
		return 0;
	if (bpf_obj_get_info_by_fd(fd, &info, &len))
		info.map.id = 0;
	close(fd);
	return info.map.id;
}
