// SPDX-License-Identifier: GPL-2.0
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "fabric.h"
#include "fibsync.h"
#include "plan.h"
#include "proc.h"
#include "routing.h"
#include "run.h"
#include "switch.h"

#define STOP_TIMEOUT_MS	2000
#define PATH_LEN	512

/* snprintf for the paths and names here, which are short (fabric, node,
 * daemon) and fit their buffers. */
static void __attribute__((format(printf, 3, 4)))
sfmt(char *buf, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, len, fmt, ap);
	va_end(ap);
}

static void bgp_root(const char *fabric, char *buf, size_t len)
{
	sfmt(buf, len, "%s/%s.bgp", TOPO_RUN_DIR, fabric);
}

static void node_dir(const char *fabric, const char *node, char *buf, size_t len)
{
	sfmt(buf, len, "%s/%s.bgp/%s", TOPO_RUN_DIR, fabric, node);
}

/* dir/name.ext */
static void file_in(const char *dir, const char *name, const char *ext,
		    char *buf, size_t len)
{
	sfmt(buf, len, "%s/%s%s", dir, name, ext);
}

/* A directory that user frr owns (made if missing). */
static int frr_dir(const char *path, const struct passwd *frr, mode_t mode)
{
	if (mkdir(path, mode) && errno != EEXIST)
		return -errno;
	if (chown(path, frr->pw_uid, frr->pw_gid) || chmod(path, mode))
		return -errno;
	return 0;
}

/* Write text to path, readable by user frr only. */
static int write_conf(const char *path, const struct topo_text *text,
		      const struct passwd *frr)
{
	int fd, err = 0;

	if (text->err)
		return text->err;
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
	if (fd < 0)
		return -errno;
	if (write(fd, text->buf, text->len) != (ssize_t)text->len)
		err = -EIO;
	if (fchown(fd, frr->pw_uid, frr->pw_gid) && !err)
		err = -errno;
	close(fd);
	return err;
}

/* The last line of a log, for an error message. */
static const char *last_line(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "re");
	char line[512];

	sfmt(buf, len, "see %s", path);
	if (!f)
		return buf;
	while (fgets(line, sizeof(line), f))
		if (line[0] != '\n')
			sfmt(buf, len, "%s", line);
	fclose(f);
	buf[strcspn(buf, "\n")] = '\0';
	return buf;
}

int topo_frr_start(const struct topo *t, const struct topo_node *n,
		   struct clos_err *err)
{
	char dir[PATH_LEN], conf[PATH_LEN], pid[PATH_LEN], log[PATH_LEN];
	char startup[PATH_LEN], bin[PATH_LEN], ns[TOPO_NETNS_STRLEN];
	char pathspace[PATH_LEN], why[512];
	struct topo_text text = {};
	const struct passwd *frr;
	int d, ret;

	frr = getpwnam("frr");
	snprintf(bin, sizeof(bin), "%s/zebra", TOPO_FRR_SBIN);
	if (!frr || access(bin, X_OK))
		return clos_err_set(err, -ENOENT, "%s: FRR is not installed (no user "
				    "frr or no %s): apt-get install frr", n->name, bin);
	topo_netns_name(t, n, ns, sizeof(ns));
	mkdir(TOPO_RUN_DIR, 0755);
	bgp_root(t->name, dir, sizeof(dir));
	mkdir(dir, 0755);
	node_dir(t->name, n->name, dir, sizeof(dir));
	sfmt(pathspace, sizeof(pathspace), "%s/%s", TOPO_FRR_RUN_DIR, ns);
	ret = frr_dir(dir, frr, 0750);
	if (ret)
		return clos_err_set(err, ret, "%s: %s: %s", n->name, dir,
				    strerror(-ret));
	ret = frr_dir(TOPO_FRR_RUN_DIR, frr, 0755);
	if (!ret)
		ret = frr_dir(pathspace, frr, 0755);
	if (ret)
		return clos_err_set(err, ret, "%s: %s: %s", n->name, pathspace,
				    strerror(-ret));
	file_in(dir, "startup", ".log", startup, sizeof(startup));

