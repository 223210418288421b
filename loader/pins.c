// SPDX-License-Identifier: GPL-2.0
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <unistd.h>
#include <sys/file.h>
#include <sys/stat.h>
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

void pins_unlock(int fd)
{
	if (fd < 0)
		return;
	flock(fd, LOCK_UN);
	close(fd);
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
