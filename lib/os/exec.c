// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "netns.h"
#include "exec.h"

/* In the child: move to the namespace, wire the pipes, exec. */
static void __attribute__((noreturn))
child(const char *netns, char *const argv[], int in, int res)
{
	int saved, err;

	dup2(in, STDIN_FILENO);
	dup2(res, STDOUT_FILENO);
	dup2(res, STDERR_FILENO);
	/* The namespace changes in the child only: the caller stays put. */
	err = clos_netns_enter(netns, &saved);
	if (err) {
		dprintf(STDERR_FILENO, "cannot enter netns %s: %s\n", netns,
			strerror(-err));
		_exit(126);
	}
	execvp(argv[0], argv);
	dprintf(STDERR_FILENO, "cannot run %s: %s\n", argv[0], strerror(errno));
	_exit(127);
}

int clos_exec(const char *netns, char *const argv[], const char *stdin_text,
	      char *out, size_t outlen)
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
	if (pid == 0)
		child(netns, argv, in[0], res[1]);
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
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		if (dst != sink)
			got += n;
	}
	if (out && outlen)
		out[got] = '\0';
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR) {
			err = -errno;
			goto out;
		}
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status))
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
