# clos: an eBPF spine-leaf switch. `make help` lists the targets.
#
# Layout: bpf/*.bpf.c -> build/*.bpf.o -> build/*.skel.h (bpftool);
# lib/{os,table,switch,qos}/*.c -> build/libclos.a, shared by loader/, ctl/, topo/;
# tools/ -> clos-roce, clos-flows, clos-exporter; tests/ -> build/tests/*.

BUILD     ?= build
CC        ?= gcc
CLANG     ?= clang
BPFTOOL   ?= bpftool
V         ?= 0

ifeq ($(V),1)
Q :=
msg :=
else
Q := @
msg = @printf '  %-8s %s\n' "$(1)" "$(2)";
endif

LIB_INC   := -Ilib/os -Ilib/table -Ilib/switch -Ilib/qos
ARCH_INC  := /usr/include/$(shell $(CC) -dumpmachine)
BPF_CFLAGS := -g -O2 --target=bpf -mcpu=v3 -Wall -Wextra -Werror -Wshadow \
	      -Wno-unused-parameter -Iinclude -Ibpf -I$(BUILD)/gen -I$(ARCH_INC)
CFLAGS    ?= -O2 -g
CFLAGS    += -Wall -Wextra -Werror -Wshadow -Wno-unused-parameter \
	     -Wno-missing-field-initializers -std=gnu11 \
	     -Iinclude $(LIB_INC) -I$(BUILD) -D_GNU_SOURCE
LDLIBS    := -lxdp -lbpf -ljson-c -lelf -lz

