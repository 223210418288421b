// SPDX-License-Identifier: GPL-2.0
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <unistd.h>
#include <sys/file.h>
#include <string.h>
#include <sys/stat.h>
#include <bpf/bpf.h>
#include "jsonout.h"
#include "pindir.h"
#include "switch.h"
#include "pins.h"

int pins_lock(struct clos_err *why)
{
	int fd, err;

	fd = clos_pin_root_open(true, why);
	if (fd < 0)
		return fd;
	err = clos_pin_dir_lock(fd, CLOS_PIN_ROOT, CLOS_LOCK_WAIT_MS, why);
	if (err) {
		close(fd);
		return err;
	}
	return fd;
}

/* The staging root, when there is one, is as trusted as the pin root: a
 * switch staged in a directory another user owns could be swapped. */
static int stage_root_check(struct clos_err *why)
{
	int fd = clos_pin_dir_open(AT_FDCWD, CLOS_PIN_STAGE_ROOT,
				   CLOS_PIN_STAGE_ROOT, why);

	if (fd < 0)
		return fd;
	close(fd);
	return 0;
}

bool pins_busy(void)
{
	bool busy;
	int fd;

	fd = open(CLOS_PIN_ROOT, O_DIRECTORY | O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	busy = flock(fd, LOCK_SH | LOCK_NB) && errno == EWOULDBLOCK;
	close(fd);	/* and with it our shared lock */
	return busy;
}

void pins_unlock(int fd)
{
	if (fd < 0)
		return;
	flock(fd, LOCK_UN);
	close(fd);
}

int pins_begin(const char *sw, char *final, size_t flen, char *stage,
	       size_t slen)
{
	struct clos_err why;
	int err, fd;

	err = clos_bpffs_ensure();
	if (err) {
		jout_error("cannot mount a bpffs at %s: %s", CLOS_BPFFS, strerror(-err));
		return -1;
	}
	fd = pins_lock(&why);
	if (fd >= 0 && (err = stage_root_check(&why)) && err != -ENOENT) {
		pins_unlock(fd);
		fd = err;
	}
	if (fd < 0) {
		jout_error("%s", why.msg);
		return -1;
	}
	if (clos_switch_path(final, flen, sw, NULL) ||
	    pins_stage_path(stage, slen, sw)) {
		jout_error("switch name '%s' makes a path too long", sw);
		pins_unlock(fd);
		return -1;
	}
	return fd;
}

int pins_stage_path(char *buf, size_t len, const char *sw)
{
	int n = snprintf(buf, len, "%s/%s", CLOS_PIN_STAGE_ROOT, sw);

	return n < 0 || (size_t)n >= len ? -ENAMETOOLONG : 0;
}

int pins_stage_create(const char *path, struct clos_err *why)
{
	int err;

	if (mkdir(CLOS_PIN_STAGE_ROOT, 0700) && errno != EEXIST)
		return clos_err_set(why, -errno, "cannot create %s: %s",
				    CLOS_PIN_STAGE_ROOT, strerror(errno));
	/* Another user may have made it since pins_begin() looked. */
	err = stage_root_check(why);
	if (err)
		return err;
	if (mkdir(path, 0700))
		return clos_err_set(why, -errno, "cannot create %s: %s", path,
				    strerror(errno));
	return 0;
}

void pins_stage_done(void)
{
	/* Fails while another switch is being staged: that one cleans up. */
	rmdir(CLOS_PIN_STAGE_ROOT);
}

int pins_remove_dir(const char *dir)
{
	char path[PATH_MAX];
	struct dirent *de;
	int err = 0;
	DIR *d;

	d = opendir(dir);
	if (!d)
		return -errno;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.' && (!de->d_name[1] ||
		    (de->d_name[1] == '.' && !de->d_name[2])))
			continue;
		if (snprintf(path, sizeof(path), "%s/%s", dir, de->d_name) >= (int)sizeof(path)) {
			err = -ENAMETOOLONG;
			continue;
		}
		if (unlink(path) && !err)
			err = -errno;
	}
	closedir(d);
	if (rmdir(dir) && !err)
		err = -errno;
	return err;
}
