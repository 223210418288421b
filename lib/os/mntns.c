// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdbool.h>
#include <stdio.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <linux/magic.h>
#include "mntns.h"

static bool is_bpffs(const char *path)
{
	struct statfs st;

	return statfs(path, &st) == 0 && st.f_type == BPF_FS_MAGIC;
}

static bool same_file(const char *a, const char *b)
{
	struct stat sa, sb;

	return stat(a, &sa) == 0 && stat(b, &sb) == 0 &&
	       sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

/* 1: joined pid's mount namespace, 0: it has no bpffs at path (or it is
 * ours, or we may not look), negative errno: setns() failed. */
static int join(pid_t pid, const char *path)
{
	char there[PATH_MAX], ns[64];
	int fd, cwd, err = 0;

	snprintf(ns, sizeof(ns), "/proc/%d/ns/mnt", (int)pid);
	if (snprintf(there, sizeof(there), "/proc/%d/root%s", (int)pid, path) >=
	    (int)sizeof(there))
		return 0;
	if (!is_bpffs(there) || same_file(ns, "/proc/self/ns/mnt"))
		return 0;
	fd = open(ns, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	/* setns() moves the working directory to the new root. */
	cwd = open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (setns(fd, CLONE_NEWNS))
		err = -errno;
	else if (cwd >= 0 && fchdir(cwd))
		err = -errno;
	if (cwd >= 0)
		close(cwd);
	close(fd);
	return err ? err : 1;
}

int clos_mntns_join_bpffs(const char *path)
{
	int ret;

	ret = join(1, path);
	if (ret)
		return ret;
	return getppid() > 1 ? join(getppid(), path) : 0;
}
