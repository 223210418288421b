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
#include "switch.h"
#include "pins.h"

int pins_lock(void)
{
	int fd;

	if (mkdir(CLOS_PIN_ROOT, 0700) && errno != EEXIST)
		return -errno;
	fd = open(CLOS_PIN_ROOT, O_DIRECTORY | O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (flock(fd, LOCK_EX)) {
		close(fd);
		return -errno;
	}
	return fd;
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
	int err, fd;

	err = clos_bpffs_ensure();
	if (err) {
		jout_error("cannot mount a bpffs at %s: %s", CLOS_BPFFS, strerror(-err));
		return -1;
	}
	fd = pins_lock();
	if (fd < 0) {
		jout_error("cannot lock %s: %s", CLOS_PIN_ROOT, strerror(-fd));
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

__u32 pins_prog_id(const char *path)
{
	struct bpf_prog_info info = {};
	__u32 len = sizeof(info);
	int fd;

	fd = bpf_obj_get(path);
	if (fd < 0)
		return 0;
	if (bpf_obj_get_info_by_fd(fd, &info, &len))
		info.id = 0;
	close(fd);
	return info.id;
}

int pins_stage_path(char *buf, size_t len, const char *sw)
{
	int n = snprintf(buf, len, "%s/%s", CLOS_PIN_STAGE_ROOT, sw);

	return n < 0 || (size_t)n >= len ? -ENAMETOOLONG : 0;
}

int pins_stage_create(const char *path)
{
	if (mkdir(CLOS_PIN_STAGE_ROOT, 0700) && errno != EEXIST)
		return -errno;
	return mkdir(path, 0700) ? -errno : 0;
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