BPF_SRCS  := $(wildcard bpf/*.bpf.c)
BPF_OBJS  := $(patsubst bpf/%.bpf.c,$(BUILD)/%.bpf.o,$(BPF_SRCS))
SKELS     := $(patsubst bpf/%.bpf.c,$(BUILD)/%.skel.h,$(BPF_SRCS))
# Generated: the ECMP hash's CRC-32 tables (bpf/lib/hash.h).
CRC32_TABLES := $(BUILD)/gen/crc32_tables.h
BPF_HDRS  := $(wildcard bpf/lib/*.h include/clos/*.h) $(CRC32_TABLES)

LIB_SRCS  := $(wildcard lib/*/*.c)
LIB_OBJS  := $(patsubst lib/%.c,$(BUILD)/lib/%.o,$(LIB_SRCS))
LIB_HDRS  := $(wildcard lib/*/*.h include/clos/*.h)
LIBCLOS   := $(BUILD)/libclos.a

LOADER_SRCS := $(wildcard loader/*.c)
CTL_SRCS    := $(wildcard ctl/*.c)
TOPO_SRCS   := $(wildcard topo/*.c)
PROGS       := $(BUILD)/clos-loader $(BUILD)/closctl $(BUILD)/clos-topo \
	       $(BUILD)/clos-flows

# clos-fibsync: the kernel's FIB into a switch's tables (fibsync/). All but
# main.c is a library, so the unit tests run the same translation.
FIBSYNC_SRCS := $(filter-out fibsync/main.c,$(wildcard fibsync/*.c))
FIBSYNC_OBJS := $(patsubst fibsync/%.c,$(BUILD)/fibsync/%.o,$(FIBSYNC_SRCS))
FIBSYNC_HDRS := $(wildcard fibsync/*.h)
LIBFIBSYNC   := $(BUILD)/libfibsync.a
PROGS        += $(BUILD)/clos-fibsync

# clos-exporter: the switches' counters for Prometheus (tools/exporter/).
EXPORTER_SRCS := $(wildcard tools/exporter/*.c)
# Its exposition text and --listen parser, unit tested (test_exporter.c).
EXPORTER_TESTED := tools/exporter/metrics.c tools/exporter/listen.c
PROGS         += $(BUILD)/clos-exporter

# clos-roce: RoCEv2 endpoints (tools/roce/). Everything but main.c is a
# library, so its unit tests (tests/unit-roce/) link the same code.
ROCE_SRCS     := $(filter-out tools/roce/main.c,$(wildcard tools/roce/*.c))
ROCE_OBJS     := $(patsubst tools/roce/%.c,$(BUILD)/roce/%.o,$(ROCE_SRCS))
ROCE_HDRS     := $(wildcard tools/roce/*.h)
LIBROCE       := $(if $(ROCE_SRCS),$(BUILD)/libroce.a)
PROGS         += $(BUILD)/clos-roce

# Test BPF objects: the real pipeline headers behind test-only entry points.
TEST_BPF_SRCS := $(wildcard tests/bpf/*.bpf.c)
TEST_BPF_HDRS := $(wildcard tests/bpf/*.h)
TEST_BPF_OBJS := $(patsubst tests/bpf/%.bpf.c,$(BUILD)/tests/%.bpf.o,$(TEST_BPF_SRCS))
TEST_SKELS    := $(patsubst tests/bpf/%.bpf.c,$(BUILD)/tests/%.skel.h,$(TEST_BPF_SRCS))
UNIT_SRCS     := $(wildcard tests/unit/*.c)
UNIT_BIN      := $(BUILD)/tests/unit-tests
ROCE_TEST_SRCS := $(wildcard tests/unit-roce/*.c)
ROCE_TEST_BIN  := $(BUILD)/tests/roce-tests

# Debian 12 packages the project builds, tests and demos with (systemd:
# systemd-analyze verify of the installed units, test_install.sh).
DEPS_PKGS := clang llvm gcc make pkg-config libbpf-dev libxdp-dev bpftool \
	     libelf-dev zlib1g-dev libpcap-dev libcriterion-dev libyaml-dev \
	     libjson-c-dev libmnl-dev iproute2 ethtool iputils-ping tcpdump iperf3 jq socat xxd traceroute \
	     procps util-linux tshark systemd \
	     qemu-system-x86 debootstrap cpio kmod
# routing: bgp fabrics (clos-topo, tests/netns/test_bgp.sh) run FRR's daemons.
DEPS_PKGS += frr
# fuzzing (make fuzz, make test-fuzz): libFuzzer for Debian's clang 14, objcopy.
DEPS_PKGS += libclang-rt-14-dev binutils
# containerlab files (tests/netns/test_clab_files.sh): exports validated
# against containerlab's JSON schema.
DEPS_PKGS += python3-jsonschema python3-yaml
# observability: clos-exporter's HTTP server; Prometheus (and promtool) and
# curl scrape it in test_metrics.sh; graphviz's dot draws clos-topo graph.
DEPS_PKGS += libmicrohttpd-dev prometheus curl graphviz
DEPS_STAMP := $(BUILD)/.deps-ok
# The Soft-RoCE VM image (Debian's kernel + a minbase root), built once.
SOFTROCE_CACHE ?= /var/cache/clos/softroce
# Parallel jobs of the builds make test runs.
JOBS ?= $(shell nproc)
# Only `make bench` needs these: the plots, and a profile of the pipeline.
BENCH_PKGS := gnuplot-nox linux-perf
# Only `make roce-plot` needs this: the incast plot of docs/roce.md.
ROCE_PLOT_PKGS := gnuplot-nox

# make bench (tests/bench/): clos-bench and the generator, sink and
# reference BPF programs it loads. Not part of `make test`.
BENCH_BPF_SRCS := $(wildcard tests/bench/bpf/*.bpf.c)
BENCH_BPF_OBJS := $(patsubst tests/bench/bpf/%.bpf.c,$(BUILD)/bench/%.bpf.o,$(BENCH_BPF_SRCS))
BENCH_SKELS    := $(patsubst tests/bench/bpf/%.bpf.c,$(BUILD)/bench/%.skel.h,$(BENCH_BPF_SRCS))
BENCH_SRCS     := $(wildcard tests/bench/*.c)
BENCH_BIN      := $(BUILD)/bench/clos-bench

# make install: where (PREFIX, DESTDIR as usual) and what. The programs
# carry their BPF objects (skeletons) and find each other beside themselves,
# so nothing at run time points into the source tree; the objects are
# installed too, for bpftool and llvm-objdump. dist/ holds what a box needs
# besides the programs: systemd units and the switch's conf file example.
PREFIX     ?= /usr/local
BINDIR     ?= $(PREFIX)/bin
LIBDIR     ?= $(PREFIX)/lib
DATADIR    ?= $(PREFIX)/share
DOCDIR     ?= $(DATADIR)/doc/clos
# systemd looks in /usr/local/lib/systemd/system and /usr/lib/systemd/system.
UNITDIR    ?= $(LIBDIR)/systemd/system
# Where the units read SWITCH.conf: the system's, whatever PREFIX is.
SYSCONFDIR ?= /etc
CLOS_LIBDIR  := $(LIBDIR)/clos
CLOS_DATADIR := $(DATADIR)/clos
INSTALL      ?= install
# The FIB sync's unit goes with its program.
UNITS      := clos-switch@.service clos-watch@.service \
	      $(if $(filter %/clos-fibsync,$(PROGS)),clos-fibsync@.service)
DOCS       := README.md $(wildcard docs/*.md)
EXAMPLES   := $(wildcard examples/*.yaml)
# Every file install writes, so that uninstall removes exactly these.
INSTALLED  := $(addprefix $(BINDIR)/,$(notdir $(PROGS))) \
	      $(addprefix $(CLOS_LIBDIR)/bpf/,$(notdir $(BPF_OBJS))) \
	      $(addprefix $(UNITDIR)/,$(UNITS)) \
	      $(CLOS_DATADIR)/switch.conf.example \
	      $(addprefix $(CLOS_DATADIR)/examples/,$(notdir $(EXAMPLES))) \
	      $(addprefix $(DOCDIR)/,$(notdir $(DOCS)))
# The directories that are clos's own, deepest first.
INSTALLED_DIRS := $(CLOS_LIBDIR)/bpf $(CLOS_LIBDIR) $(CLOS_DATADIR)/examples \
		  $(CLOS_DATADIR) $(DOCDIR)
SUBST      := sed -e 's|@BINDIR@|$(BINDIR)|g' -e 's|@SYSCONFDIR@|$(SYSCONFDIR)|g' \
		  -e 's|@DATADIR@|$(DATADIR)|g' -e 's|@DOCDIR@|$(DOCDIR)|g'

.DELETE_ON_ERROR:
# Objects the skeletons are made from are needed by the tests too.
.SECONDARY: $(BPF_OBJS) $(TEST_BPF_OBJS) $(BENCH_BPF_OBJS)
.PHONY: all deps bench-deps clean test test-unit test-netns softroce demo bench roce-plot help \
	install uninstall fuzz test-fuzz fuzz-cov

all: $(BPF_OBJS) $(SKELS) $(PROGS)

help:
	@echo 'make            build BPF objects, skeletons, clos-loader, closctl, clos-topo'
	@echo 'make deps       install the Debian packages clos needs (idempotent)'
	@echo 'make test       unit tests + netns tests (root)'
	@echo 'make test-unit  Criterion tests through BPF_PROG_TEST_RUN (root)'
	@echo 'make test-san   unit tests and tool runs under ASan/UBSan, build/san (root, ~3 min)'
	@echo 'make test-netns namespace smoke tests (root)'
	@echo 'make test-fuzz  each fuzz target a few seconds from its seed corpus (root)'
	@echo 'make fuzz       each fuzz target FUZZ_TIME seconds (default 300; root)'
	@echo 'make fuzz-cov   lines of bpf/lib the pipeline fuzzer'"'"'s corpora reach (root)'
	@echo 'make softroce   Soft-RoCE (rxe) traffic across a fabric in a qemu VM (root)'
	@echo 'make demo       build, bring up a switch, send traffic, tear down'
	@echo 'make bench      benchmarks vs kernel forwarding -> docs/benchmarks.md (root, ~6 min;'
	@echo '                BENCH_ONLY=fabric,pipeline,... some sections -> build/bench/report)'
	@echo 'make roce-plot  RoCE incast with and without DCQCN -> docs/roce-incast.png (root, ~1 min)'
	@echo 'make install    programs, BPF objects, systemd units, docs (PREFIX=/usr/local, DESTDIR)'
	@echo 'make uninstall  remove what make install wrote (same PREFIX, DESTDIR)'
	@echo 'make clean      remove build/'
	@echo 'V=1             show full commands'

# $(call pkgs_install,PACKAGES): install only what is missing; a second
# run does nothing.
pkgs_install = missing=""; for p in $(1); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
		echo "  DEPS     installing:$$missing"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
			apt-get install -y -qq --no-install-recommends $$missing; \
	else \
		echo "  DEPS     all present"; \
	fi

deps:
	$(Q)$(call pkgs_install,$(DEPS_PKGS))

bench-deps:
	$(Q)$(call pkgs_install,$(BENCH_PKGS))

# Again when the Makefile (and so maybe DEPS_PKGS) changed.
$(DEPS_STAMP): Makefile
	$(Q)$(MAKE) --no-print-directory deps
	$(Q)mkdir -p $(BUILD) && touch $@

$(CRC32_TABLES): tools/gen_crc32_tables.c
	$(call msg,GEN,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CFLAGS) -o $(BUILD)/gen/gen_crc32_tables $<
	$(Q)$(BUILD)/gen/gen_crc32_tables > $@.tmp && mv $@.tmp $@

$(BUILD)/%.bpf.o: bpf/%.bpf.c $(BPF_HDRS) | $(BUILD)
	$(call msg,BPF,$@)
	$(Q)$(CLANG) $(BPF_CFLAGS) -c $< -o $@

$(BUILD)/%.skel.h: $(BUILD)/%.bpf.o
	$(call msg,SKEL,$@)
	$(Q)$(BPFTOOL) gen skeleton $< name $(subst -,_,$*) > $@

$(BUILD)/tests/%.bpf.o: tests/bpf/%.bpf.c $(BPF_HDRS) $(TEST_BPF_HDRS) $(wildcard tests/unit/*_view.h) | $(BUILD)/tests
	$(call msg,BPF,$@)
	$(Q)$(CLANG) $(BPF_CFLAGS) -c $< -o $@

$(BUILD)/tests/%.skel.h: $(BUILD)/tests/%.bpf.o
	$(call msg,SKEL,$@)
	$(Q)$(BPFTOOL) gen skeleton $< name $(subst -,_,$*) > $@

$(BUILD)/lib/%.o: lib/%.c $(LIB_HDRS) $(SKELS)
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CFLAGS) -c $< -o $@

$(LIBCLOS): $(LIB_OBJS)
	$(call msg,AR,$@)
	$(Q)$(AR) rcs $@ $^

$(BUILD)/clos-loader: $(LOADER_SRCS) $(wildcard loader/*.h) $(LIBCLOS) $(SKELS)
	$(call msg,CCLD,$@)
	$(Q)$(CC) $(CFLAGS) -Iloader $(LOADER_SRCS) $(LIBCLOS) $(LDLIBS) -o $@

$(BUILD)/closctl: $(CTL_SRCS) $(wildcard ctl/*.h) $(LIBCLOS) $(SKELS)
	$(call msg,CCLD,$@)
	$(Q)$(CC) $(CFLAGS) -Ictl $(CTL_SRCS) $(LIBCLOS) $(LDLIBS) -lpcap -o $@

$(BUILD)/clos-topo: $(TOPO_SRCS) $(wildcard topo/*.h) $(LIBCLOS) $(SKELS)
	$(call msg,CCLD,$@)
	$(Q)$(CC) $(CFLAGS) -Itopo $(TOPO_SRCS) $(LIBCLOS) $(LDLIBS) -lyaml -o $@

$(BUILD)/fibsync/%.o: fibsync/%.c $(FIBSYNC_HDRS) $(LIB_HDRS)
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CFLAGS) -Ifibsync -c $< -o $@

$(LIBFIBSYNC): $(FIBSYNC_OBJS)
	$(call msg,AR,$@)
	$(Q)$(AR) rcs $@ $^

$(BUILD)/clos-fibsync: fibsync/main.c $(FIBSYNC_HDRS) $(LIBFIBSYNC) $(LIBCLOS)
	$(call msg,CCLD,$@)
	$(Q)$(CC) $(CFLAGS) -Ifibsync $< $(LIBFIBSYNC) $(LIBCLOS) $(LDLIBS) -lmnl -o $@

$(BUILD)/clos-exporter: $(EXPORTER_SRCS) $(wildcard tools/exporter/*.h) $(LIBCLOS)
	$(call msg,CCLD,$@)
	$(Q)$(CC) $(CFLAGS) $(shell pkg-config --cflags libmicrohttpd) -Itools/exporter \
		$(EXPORTER_SRCS) $(LIBCLOS) $(LDLIBS) $(shell pkg-config --libs libmicrohttpd) -o $@

# Traffic for fabric tests and the demo.
$(BUILD)/clos-flows: tools/flows/flows.c $(LIBCLOS)
	$(call msg,CCLD,$@)
	$(Q)$(CC) $(CFLAGS) $< $(LIBCLOS) $(LDLIBS) -o $@

$(BUILD)/roce/%.o: tools/roce/%.c $(ROCE_HDRS) | $(BUILD)/roce
	$(call msg,CC,$@)
	$(Q)$(CC) $(CFLAGS) -Itools/roce -c $< -o $@

$(BUILD)/libroce.a: $(ROCE_OBJS)
	$(call msg,AR,$@)
	$(Q)$(AR) rcs $@ $^

$(BUILD)/clos-roce: tools/roce/main.c $(ROCE_HDRS) $(LIBROCE) $(LIBCLOS)
	$(call msg,CCLD,$@)
	$(Q)$(CC) $(CFLAGS) -Itools/roce $< $(LIBROCE) $(LIBCLOS) $(LDLIBS) -lpcap -lm -o $@

$(UNIT_BIN): $(UNIT_SRCS) $(wildcard tests/unit/*.h) $(LIBCLOS) $(LIBFIBSYNC) $(SKELS) $(TEST_SKELS) $(BPF_OBJS) \
		$(EXPORTER_TESTED)
	$(call msg,CCLD,$@)
	$(Q)$(CC) $(CFLAGS) -Itests/unit -Ifibsync -Itools/exporter -I$(BUILD)/tests -DCLOS_SOURCE_DIR='"$(CURDIR)"' \
		$(UNIT_SRCS) $(EXPORTER_TESTED) $(LIBFIBSYNC) $(LIBCLOS) $(LDLIBS) -lmnl -lcriterion -lpcap -lm -o $@

# clos-roce's own unit tests, against its library.
$(ROCE_TEST_BIN): $(ROCE_TEST_SRCS) $(ROCE_HDRS) $(LIBROCE) $(LIBCLOS)
	$(call msg,CCLD,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CFLAGS) -Itools/roce -DCLOS_SOURCE_DIR='"$(CURDIR)"' \
		$(ROCE_TEST_SRCS) $(LIBROCE) $(LIBCLOS) $(LDLIBS) -lcriterion -lpcap -lm -o $@

$(BUILD)/bench/%.bpf.o: tests/bench/bpf/%.bpf.c tests/bench/floor.h $(BPF_HDRS) $(TEST_BPF_HDRS) | $(BUILD)/bench
	$(call msg,BPF,$@)
	$(Q)$(CLANG) $(BPF_CFLAGS) -c $< -o $@

$(BUILD)/bench/%.skel.h: $(BUILD)/bench/%.bpf.o
	$(call msg,SKEL,$@)
	$(Q)$(BPFTOOL) gen skeleton $< name $(subst -,_,$*) > $@

$(BENCH_BIN): $(BENCH_SRCS) $(wildcard tests/bench/*.h) $(LIBCLOS) $(SKELS) $(BENCH_SKELS)
	$(call msg,CCLD,$@)
	$(Q)$(CC) $(CFLAGS) -Itests/bench -I$(BUILD)/bench $(BENCH_SRCS) $(LIBCLOS) \
		$(LDLIBS) -lpthread -lm -o $@

# ---- Fuzzing (tests/fuzz/): libFuzzer under ASan and UBSan ----
# Each target is build/fuzz/fuzz_NAME from tests/fuzz/fuzz_NAME.c, with an
# explicit rule, appended to FUZZ_BINS; its seed corpus is
# tests/fuzz/corpus/NAME/ (committed), what a run finds goes to
# build/fuzz/corpus/NAME/. Optional per target: FUZZ_ARGS_NAME (libFuzzer
# flags: a dictionary, -max_len), FUZZ_SEEDS_NAME (more seed folders,
# made by the files in FUZZ_SEED_STAMPS).
FUZZ_CC        ?= clang
FUZZ_SAN       := -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined
# Harness code (what feeds and checks the code under test): sanitized, but
# without coverage, which would only steer libFuzzer by the harness.
FUZZ_SAN_HARNESS := -fsanitize=address,undefined -fno-sanitize-recover=undefined
FUZZ_WARN      := -Wall -Wextra -Werror -Wshadow \
		  -Wno-unused-parameter -Wno-missing-field-initializers \
		  -std=gnu11 -D_GNU_SOURCE -Iinclude $(LIB_INC)
FUZZ_CFLAGS    := -g -O1 $(FUZZ_SAN) $(FUZZ_WARN)
FUZZ_TIME      ?= 300
FUZZ_TEST_TIME ?= 5
# FUZZ_BINS and FUZZ_SEED_STAMPS are only ever appended to (+=), so the
# targets' blocks may come in any order.

# fuzz_pipeline: the data path, BPF_PROG_TEST_RUN against the same C built
# for the host (tests/fuzz/host/: a shim for bpf_helpers.h and the maps).
# Each test program's globals are made local to its object, so the two
# programs' maps of the same name stay apart.
FUZZ_HOST_CFLAGS := $(FUZZ_CFLAGS) -Itests/fuzz/host -Ibpf -I$(BUILD)/gen
FUZZ_HOST_HDRS   := $(wildcard tests/fuzz/host/*.h tests/fuzz/host/*/*.h)
FUZZ_HOST_OBJS   := $(BUILD)/fuzz/host/prog_fast.o $(BUILD)/fuzz/host/prog_tc.o \
		    $(BUILD)/fuzz/host/host_map.o $(BUILD)/fuzz/host/host_helpers.o

