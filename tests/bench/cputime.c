// SPDX-License-Identifier: GPL-2.0
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cputime.h"

static int read_schedstat(const char *path, __u64 *run, __u64 *wait)
{
	unsigned long long r, w;
	FILE *f = fopen(path, "r");
	int n;

	if (!f)
		return -errno;
	n = fscanf(f, "%llu %llu", &r, &w);
	fclose(f);
	if (n != 2)
		return -EINVAL;
	*run = r;
	*wait = w;
	return 0;
}

static int is_softirqd(int pid)
{
	char path[64], comm[32] = "";
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/comm", pid);
	f = fopen(path, "r");
	if (!f)
		return 0;
	if (!fgets(comm, sizeof(comm), f))
		comm[0] = '\0';
	fclose(f);
	return !strncmp(comm, "ksoftirqd/", 10);
}

int bench_cputime_sample(pid_t tid, struct bench_cputime *c)
{
	char path[64];
	struct dirent *de;
	__u64 run, wait;
	DIR *d;
	int err;

	memset(c, 0, sizeof(*c));
	snprintf(path, sizeof(path), "/proc/self/task/%d/schedstat", (int)tid);
	err = read_schedstat(path, &c->thread_run_ns, &c->thread_wait_ns);
	if (err)
		return err;
	d = opendir("/proc");
	if (!d)
		return -errno;
	while ((de = readdir(d))) {
		int pid = atoi(de->d_name);

		if (pid <= 0 || !is_softirqd(pid))
			continue;
		snprintf(path, sizeof(path), "/proc/%d/schedstat", pid);
		if (!read_schedstat(path, &run, &wait))
			c->softirqd_run_ns += run;
	}
	closedir(d);
	return 0;
}