	for (d = 0; d < TOPO_FRR_DAEMONS && !ret; d++) {
		const char *name = topo_frr_daemon_name(d);
		char *argv[] = { "ip", "netns", "exec", ns, bin, "-d", "-N", ns,
				 "-P", "0", "-i", pid, "-f", conf, NULL };

		sfmt(bin, sizeof(bin), "%s/%s", TOPO_FRR_SBIN, name);
		file_in(dir, name, ".conf", conf, sizeof(conf));
		file_in(dir, name, ".pid", pid, sizeof(pid));
		file_in(dir, name, ".log", log, sizeof(log));
		topo_text_reset(&text);
		topo_frr_conf(t, n, d, log, &text);
		ret = write_conf(conf, &text, frr);
		if (ret) {
			clos_err_set(err, ret, "%s: %s: %s", n->name, conf,
				     strerror(-ret));
			break;
		}
		/* -d: the daemon forks and its parent exits once it has
		 * read its configuration; -P 0: no vty TCP port. */
		ret = proc_run_logged(argv, startup);
		if (ret)
			clos_err_set(err, ret, "%s: %s did not start: %s", n->name,
				     name, last_line(startup, why, sizeof(why)));
	}
	topo_text_free(&text);
	return ret;
}

static void fibsync_files(const char *fabric, const char *node, char *pid,
			  char *log, size_t len)
{
	char dir[PATH_LEN];

	node_dir(fabric, node, dir, sizeof(dir));
	file_in(dir, "fibsync", ".pid", pid, len);
	file_in(dir, "fibsync", ".log", log, len);
}

int topo_fibsync_start(const struct topo *t, const struct topo_node *n,
		       struct clos_err *err)
{
	char prog[PATH_LEN], pid[PATH_LEN], log[PATH_LEN], out[1024];
	char sw[CLOS_SWITCH_NAMSIZ];
	char *once[] = { prog, sw, "--once", NULL };
	char *argv[] = { prog, sw, NULL };
	int ret;

	ret = sibling_path("clos-fibsync", prog, sizeof(prog));
	if (!ret && access(prog, X_OK))
		ret = -errno;
	if (ret)
		return clos_err_set(err, ret, "cannot find clos-fibsync: %s",
				    strerror(-ret));
	topo_switch_name(t, n, sw, sizeof(sw));
	fibsync_files(t->name, n->name, pid, log, sizeof(pid));
	/* Once in the foreground, so that a failure says why here. */
	ret = run_cmd(once, NULL, out, sizeof(out));
	if (ret) {
		out[strcspn(out, "\n")] = '\0';
		return clos_err_set(err, ret, "%s: clos-fibsync %s --once: %s",
				    n->name, sw, out);
	}
	ret = proc_spawn(argv, log, pid);
	if (ret)
		clos_err_set(err, ret, "%s: cannot start clos-fibsync: %s",
			     n->name, strerror(-ret));
	return ret;
}

bool topo_frr_running(const struct topo *t, const struct topo_node *n,
		      enum topo_frr_daemon d)
{
	char dir[PATH_LEN], pid[PATH_LEN];

	node_dir(t->name, n->name, dir, sizeof(dir));
	file_in(dir, topo_frr_daemon_name(d), ".pid", pid, sizeof(pid));
	return proc_running(proc_pidfile_pid(pid, topo_frr_daemon_name(d), pid));
}

bool topo_fibsync_running(const struct topo *t, const struct topo_node *n)
{
	char pid[PATH_LEN], log[PATH_LEN], sw[CLOS_SWITCH_NAMSIZ];

	fibsync_files(t->name, n->name, pid, log, sizeof(pid));
	topo_switch_name(t, n, sw, sizeof(sw));
	return proc_running(proc_pidfile_pid(pid, "clos-fibsync", sw));
}

/* Remove the files of dir, then dir (no subdirectories there). Unlinking
 * while readdir() walks may skip a name: walk again until it is empty. */
static void remove_dir(const char *dir)
{
	char path[PATH_LEN];
	struct dirent *de;
	int pass;
	DIR *d;

	for (pass = 0; pass < 4 && rmdir(dir) && errno == ENOTEMPTY; pass++) {
		d = opendir(dir);
		if (!d)
			return;
		while ((de = readdir(d)))
			if (strcmp(de->d_name, ".") && strcmp(de->d_name, "..")) {
				sfmt(path, sizeof(path), "%s/%s", dir, de->d_name);
				unlink(path);
			}
		closedir(d);
	}
}

