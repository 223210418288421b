// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <libgen.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "netns.h"
#include "run.h"

int run_cmd(char *const argv[], const char *stdin_text, char *out, size_t outlen)
{
	int in[2] = { -1, -1 }, res[2] = { -1, -1 }, status, err = 0;
	size_t got = 0;
	ssize_t n;
	pid_t pid;
	char sink[512];

	if (pipe2(in, O_CLOEXEC) || pipe2(res, O_CLOEXEC)) {
		err = -errno;
		goto out;
	}
	pid = fork();
	if (pid < 0) {
		err = -errno;
		goto out;
	}
	if (pid == 0) {
		dup2(in[0], STDIN_FILENO);
		dup2(res[1], STDOUT_FILENO);
		dup2(res[1], STDERR_FILENO);
		execvp(argv[0], argv);
		dprintf(STDERR_FILENO, "cannot run %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	close(in[0]);
	close(res[1]);
	in[0] = res[1] = -1;
	/* Commands fed here read all their input before they say much, so
	 * writing first and reading after cannot deadlock on sane sizes. */
	if (stdin_text) {
		size_t len = strlen(stdin_text), off = 0;
		void (*old)(int) = signal(SIGPIPE, SIG_IGN);

		while (off < len && (n = write(in[1], stdin_text + off, len - off)) > 0)
			off += n;
		signal(SIGPIPE, old);
	}
	close(in[1]);
	in[1] = -1;
	for (;;) {
		char *dst = out && got + 1 < outlen ? out + got : sink;
		size_t room = out && got + 1 < outlen ? outlen - got - 1 : sizeof(sink);

		n = read(res[0], dst, room);
		if (n <= 0)
			break;
		if (dst != sink)
			got += n;
	}
	if (out && outlen)
		out[got] = '\0';
	if (waitpid(pid, &status, 0) < 0)
		err = -errno;
	else if (!WIFEXITED(status) || WEXITSTATUS(status))
		err = -ECHILD;
out:
	if (in[0] >= 0)
		close(in[0]);
	if (in[1] >= 0)
		close(in[1]);
	if (res[0] >= 0)
		close(res[0]);
	if (res[1] >= 0)
		close(res[1]);
	return err;
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