$(BUILD)/fuzz/host/prog_%.o: tests/fuzz/host/prog_%.c $(BPF_HDRS) $(TEST_BPF_HDRS) \
		$(TEST_BPF_SRCS) $(FUZZ_HOST_HDRS) $(DEPS_STAMP)
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(FUZZ_CC) $(FUZZ_HOST_CFLAGS) -fvisibility=hidden -c $< -o $@.tmp
	$(Q)objcopy --localize-hidden $@.tmp $@ && rm -f $@.tmp

$(BUILD)/fuzz/host/host_%.o: tests/fuzz/host/host_%.c $(FUZZ_HOST_HDRS) $(DEPS_STAMP)
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(FUZZ_CC) $(FUZZ_HOST_CFLAGS) -c $< -o $@

$(BUILD)/fuzz/fuzz_pipeline: tests/fuzz/fuzz_pipeline.c tests/fuzz/pipeline_switch.c \
		tests/fuzz/pipeline_switch.h $(FUZZ_HOST_OBJS) $(LIBCLOS) $(TEST_SKELS)
	$(call msg,CCLD,$@)
	$(Q)$(FUZZ_CC) -g -O1 $(FUZZ_SAN_HARNESS) $(FUZZ_WARN) -Itests/fuzz -I$(BUILD)/tests \
		-c tests/fuzz/fuzz_pipeline.c -o $@.o
	$(Q)$(FUZZ_CC) -g -O1 $(FUZZ_SAN_HARNESS) $(FUZZ_WARN) -Itests/fuzz \
		-c tests/fuzz/pipeline_switch.c -o $@-switch.o
	$(Q)$(FUZZ_CC) $(FUZZ_SAN) $@.o $@-switch.o $(FUZZ_HOST_OBJS) $(LIBCLOS) $(LDLIBS) -o $@
