// SPDX-License-Identifier: GPL-2.0
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/file.h>
#include <bpf/bpf.h>
#include "log.h"
#include "pindir.h"
#include "switch.h"
#include "pins.h"
#include "port_xdp.h"

/* libxdp's state directory (its pins and its lock). */
#define LIBXDP_PIN_DIR		CLOS_BPFFS "/xdp"

int port_xdp_attach(struct xdp_program *prog, int ifindex,
		    enum xdp_attach_mode mode)
{
	return xdp_program__attach(prog, ifindex, mode, 0);
}

/* The kernel keeps BPF_OBJ_NAME_LEN - 1 characters of a program name, so
 * "clos_ingress_xdp" reads back as "clos_ingress_xd". */
static bool is_clos_prog(struct xdp_program *p, __u32 prog_id)
{
	const char *name;

	if (prog_id)
		return xdp_program__id(p) == prog_id;
	name = xdp_program__name(p);
	return name && strncmp(name, CLOS_INGRESS_PROG, BPF_OBJ_NAME_LEN - 1) == 0;
}

/* The clos program in ifindex's dispatcher (or the legacy single program),
 * or NULL. The program belongs to *mp: close mp when done. */
static struct xdp_program *find_clos_prog(int ifindex, __u32 prog_id,
					  struct xdp_multiprog **mp)
{
	struct xdp_program *p = NULL;

	*mp = xdp_multiprog__get_from_ifindex(ifindex);
	if (libxdp_get_error(*mp)) {
		*mp = NULL;
		return NULL;
	}
	if (xdp_multiprog__is_legacy(*mp)) {
		p = xdp_multiprog__main_prog(*mp);
		return p && is_clos_prog(p, prog_id) ? p : NULL;
	}
	while ((p = xdp_multiprog__next_prog(p, *mp)))
		if (is_clos_prog(p, prog_id))
			return p;
	return NULL;
}

bool port_xdp_has_clos(int ifindex, __u32 prog_id)
{
	struct xdp_multiprog *mp;
	bool found;

	found = find_clos_prog(ifindex, prog_id, &mp) != NULL;
	xdp_multiprog__close(mp);
	return found;
}

__u32 port_xdp_clos_id(int ifindex)
{
	struct xdp_multiprog *mp;
	struct xdp_program *p;
	__u32 id;

	p = find_clos_prog(ifindex, 0, &mp);
	id = p ? xdp_program__id(p) : 0;
	xdp_multiprog__close(mp);
	return id;
}

bool port_xdp_taken(int ifindex)
{
	struct xdp_multiprog *mp;
	bool taken;

	mp = xdp_multiprog__get_from_ifindex(ifindex);
	if (libxdp_get_error(mp))
		return false;
	taken = xdp_multiprog__is_legacy(mp) && xdp_multiprog__main_prog(mp);
	xdp_multiprog__close(mp);
	return taken;
}

int port_xdp_detach(int ifindex, __u32 prog_id)
{
	struct xdp_multiprog *mp;
	struct xdp_program *p;
	int err;

	p = find_clos_prog(ifindex, prog_id, &mp);
	if (!p) {
		err = -ENOENT;
		goto out;
	}
	/* In the mode it runs in: without one the kernel takes native for a
	 * driver that has it, and refuses while the program runs generic. */
	err = xdp_program__detach(p, ifindex, xdp_multiprog__attach_mode(mp), 0);
out:
	xdp_multiprog__close(mp);
	return err;
}


/* Does libxdp pin directory dir hold a program pin of prog_id? */
static bool dir_holds_prog(const char *dir, __u32 prog_id)
{
	char path[PATH_MAX];
	struct dirent *de;
	bool found = false;
	size_t n;
	DIR *d;

	d = opendir(dir);
	if (!d)
		return false;
	while (!found && (de = readdir(d))) {
		n = strlen(de->d_name);
		if (n < 5 || strcmp(de->d_name + n - 5, "-prog"))
			continue;
		if (snprintf(path, sizeof(path), "%s/%s", dir, de->d_name) >= (int)sizeof(path))
			continue;
		found = clos_pin_obj_id(path) == prog_id;
	}
	closedir(d);
	return found;
}

int port_xdp_clean_stale(__u32 prog_id)
{
	char path[PATH_MAX];
	struct dirent *de;
	int lock_fd, removed = 0, err;
	struct clos_err e;
	DIR *d;

	if (!prog_id)
		return 0;
	/* libxdp serialises on an flock of its directory; so do we, for a
	 * bounded time like every lock clos takes: another process holding
	 * it must not hang a detach. */
	lock_fd = open(LIBXDP_PIN_DIR, O_DIRECTORY | O_RDONLY | O_CLOEXEC);
	if (lock_fd < 0)
		return errno == ENOENT ? 0 : -errno;
	err = clos_pin_dir_lock(lock_fd, LIBXDP_PIN_DIR, CLOS_LOCK_WAIT_MS, &e);
	if (err) {
		pr_warn("stale libxdp pins left: %s\n", e.msg);
		close(lock_fd);
		return err;
	}
	d = opendir(LIBXDP_PIN_DIR);
	if (!d)
		goto out;
	while ((de = readdir(d))) {
		if (strncmp(de->d_name, "dispatch-", 9))
			continue;
		snprintf(path, sizeof(path), "%s/%s", LIBXDP_PIN_DIR, de->d_name);
		if (!dir_holds_prog(path, prog_id))
			continue;
		if (pins_remove_dir(path))
			pr_warn("Warning: cannot remove stale libxdp pins %s\n", path);
		else
			removed++;
	}
	closedir(d);
out:
	flock(lock_fd, LOCK_UN);
	close(lock_fd);
	return removed;
}
