// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "proc.h"

/* Does /proc/pid/cmdline hold the argument mark? */
static bool cmdline_has(pid_t pid, const char *mark)
{
	char path[64], buf[4096];
	ssize_t n, off;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/cmdline", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return false;
	buf[n] = '\0';
	for (off = 0; off < n; off += strlen(buf + off) + 1)
		if (!strcmp(buf + off, mark))
			return true;
	return false;
}

/* /proc/pid/stat into buf: "pid (comm) S ..."; comm may hold anything,
 * even ')', so it ends at the last ')'. Points *comm at it (cut there) and
 * returns the state letter ('R', 'S', 'Z', ...), or 0 when pid is gone. */
static char proc_stat(pid_t pid, char *buf, size_t len, const char **comm)
{
	char path[64], *open_paren, *close_paren;
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	open_paren = strchr(buf, '(');
	close_paren = strrchr(buf, ')');
	if (!open_paren || !close_paren || close_paren < open_paren ||
	    close_paren[1] != ' ')
		return 0;
	*close_paren = '\0';
	*comm = open_paren + 1;
	return close_paren[2];
}

static char proc_state(pid_t pid)
{
	const char *comm;
	char buf[512];

	return proc_stat(pid, buf, sizeof(buf), &comm);
}

bool proc_running(pid_t pid)
{
	char s = pid > 1 ? proc_state(pid) : 0;

	return s && s != 'Z' && s != 'X';
}

pid_t proc_pidfile_pid(const char *pidfile, const char *comm, const char *mark)
{
	FILE *f = fopen(pidfile, "re");
	const char *name;
	char buf[512], state;
	int pid = 0;

	if (!f)
		return 0;
	if (fscanf(f, "%d", &pid) != 1 || pid <= 1)
		pid = 0;
	fclose(f);
	if (!pid)
		return 0;
	/* A pid file is only a number, and pids are reused: the process
	 * must still be the program we started (comm, which a zombie keeps
	 * too) with the argument that marks our run of it (a zombie's
	 * cmdline is empty: its comm must do). */
	state = proc_stat(pid, buf, sizeof(buf), &name);
	if (!state)
		return 0;
	if (strcmp(name, comm))
		return 0;
	if (state != 'Z' && !cmdline_has(pid, mark))
		return 0;
	return pid;
}

static void sleep_ms(int ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/* Wait up to timeout_ms for pid to stop running; reaps it if it is ours. */
static bool wait_stopped(pid_t pid, int timeout_ms)
{
	int waited;

	for (waited = 0; waited <= timeout_ms; waited += 10) {
		waitpid(pid, NULL, WNOHANG);
		if (!proc_running(pid))
			return true;
		sleep_ms(10);
	}
	return false;
}

pid_t proc_stop(const char *pidfile, const char *comm, const char *mark,
		int timeout_ms)
{
	pid_t pid = proc_pidfile_pid(pidfile, comm, mark);

	if (pid && proc_running(pid)) {
		kill(pid, SIGTERM);
		if (!wait_stopped(pid, timeout_ms)) {
			kill(pid, SIGKILL);
			wait_stopped(pid, 1000);
		}
	}
	unlink(pidfile);
	return pid;
}

/* In a child: stdin from /dev/null, stdout and stderr to logfile, and no
 * other file descriptor. A daemon outlives us with whatever it inherits:
 * a lock our caller holds (flock(1) around a test) would stay held for as
 * long as the daemon runs. */
static void redirect(const char *logfile)
{
	int in = open("/dev/null", O_RDONLY);
	int out = open(logfile, O_WRONLY | O_CREAT | O_APPEND, 0644);

	if (in < 0 || out < 0)
		_exit(126);
	dup2(in, STDIN_FILENO);
	dup2(out, STDOUT_FILENO);
	dup2(out, STDERR_FILENO);
	close_range(3, ~0U, 0);
}

int proc_run_logged(char *const argv[], const char *logfile)
{
	int status;
	pid_t pid = fork();

	if (pid < 0)
		return -errno;
	if (pid == 0) {
		redirect(logfile);
		execvp(argv[0], argv);
		dprintf(STDERR_FILENO, "cannot run %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -errno;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -ECHILD;
}

int proc_spawn(char *const argv[], const char *logfile, const char *pidfile)
{
	FILE *f;
	pid_t pid;
	int err = 0;

	pid = fork();
	if (pid < 0)
		return -errno;
	if (pid == 0) {
		setsid();
		redirect(logfile);
		execvp(argv[0], argv);
		dprintf(STDERR_FILENO, "cannot run %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	f = fopen(pidfile, "we");
	if (!f || fprintf(f, "%d\n", (int)pid) < 0)
		err = -errno ?: -EIO;
	if (f && fclose(f) && !err)
		err = -errno;
	if (err)
		kill(pid, SIGKILL);
	return err;
}