FUZZ_BINS += $(BUILD)/fuzz/fuzz_pipeline

# The same with clang's source coverage instead of the sanitizers, for
# make fuzz-cov: the lines of the data path the corpora reach.
FUZZ_COV_CFLAGS := -g -O1 -fprofile-instr-generate -fcoverage-mapping $(FUZZ_WARN)
FUZZ_COV_OBJS   := $(patsubst $(BUILD)/fuzz/%,$(BUILD)/fuzz/cov/%,$(FUZZ_HOST_OBJS))

$(BUILD)/fuzz/cov/host/prog_%.o: tests/fuzz/host/prog_%.c $(BPF_HDRS) $(TEST_BPF_HDRS) \
		$(TEST_BPF_SRCS) $(FUZZ_HOST_HDRS) $(DEPS_STAMP)
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(FUZZ_CC) $(FUZZ_COV_CFLAGS) -Itests/fuzz/host -Ibpf -I$(BUILD)/gen \
		-fvisibility=hidden -c $< -o $@.tmp
	$(Q)objcopy --localize-hidden $@.tmp $@ && rm -f $@.tmp

$(BUILD)/fuzz/cov/host/host_%.o: tests/fuzz/host/host_%.c $(FUZZ_HOST_HDRS) $(DEPS_STAMP)
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(FUZZ_CC) $(FUZZ_COV_CFLAGS) -Itests/fuzz/host -Ibpf -I$(BUILD)/gen -c $< -o $@

