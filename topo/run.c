// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "netns.h"
#include "run.h"
#include "exec.h"

int run_cmd(char *const argv[], const char *stdin_text, char *out, size_t outlen)
{
	return clos_exec(NULL, argv, stdin_text, out, outlen);
}

int sibling_path(const char *prog, char *buf, size_t len)
{
	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	int w;

	if (n < 0)
		return -errno;
	self[n] = '\0';
	w = snprintf(buf, len, "%s/%s", dirname(self), prog);
	return w < 0 || (size_t)w >= len ? -ENAMETOOLONG : 0;
}

int sysctl_in_netns(const char *ns, const char *assignment)
{
	char path[PATH_MAX], key[256];
	const char *eq = strchr(assignment, '=');
	int saved, fd, err;
	size_t i, n;

	if (!eq || (size_t)(eq - assignment) >= sizeof(key))
		return -EINVAL;
	n = eq - assignment;
	memcpy(key, assignment, n);
	key[n] = '\0';
	for (i = 0; i < n; i++)
		if (key[i] == '.')
			key[i] = '/';
	snprintf(path, sizeof(path), "/proc/sys/%s", key);

	/* /proc/sys/net follows the network namespace of whoever opens it. */
	err = clos_netns_enter(ns, &saved);
	if (err)
		return err;
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0) {
		err = -errno;
	} else {
		if (write(fd, eq + 1, strlen(eq + 1)) < 0)
			err = -errno;
		close(fd);
	}
	clos_netns_leave(saved);
	return err;
}
