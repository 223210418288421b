// SPDX-License-Identifier: GPL-2.0
/*
 * clos-loader watch: follow the link state of every port of the given
 * switches and fail ports out of (and back into) their ECMP groups. One
 * process serves a whole fabric: lib/linkwatch.c keeps one netlink socket
 * per switch namespace.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "linkwatch.h"
#include "loader.h"

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	stop = 1;
}

/* The options as given. */
static struct {
	const char *pidfile, *log;
} given;

const struct cli_opt watch_opts[] = {
	CLI_OPT_STRING("daemon", 0, "PIDFILE", &given.pidfile,
		       "run in the background, pid written to PIDFILE"),
	CLI_OPT_STRING("log", 0, "FILE", &given.log,
		       "append the change log to FILE (default: stdout)"),
	{}
};

const char watch_doc[] =
	"\n"
	"Follow link state in each switch's namespace: a port whose link goes\n"
	"down leaves every ECMP group (resilient groups move only its flows),\n"
	"and comes back when the link is up again. Each change is logged as a\n"
	"JSON line (time, switch, port, state, groups changed, update time).\n"
	"A switch detached and attached again is followed (at once on a link\n"
	"event, else within 200 ms): its new maps are opened and its ports set\n"
	"from their links, logged as event \"replaced\"; a detached switch is\n"
	"let go (event \"detached\") and taken up when attached again.\n"
	"Stop it with SIGTERM or SIGINT.\n";

/* Detach from the caller; the parent returns once the child is watching,
 * so a caller that starts us and then pulls a link is never too early. */
static int daemonize(const char *pidfile, int ready[2])
{
	pid_t pid;
	char c;

	if (pipe(ready))
		return -errno;
	pid = fork();
	if (pid < 0)
		return -errno;
	if (pid > 0) {
		close(ready[1]);
		if (read(ready[0], &c, 1) != 1)
			_exit(1);	/* the child failed and said why */
		_exit(0);
	}
	close(ready[0]);
	setsid();
	return 0;
}

static int write_pidfile(const char *path)
{
	FILE *f = fopen(path, "w");

	if (!f)
		return -errno;
	fprintf(f, "%d\n", getpid());
	fclose(f);
	return 0;
}

int cmd_watch(int argc, char **argv)
{
	struct clos_linkwatch *lw = NULL;
	struct sigaction sa = { .sa_handler = on_signal };
	int ret, ready[2] = { -1, -1 }, devnull;
	struct clos_err err;
	FILE *log = stdout;

	if (!argc) {
		jout_error("watch needs at least one SWITCH");
		return EXIT_USAGE;
	}
	if (given.log) {
		log = fopen(given.log, "a");
		if (!log) {
			jout_error("log file %s: %s", given.log, strerror(errno));
			return 1;
		}
	}
	/* Open (and sync) before daemonizing, so errors reach the caller. */
	ret = clos_linkwatch_open(&lw, argv, argc, &err);
	if (ret) {
		jout_error("%s", err.msg);
		goto out;
	}
	if (given.pidfile) {
		ret = daemonize(given.pidfile, ready);
		if (ret) {
			jout_error("cannot daemonize: %s", strerror(-ret));
			goto out;
		}
		ret = write_pidfile(given.pidfile);
		if (ret)
			goto out;
		devnull = open("/dev/null", O_RDWR);
		if (devnull >= 0) {
			dup2(devnull, STDIN_FILENO);
			dup2(devnull, STDOUT_FILENO);
			dup2(devnull, STDERR_FILENO);
			close(devnull);
		}
	}
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	if (ready[1] >= 0) {
		if (write(ready[1], "1", 1) != 1)
			ret = -EIO;
		close(ready[1]);
	}
	ret = clos_linkwatch_run(lw, &stop, log);
	if (given.pidfile)
		unlink(given.pidfile);
out:
	clos_linkwatch_close(lw);
	if (log && log != stdout)
		fclose(log);
	return ret ? 1 : 0;
}
