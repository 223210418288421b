// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>
#include "netns.h"

static int netns_path(char *buf, size_t len, const char *name)
{
	int n = snprintf(buf, len, "%s/%s", CLOS_NETNS_RUN_DIR, name);

	return n < 0 || (size_t)n >= len ? -ENAMETOOLONG : 0;
}

int clos_netns_exists(const char *name)
{
	char path[PATH_MAX];
	struct stat st;

	if (!name || !*name)
		return 1;
	if (netns_path(path, sizeof(path), name))
		return 0;
	return stat(path, &st) == 0;
}

int clos_netns_enter_fd(int fd, int *saved)
{
	int err;

	*saved = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	if (*saved < 0)
		return -errno;
	if (setns(fd, CLONE_NEWNET)) {
		err = -errno;
		close(*saved);
		*saved = -1;
		return err;
	}
	return 0;
}

int clos_netns_enter(const char *name, int *saved)
{
	char path[PATH_MAX];
	int fd, err;

	*saved = -1;
	if (!name || !*name)
		return 0;
	err = netns_path(path, sizeof(path), name);
	if (err)
		return err;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	err = clos_netns_enter_fd(fd, saved);
	close(fd);
	return err;
}

int clos_netns_leave(int saved)
{
	int err = 0;

	if (saved < 0)
		return 0;
	if (setns(saved, CLONE_NEWNET))
		err = -errno;
	close(saved);
	return err;
}

const char *clos_netns_desc(const char *name, char *buf, size_t len)
{
	if (!name || !*name)
		snprintf(buf, len, "the current netns");
	else
		snprintf(buf, len, "netns %s", name);
	return buf;
}