/* Stop the daemons of one switch's directory dir (node's). */
static void stop_node(const char *fabric, const char *node, const char *dir,
		      bool verbose)
{
	char pidfile[PATH_LEN], log[PATH_LEN], sw[CLOS_SWITCH_NAMSIZ];
	pid_t pid;
	int d;

	sfmt(sw, sizeof(sw), "%s-%s", fabric, node);
	fibsync_files(fabric, node, pidfile, log, sizeof(pidfile));
	pid = proc_stop(pidfile, "clos-fibsync", sw, STOP_TIMEOUT_MS);
	if (pid && verbose)
		printf("stopped clos-fibsync %s (pid %d)\n", sw, (int)pid);
	/* Its status file outlives it (closctl fib reads it), not the
	 * switch. */
	if (!clos_fibsync_status_path(pidfile, sizeof(pidfile), sw, false))
		unlink(pidfile);
	if (!clos_fibsync_status_path(pidfile, sizeof(pidfile), sw, true))
		rmdir(pidfile);
	/* bgpd first: its peers see a clean close, not a dead zebra. */
	for (d = TOPO_FRR_DAEMONS - 1; d >= 0; d--) {
		file_in(dir, topo_frr_daemon_name(d), ".pid", pidfile, sizeof(pidfile));
		pid = proc_stop(pidfile, topo_frr_daemon_name(d), pidfile,
				STOP_TIMEOUT_MS);
		if (pid && verbose)
			printf("stopped %s of %s (pid %d)\n",
			       topo_frr_daemon_name(d), node, (int)pid);
	}
	remove_dir(dir);
}

/* The names in dir that start with prefix, read in full before any is
 * removed (removing while readdir() walks can skip entries). */
static int names_in(const char *dir, const char *prefix,
		    char names[][TOPO_NETNS_STRLEN], int max)
{
	struct dirent *de;
	DIR *d = opendir(dir);
	int n = 0;

	if (!d)
		return 0;
	while ((de = readdir(d)) && n < max)
		if (de->d_name[0] != '.' && !strncmp(de->d_name, prefix, strlen(prefix)) &&
		    strlen(de->d_name) < TOPO_NETNS_STRLEN)
			snprintf(names[n++], TOPO_NETNS_STRLEN, "%s", de->d_name);
	closedir(d);
	return n;
}

void topo_routing_stop(const char *fabric, bool verbose)
{
	static char names[TOPO_MAX_NODES][TOPO_NETNS_STRLEN];
	char root[PATH_LEN], dir[PATH_LEN], prefix[TOPO_NETNS_STRLEN];
	int i, n;

	bgp_root(fabric, root, sizeof(root));
	n = names_in(root, "", names, TOPO_MAX_NODES);
	topo_netns_prefix(fabric, prefix, sizeof(prefix));
	for (i = 0; i < n; i++) {
		sfmt(dir, sizeof(dir), "%s/%s", root, names[i]);
		stop_node(fabric, names[i], dir, verbose);
		/* FRR's sockets, /run/frr/clos-<fabric>-<node>, of exactly
		 * the nodes this fabric ran: by prefix they could be another
		 * fabric's ("lab" is a prefix of "lab-2"). */
		sfmt(dir, sizeof(dir), "%s/%s%s", TOPO_FRR_RUN_DIR, prefix, names[i]);
		remove_dir(dir);
	}
	rmdir(root);
}

void topo_routing_stop_here(const struct topo *t, bool verbose)
{
	char root[PATH_LEN], dir[PATH_LEN], ns[TOPO_NETNS_STRLEN];
	int i;

	if (t->local_box < 0) {
		topo_routing_stop(t->name, verbose);
		return;
	}
	bgp_root(t->name, root, sizeof(root));
	for (i = 0; i < t->num_nodes; i++) {
		const struct topo_node *n = &t->nodes[i];

		if (!topo_is_switch(n) || !topo_node_here(t, n))
			continue;
		sfmt(dir, sizeof(dir), "%s/%s", root, n->name);
		if (access(dir, F_OK))
			continue;
		stop_node(t->name, n->name, dir, verbose);
		topo_netns_name(t, n, ns, sizeof(ns));
		sfmt(dir, sizeof(dir), "%s/%s", TOPO_FRR_RUN_DIR, ns);
		remove_dir(dir);
	}
	/* The last box's part down takes the fabric's directory. */
	rmdir(root);
}