$(BUILD)/fuzz/cov/fuzz_pipeline: tests/fuzz/fuzz_pipeline.c tests/fuzz/pipeline_switch.c \
		tests/fuzz/pipeline_switch.h $(FUZZ_COV_OBJS) $(LIBCLOS) $(TEST_SKELS)
	$(call msg,CCLD,$@)
	$(Q)$(FUZZ_CC) -g -O1 -fsanitize=fuzzer $(FUZZ_WARN) -Itests/fuzz -I$(BUILD)/tests \
		tests/fuzz/fuzz_pipeline.c tests/fuzz/pipeline_switch.c $(FUZZ_COV_OBJS) \
		$(LIBCLOS) $(LDLIBS) -fprofile-instr-generate -o $@

# Replay the pipeline's corpora (committed, seeds, what runs found) and
# report the lines of bpf/lib and the shared FIB/ECMP headers they ran.
fuzz-cov: $(DEPS_STAMP)
	$(Q)$(MAKE) --no-print-directory $(BUILD)/fuzz/cov/fuzz_pipeline $(FUZZ_SEED_STAMPS)
	$(Q)mkdir -p $(BUILD)/fuzz/corpus/pipeline
	$(Q)rm -f $(BUILD)/fuzz/cov/*.profraw
	$(Q)LLVM_PROFILE_FILE=$(BUILD)/fuzz/cov/pipeline.profraw $(BUILD)/fuzz/cov/fuzz_pipeline \
		-runs=0 $(FUZZ_ARGS_pipeline) tests/fuzz/corpus/pipeline $(FUZZ_SEEDS_pipeline) \
		$(BUILD)/fuzz/corpus/pipeline > $(BUILD)/fuzz/cov/replay.log 2>&1 || \
		{ tail -n 40 $(BUILD)/fuzz/cov/replay.log; exit 1; }
	$(Q)llvm-profdata merge -sparse $(BUILD)/fuzz/cov/pipeline.profraw \
		-o $(BUILD)/fuzz/cov/pipeline.profdata
	$(Q)llvm-cov report $(BUILD)/fuzz/cov/fuzz_pipeline \
		-instr-profile=$(BUILD)/fuzz/cov/pipeline.profdata \
		$(wildcard bpf/lib/*.h) include/clos/fib.h include/clos/ecmp_slot.h

# Its seeds beyond the committed corpus: every frame of the captures and
# the unit tests' frame builders' (tests/fuzz/pipeline_seeds.c).
$(BUILD)/fuzz/pipeline_seeds: tests/fuzz/pipeline_seeds.c tests/unit/packet.c tests/unit/packet.h
	$(call msg,CCLD,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CFLAGS) -Itests/unit $< tests/unit/packet.c -lpcap -lcriterion -o $@

$(BUILD)/fuzz/seed/pipeline.stamp: $(BUILD)/fuzz/pipeline_seeds $(wildcard tests/data/pcap/*.pcap)
	$(Q)rm -rf $(BUILD)/fuzz/seed/pipeline && mkdir -p $(BUILD)/fuzz/seed/pipeline
	$(Q)$< tests/data/pcap $(BUILD)/fuzz/seed/pipeline
	$(Q)touch $@
FUZZ_SEEDS_pipeline := $(BUILD)/fuzz/seed/pipeline
FUZZ_SEED_STAMPS    += $(BUILD)/fuzz/seed/pipeline.stamp
FUZZ_ARGS_pipeline  := -dict=tests/fuzz/pipeline.dict -max_len=3524

# $(call fuzz_run,BIN,SECONDS): BIN for SECONDS from its corpora; a crash,
# a sanitizer report or a divergence fails (its input goes to build/fuzz/).
fuzz_name = $(patsubst fuzz_%,%,$(notdir $(1)))
fuzz_run = n=$(call fuzz_name,$(1)); \
	mkdir -p $(BUILD)/fuzz/corpus/$$n $(BUILD)/fuzz/artifacts/$$n && \
	echo "  FUZZ     $$n ($(2) s)" && \
	$(1) -max_total_time=$(2) -print_final_stats=1 \
		-artifact_prefix=$(BUILD)/fuzz/artifacts/$$n/ $(FUZZ_ARGS_$(call fuzz_name,$(1))) \
		$(BUILD)/fuzz/corpus/$$n tests/fuzz/corpus/$$n \
		$(FUZZ_SEEDS_$(call fuzz_name,$(1))) \
		> $(BUILD)/fuzz/$$n.log 2>&1 || { tail -n 60 $(BUILD)/fuzz/$$n.log; exit 1; }; \
	grep -E '^stat::(number_of_executed_units|average_exec_per_sec)|DONE .*cov: |^fuzz_[a-z_]+: ' \
		$(BUILD)/fuzz/$$n.log

# fuzz_topo_load: the topology loader and model from memory, and the plan
# up derives from a fabric it takes (tests/fuzz/fuzz_topo_load.c); the rest
# of libclos uninstrumented. -timeout: a slow input is a finding (deep YAML
# once took minutes).
FUZZ_TOPO_SRCS := topo/load.c topo/clab.c topo/model.c topo/plan.c topo/frr_conf.c lib/os/ifname.c
$(BUILD)/fuzz/fuzz_topo_load: tests/fuzz/fuzz_topo_load.c $(FUZZ_TOPO_SRCS) \
		$(wildcard topo/*.h) $(LIB_HDRS) $(LIBCLOS)
	$(call msg,CCLD,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -Itopo $< $(FUZZ_TOPO_SRCS) $(LIBCLOS) $(LDLIBS) -lyaml -o $@
FUZZ_BINS += $(BUILD)/fuzz/fuzz_topo_load
FUZZ_ARGS_topo_load := -timeout=5 -max_len=8192 -dict=tests/fuzz/topo_load.dict

$(BUILD) $(BUILD)/tests $(BUILD)/roce $(BUILD)/bench:
	$(Q)mkdir -p $@

test-unit: $(DEPS_STAMP)
	$(Q)$(MAKE) --no-print-directory $(UNIT_BIN) $(ROCE_TEST_BIN) all
	$(Q)$(UNIT_BIN) --jobs 2
	$(Q)$(ROCE_TEST_BIN) --jobs 2

# Every fuzz target a few seconds (FUZZ_TEST_TIME) from its seed corpus.
test-fuzz: $(DEPS_STAMP)
	$(Q)$(MAKE) --no-print-directory $(FUZZ_BINS) $(FUZZ_SEED_STAMPS)
	$(Q)$(foreach b,$(FUZZ_BINS),$(call fuzz_run,$(b),$(FUZZ_TEST_TIME)) &&) true

# Every fuzz target FUZZ_TIME seconds (make fuzz FUZZ_TIME=600).
fuzz: $(DEPS_STAMP)
	$(Q)$(MAKE) --no-print-directory $(FUZZ_BINS) $(FUZZ_SEED_STAMPS)
	$(Q)$(foreach b,$(FUZZ_BINS),$(call fuzz_run,$(b),$(FUZZ_TIME)) &&) true

test-netns: $(DEPS_STAMP)
	$(Q)$(MAKE) --no-print-directory all $(TEST_BPF_OBJS) $(BENCH_BIN)
	$(Q)tests/netns/run.sh

# Real rxe endpoints across a fabric, in a Debian-kernel VM under qemu
# (docs/softroce.md). The first run builds the image (a few minutes).
softroce: $(DEPS_STAMP)
	$(Q)$(MAKE) --no-print-directory all
	$(Q)tests/softroce/image.sh $(SOFTROCE_CACHE)
	$(Q)tests/softroce/vm.sh --cache $(SOFTROCE_CACHE)

# make test: the unit suites (under the sanitizers only: the same BPF
# objects, and their checks on top; test-unit runs them plain) and the fuzz
# tests, then the netns tests and the Soft-RoCE VM. The builds use every CPU
# (JOBS). The VM's image (minutes of debootstrap on a machine without it) is
# built beside the first two, which time nothing; the netns tests, which
# do, start once it is there.
test: $(DEPS_STAMP)
	$(Q)$(MAKE) --no-print-directory -j$(JOBS) all $(TEST_BPF_OBJS) $(BENCH_BIN)
	$(Q)mkdir -p $(BUILD) && \
	{ tests/softroce/image.sh $(SOFTROCE_CACHE) >$(BUILD)/softroce-image.log 2>&1 & img=$$!; } && \
	trap 'kill $$img 2>/dev/null' INT TERM; \
	$(MAKE) --no-print-directory test-san && \
	$(MAKE) --no-print-directory test-fuzz || { kill $$img 2>/dev/null; exit 1; }; \
	wait $$img; rc=$$?; cat $(BUILD)/softroce-image.log; \
	[ $$rc -eq 0 ] || { echo "softroce: building the VM image failed (exit $$rc)"; exit 1; }
	$(Q)$(MAKE) --no-print-directory test-netns
	$(Q)$(MAKE) --no-print-directory softroce

demo: $(DEPS_STAMP)
	$(Q)$(MAKE) --no-print-directory all
	$(Q)netns-scripts/demo.sh

# Benchmarks against Linux kernel forwarding and a minimal XDP forwarder
# (tests/bench/run.sh): writes docs/benchmarks.md, docs/benchmarks.json and
# the plots in docs/bench/. Knobs (BENCH_ONLY, BENCH_ROUNDS, ...): run.sh.
bench: $(DEPS_STAMP)
	$(Q)$(MAKE) --no-print-directory bench-deps
	$(Q)$(MAKE) --no-print-directory all $(BENCH_BIN)
	$(Q)tests/bench/run.sh

# The incast of docs/roce.md with DCQCN on and off (tests/roce/plot.sh):
# the runs' JSON in docs/roce/, the plot docs/roce-incast.png.
roce-plot: $(DEPS_STAMP)
	$(Q)$(call pkgs_install,$(ROCE_PLOT_PKGS))
	$(Q)$(MAKE) --no-print-directory all
	$(Q)tests/roce/plot.sh

install: all
	$(call msg,INSTALL,$(DESTDIR)$(PREFIX))
	$(Q)$(INSTALL) -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(CLOS_LIBDIR)/bpf $(DESTDIR)$(UNITDIR) \
		$(DESTDIR)$(CLOS_DATADIR)/examples $(DESTDIR)$(DOCDIR)
	$(Q)$(INSTALL) -m 0755 $(PROGS) $(DESTDIR)$(BINDIR)/
	$(Q)$(INSTALL) -m 0644 $(BPF_OBJS) $(DESTDIR)$(CLOS_LIBDIR)/bpf/
	$(Q)for u in $(UNITS); do \
		$(SUBST) dist/systemd/$$u.in > $(DESTDIR)$(UNITDIR)/$$u && \
		chmod 0644 $(DESTDIR)$(UNITDIR)/$$u || exit 1; \
	done
	$(Q)$(SUBST) dist/switch.conf.example > $(DESTDIR)$(CLOS_DATADIR)/switch.conf.example
	$(Q)chmod 0644 $(DESTDIR)$(CLOS_DATADIR)/switch.conf.example
	$(Q)$(INSTALL) -m 0644 $(EXAMPLES) $(DESTDIR)$(CLOS_DATADIR)/examples/
	$(Q)$(INSTALL) -m 0644 $(DOCS) $(DESTDIR)$(DOCDIR)/

# Only what install wrote, and then clos's own directories if empty.
uninstall:
	$(call msg,RM,$(DESTDIR)$(PREFIX))
	$(Q)rm -f $(addprefix $(DESTDIR),$(INSTALLED))
	$(Q)for d in $(INSTALLED_DIRS); do \
		[ ! -d "$(DESTDIR)$$d" ] || rmdir "$(DESTDIR)$$d" 2>/dev/null || true; \
	done

clean:
	$(call msg,CLEAN,$(BUILD))
	$(Q)rm -rf $(BUILD)

# ---- Sanitizers and the closctl entry fuzzer (issue 13) ----
# make test-san: the user-space code again, built by clang under ASan and
# UBSan into a BUILD of its own (libraries, tools, both unit suites, and
# clos-bench, which test_cli.sh calls); then both unit suites and the
# namespace tests that run the tools most, with those programs
# (tests/san/run.sh: CLOS_BUILD, every report fails). LeakSanitizer is on.
# The BPF objects are built again there: seconds, and never sanitized.
SAN_BUILD  := $(BUILD)/san
SAN_CFLAGS := -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=undefined \
	      -fno-omit-frame-pointer
SAN_NETNS  := test_cli test_topo_files test_batch test_flows test_fibsync
# clang's sanitizer and libFuzzer runtimes.
DEPS_PKGS  += libclang-rt-14-dev

.PHONY: test-san
test-san: $(DEPS_STAMP)
	$(Q)CFLAGS='$(SAN_CFLAGS)' $(MAKE) --no-print-directory -j$(JOBS) BUILD=$(SAN_BUILD) CC=clang \
		ARCH_INC=$(ARCH_INC) all $(SAN_BUILD)/tests/unit-tests \
		$(SAN_BUILD)/tests/roce-tests $(SAN_BUILD)/bench/clos-bench
	$(Q)tests/san/run.sh $(SAN_BUILD) $(SAN_NETNS)

# fuzz_closctl_entry: closctl batch lines (ctl/, lib/) against the maps of
# a loaded clos_fast; a refused line must leave every map as it was. The
# code under test is built with libFuzzer's coverage, the harness without.
FUZZ_ENTRY_FLAGS := -g -O1 -fsanitize=address,undefined -fno-sanitize-recover=undefined \
		    -Wall -Wextra -Werror -Wshadow -Wno-unused-parameter \
		    -Wno-missing-field-initializers -std=gnu11 -D_GNU_SOURCE \
		    -Iinclude $(LIB_INC) -I$(BUILD) -Ictl
$(BUILD)/fuzz/fuzz_closctl_entry: tests/fuzz/fuzz_closctl_entry.c $(CTL_SRCS) $(wildcard ctl/*.h) \
		$(LIB_SRCS) $(LIB_HDRS) $(SKELS)
	$(call msg,CCLD,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CLANG) $(FUZZ_ENTRY_FLAGS) -c $< -o $@.o
	$(Q)$(CLANG) $(FUZZ_ENTRY_FLAGS) -fsanitize=fuzzer -Dmain=closctl_main $@.o \
		$(CTL_SRCS) $(LIB_SRCS) $(LDLIBS) -lpcap -o $@
FUZZ_BINS += $(BUILD)/fuzz/fuzz_closctl_entry
FUZZ_ARGS_closctl_entry := -dict=tests/fuzz/closctl_entry.dict -max_len=2048
