// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "ctl.h"
#include "obs.h"

static volatile sig_atomic_t obs_signalled;

static void on_signal(int sig)
{
	obs_signalled = sig;
}

/* A closctl that observes is alive: its process exists and is not a
 * zombie (PID 1 of a container may never reap it). */
static bool owner_alive(__u32 pid)
{
	char path[64], buf[512], *p;
	FILE *f;
	bool alive = false;

	if (!pid || (kill(pid, 0) && errno == ESRCH))
		return false;
	snprintf(path, sizeof(path), "/proc/%u/stat", pid);
	f = fopen(path, "r");
	if (!f)
		return false;
	if (fgets(buf, sizeof(buf), f)) {
		p = strrchr(buf, ')');
		alive = p && p[1] == ' ' && p[2] != 'Z' && p[2] != 'X';
	}
	fclose(f);
	return alive;
}

static int on_record(void *ctx, void *data, size_t size)
{
	struct obs *o = ctx;

	if (o->draining || size < CLOS_OBS_REC_HDR)
		return 0;
	if (o->ret)
		return o->ret;	/* stopped: leave the rest */
	o->ret = o->fn(data, size, o->arg);
	return o->ret;
}

static int write_cfg(struct obs *o, const struct clos_obs_cfg *cfg)
{
	__u32 zero = 0;

	if (bpf_map_update_elem(o->sw->fd[CLOS_MAP_OBS_CFG], &zero, cfg, BPF_ANY))
		return ctl_error("switch %s: cannot write obs_cfg: %s", o->sw->name,
				 strerror(errno));
	return 0;
}

int obs_start(struct obs *o, struct clos_switch *sw, const struct clos_obs_cfg *cfg,
	      obs_rec_fn fn, void *arg)
{
	struct clos_obs_cfg cur = {}, want = *cfg;
	struct timespec mono, real;
	struct sigaction sa = { .sa_handler = on_signal };
	__u32 zero = 0;
	int err;

	memset(o, 0, sizeof(*o));
	o->sw = sw;
	o->fn = fn;
	o->arg = arg;
	if (bpf_map_lookup_elem(sw->fd[CLOS_MAP_OBS_CFG], &zero, &cur))
		return ctl_error("switch %s: cannot read obs_cfg: %s", sw->name,
				 strerror(errno));
	if (cur.flags && cur.owner != (__u32)getpid() && owner_alive(cur.owner))
		return ctl_error("switch %s: a %s runs already (closctl pid %u); one at a time",
				 sw->name, cur.flags & CLOS_OBS_TRACE ? "trace" : "capture",
				 cur.owner);
	err = clos_percpu_clear(sw, CLOS_MAP_OBS_BUF, sizeof(struct clos_obs_slot));
	if (err)
		return ctl_error("switch %s: cannot clear obs_buf: %s", sw->name,
				 strerror(-err));
	o->rb = ring_buffer__new(sw->fd[CLOS_MAP_OBS_RING], on_record, o, NULL);
	if (!o->rb)
		return ctl_error("switch %s: cannot open obs_ring: %s", sw->name,
				 strerror(errno));
	/* Whatever an earlier run (killed) left in the ring is not ours. */
	o->draining = true;
	ring_buffer__consume(o->rb);
	o->draining = false;

	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);	/* -w - into a reader that quits */
	clock_gettime(CLOCK_MONOTONIC, &mono);
	clock_gettime(CLOCK_REALTIME, &real);
	o->real_off_ns = ((__s64)real.tv_sec - mono.tv_sec) * 1000000000ll +
			 (real.tv_nsec - mono.tv_nsec);
	want.owner = getpid();
	if (write_cfg(o, &want)) {
		ring_buffer__free(o->rb);
		o->rb = NULL;
		return -1;
	}
	o->on = true;
	return 0;
}

int obs_run(struct obs *o)
{
	int err;

	while (!obs_signalled && !o->ret) {
		err = ring_buffer__poll(o->rb, 200);
		if (err == -EINTR)
			continue;
		if (err < 0 && !o->ret)
			return ctl_error("switch %s: reading obs_ring: %s", o->sw->name,
					 strerror(-err));
	}
	if (o->ret < 0)
		return -1;
	return 0;
}

void obs_stop(struct obs *o, __u64 *lost)
{
	struct clos_obs_cfg off = {};
	struct clos_obs_slot *v;
	__u32 key;
	int cpu;

	*lost = 0;
	if (!o->on)
		return;
	o->on = false;
	write_cfg(o, &off);
	if (!o->ret)
		ring_buffer__consume(o->rb);
	ring_buffer__free(o->rb);
	o->rb = NULL;
	v = calloc(o->sw->ncpus, sizeof(*v));
	if (!v)
		return;
	for (key = CLOS_OBS_IN; key <= CLOS_OBS_OUT; key++) {
		if (bpf_map_lookup_elem(o->sw->fd[CLOS_MAP_OBS_BUF], &key, v))
			continue;
		for (cpu = 0; cpu < o->sw->ncpus; cpu++)
			*lost += v[cpu].lost;
	}
	free(v);
}

__u64 obs_wall_ns(const struct obs *o, __u64 mono_ns)
{
	return mono_ns + o->real_off_ns;
}
