// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <sys/wait.h>
#include "bench.h"
#include "ecmp_kernel.h"
#include "exec.h"
#include "netns.h"

extern char **environ;

/* Member m: device mM, address 10.200.M.0/31, the gateway 10.200.M.1. */
static int kecmp_batch(struct kecmp *k, const char *script)
{
	char *argv[] = { "ip", "-n", k->netns, "-batch", "-", NULL };
	char out[1024];
	int err = clos_exec(NULL, argv, script, out, sizeof(out));

	if (err)
		bench_err("ecmp: ip -n %s: %s", k->netns, out);
	return err;
}

static int kecmp_sysctl(const char *netns, const char *path, const char *val)
{
	int saved, fd, err;

	err = clos_netns_enter(netns, &saved);
	if (err)
		return err;
	fd = open(path, O_WRONLY | O_CLOEXEC);
	err = fd < 0 || write(fd, val, strlen(val)) < 0 ? -errno : 0;
	if (fd >= 0)
		close(fd);
	clos_netns_leave(saved);
	if (err)
		bench_err("ecmp: %s in %s: %s", path, netns, strerror(-err));
	return err;
}

static int write_flows(const char *path, const struct bench_flow *flows, int n)
{
	char s[INET_ADDRSTRLEN], d[INET_ADDRSTRLEN];
	FILE *f = fopen(path, "w");
	int i;

	if (!f)
		return -errno;
	for (i = 0; i < n; i++) {
		inet_ntop(AF_INET, &flows[i].saddr, s, sizeof(s));
		inet_ntop(AF_INET, &flows[i].daddr, d, sizeof(d));
		fprintf(f, "route get %s from %s iif in0 ipproto udp sport %u dport %u\n",
			d, s, flows[i].sport, flows[i].dport);
	}
	return fclose(f) ? -errno : 0;
}

int kecmp_open(struct kecmp *k, const struct bench_flow *flows, int nflows)
{
	char *add[] = { "ip", "netns", "add", k->netns, NULL };
	char script[4096], out[512];
	static const char *const sysctls[][2] = {
		{ "/proc/sys/net/ipv4/ip_forward", "1" },
		{ "/proc/sys/net/ipv4/fib_multipath_hash_policy", "1" },
		{ "/proc/sys/net/ipv4/conf/all/rp_filter", "0" },
		/* Before in0 exists, so that it starts with 0 too. */
		{ "/proc/sys/net/ipv4/conf/default/rp_filter", "0" },
	};
	size_t used = 0, i;
	int m, fd, err;

	snprintf(k->netns, sizeof(k->netns), "clos-bench-mp-%d", (int)getpid());
	snprintf(k->in_path, sizeof(k->in_path), "/tmp/clos-bench-rg.XXXXXX");
	snprintf(k->out_path, sizeof(k->out_path), "/tmp/clos-bench-rgout.XXXXXX");
	err = clos_exec(NULL, add, NULL, out, sizeof(out));
	if (err) {
		bench_err("ecmp: ip netns add %s: %s", k->netns, out);
		k->netns[0] = '\0';
		return err;
	}
	for (i = 0; i < sizeof(sysctls) / sizeof(sysctls[0]) && !err; i++)
		err = kecmp_sysctl(k->netns, sysctls[i][0], sysctls[i][1]);
	if (err)
		goto fail;
	used += snprintf(script + used, sizeof(script) - used,
			 "link set lo up\n"
			 "link add in0 type veth peer name in0p\n"
			 "addr add 10.254.0.1/24 dev in0\n"
			 "link set in0 up\nlink set in0p up\n");
	for (m = 1; m <= BENCH_ECMP_MAX_MEMBERS; m++)
		used += snprintf(script + used, sizeof(script) - used,
				 "link add m%d type veth peer name m%dp\n"
				 "addr add 10.200.%d.0/31 dev m%d\n"
				 "link set m%d up\nlink set m%dp up\n", m, m, m, m, m, m);
	err = kecmp_batch(k, script);
	if (err)
		goto fail;
	fd = mkstemp(k->in_path);
	if (fd < 0)
		goto fail_errno;
	close(fd);
	fd = mkstemp(k->out_path);
	if (fd < 0)
		goto fail_errno;
	close(fd);
	err = write_flows(k->in_path, flows, nflows);
	if (err)
		goto fail;
	return 0;
fail_errno:
	err = -errno;
	bench_err("ecmp: temporary files: %s", strerror(errno));
fail:
	kecmp_close(k);
	return err;
}

void kecmp_close(struct kecmp *k)
{
	char *del[] = { "ip", "netns", "del", k->netns, NULL };

	if (k->netns[0])
		clos_exec(NULL, del, NULL, NULL, 0);
	k->netns[0] = '\0';
	if (!strchr(k->in_path, 'X'))
		unlink(k->in_path);
	if (!strchr(k->out_path, 'X'))
		unlink(k->out_path);
}

int kecmp_route(struct kecmp *k, int n)
{
	char script[2048];
	size_t used;
	int m;

	used = snprintf(script, sizeof(script), "route replace 10.1.2.0/24");
	for (m = 1; m <= n; m++)
		used += snprintf(script + used, sizeof(script) - used,
				 " nexthop via 10.200.%d.1 dev m%d", m, m);
	snprintf(script + used, sizeof(script) - used, "\n");
	return kecmp_batch(k, script);
}

int kecmp_link(struct kecmp *k, int m, int up)
{
	char script[64];

	snprintf(script, sizeof(script), "link set m%d %s\n", m, up ? "up" : "down");
	return kecmp_batch(k, script);
}

/* ip -n NS -batch IN > OUT: the output is too large for clos_exec's
 * buffer. */
static int run_batch_to_file(struct kecmp *k)
{
	char *argv[] = { "ip", "-n", k->netns, "-batch", k->in_path, NULL };
	posix_spawn_file_actions_t fa;
	int status, err;
	pid_t pid;

	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 1, k->out_path, O_WRONLY | O_TRUNC, 0);
	posix_spawn_file_actions_adddup2(&fa, 1, 2);
	err = posix_spawnp(&pid, "ip", &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (err)
		return -err;
	if (waitpid(pid, &status, 0) < 0)
		return -errno;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -ECHILD;
}

int kecmp_lookup(struct kecmp *k, int nflows, int *member)
{
	char line[512], *dev;
	int i = 0, err, m;
	FILE *f;

	err = run_batch_to_file(k);
	f = fopen(k->out_path, "r");
	if (!f)
		return -errno;
	/* One "DST from SRC via GW dev mM ..." line per flow, then a
	 * "cache iif in0" line. */
	while (fgets(line, sizeof(line), f)) {
		dev = strstr(line, " dev m");
		if (!dev || line[0] == ' ' || line[0] == '\t')
			continue;
		if (sscanf(dev, " dev m%d", &m) != 1 || i >= nflows)
			break;
		member[i++] = m;
	}
	fclose(f);
	if (err || i != nflows) {
		bench_err("ecmp: ip route get in %s: %d of %d flows answered%s", k->netns,
			  i, nflows, err ? " (ip failed)" : "");
		return err ? err : -EIO;
	}
	return 0;
}
