# clos: an eBPF spine-leaf switch. `make help` lists the targets.
#
# Layout: bpf/*.bpf.c -> build/*.bpf.o -> build/*.skel.h (bpftool);
# lib/{os,table,switch,qos}/*.c -> build/libclos.a, shared by loader/, ctl/, topo/;
# tools/ -> clos-roce, clos-flows; tests/ -> build/tests/*.

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
	     libjson-c-dev libmnl-dev iproute2 ethtool iputils-ping tcpdump iperf3 jq socat traceroute \
	     procps util-linux tshark systemd \
	     qemu-system-x86 debootstrap cpio kmod
# routing: bgp fabrics (clos-topo, tests/netns/test_bgp.sh) run FRR's daemons.
DEPS_PKGS += frr
DEPS_STAMP := $(BUILD)/.deps-ok
# The Soft-RoCE VM image (Debian's kernel + a minbase root), built once.
SOFTROCE_CACHE ?= /var/cache/clos/softroce
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
	install uninstall

all: $(BPF_OBJS) $(SKELS) $(PROGS)

help:
	@echo 'make            build BPF objects, skeletons, clos-loader, closctl, clos-topo'
	@echo 'make deps       install the Debian packages clos needs (idempotent)'
	@echo 'make test       unit tests + netns tests (root)'
	@echo 'make test-unit  Criterion tests through BPF_PROG_TEST_RUN (root)'
	@echo 'make test-san   unit tests and tool runs under ASan/UBSan, build/san (root, ~3 min)'
	@echo 'make test-netns namespace smoke tests (root)'
	@echo 'make softroce   Soft-RoCE (rxe) traffic across a fabric in a qemu VM (root)'
	@echo 'make demo       build, bring up a switch, send traffic, tear down'
	@echo 'make bench      benchmarks vs kernel forwarding -> docs/benchmarks.md (root, ~5 min)'
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
	$(Q)$(CC) $(CFLAGS) -Ictl $(CTL_SRCS) $(LIBCLOS) $(LDLIBS) -o $@

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

$(UNIT_BIN): $(UNIT_SRCS) $(wildcard tests/unit/*.h) $(LIBCLOS) $(LIBFIBSYNC) $(SKELS) $(TEST_SKELS) $(BPF_OBJS)
	$(call msg,CCLD,$@)
	$(Q)$(CC) $(CFLAGS) -Itests/unit -Ifibsync -I$(BUILD)/tests -DCLOS_SOURCE_DIR='"$(CURDIR)"' \
		$(UNIT_SRCS) $(LIBFIBSYNC) $(LIBCLOS) $(LDLIBS) -lmnl -lcriterion -lpcap -lm -o $@

# clos-roce's own unit tests, against its library.
$(ROCE_TEST_BIN): $(ROCE_TEST_SRCS) $(ROCE_HDRS) $(LIBROCE) $(LIBCLOS)
	$(call msg,CCLD,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CFLAGS) -Itools/roce -DCLOS_SOURCE_DIR='"$(CURDIR)"' \
		$(ROCE_TEST_SRCS) $(LIBROCE) $(LIBCLOS) $(LDLIBS) -lcriterion -lpcap -lm -o $@

$(BUILD)/bench/%.bpf.o: tests/bench/bpf/%.bpf.c $(BPF_HDRS) $(TEST_BPF_HDRS) | $(BUILD)/bench
	$(call msg,BPF,$@)
	$(Q)$(CLANG) $(BPF_CFLAGS) -c $< -o $@

$(BUILD)/bench/%.skel.h: $(BUILD)/bench/%.bpf.o
	$(call msg,SKEL,$@)
	$(Q)$(BPFTOOL) gen skeleton $< name $(subst -,_,$*) > $@

$(BENCH_BIN): $(BENCH_SRCS) $(wildcard tests/bench/*.h) $(LIBCLOS) $(SKELS) $(BENCH_SKELS)
	$(call msg,CCLD,$@)
	$(Q)$(CC) $(CFLAGS) -Itests/bench -I$(BUILD)/bench $(BENCH_SRCS) $(LIBCLOS) \
		$(LDLIBS) -lpthread -lm -o $@

$(BUILD) $(BUILD)/tests $(BUILD)/roce $(BUILD)/bench:
	$(Q)mkdir -p $@

test-unit: $(DEPS_STAMP)
	$(Q)$(MAKE) --no-print-directory $(UNIT_BIN) $(ROCE_TEST_BIN) all
	$(Q)$(UNIT_BIN) --jobs 2
	$(Q)$(ROCE_TEST_BIN) --jobs 2

test-netns: $(DEPS_STAMP)
	$(Q)$(MAKE) --no-print-directory all $(TEST_BPF_OBJS) $(BENCH_BIN)
	$(Q)tests/netns/run.sh

# Real rxe endpoints across a fabric, in a Debian-kernel VM under qemu
# (docs/softroce.md). The first run builds the image (a few minutes).
softroce: $(DEPS_STAMP)
	$(Q)$(MAKE) --no-print-directory all
	$(Q)tests/softroce/image.sh $(SOFTROCE_CACHE)
	$(Q)tests/softroce/vm.sh --cache $(SOFTROCE_CACHE)

test: $(DEPS_STAMP)
	$(Q)$(MAKE) --no-print-directory test-unit
	$(Q)$(MAKE) --no-print-directory test-san
	$(Q)$(MAKE) --no-print-directory test-netns
	$(Q)$(MAKE) --no-print-directory softroce

demo: $(DEPS_STAMP)
	$(Q)$(MAKE) --no-print-directory all
	$(Q)netns-scripts/demo.sh

# Benchmarks against Linux kernel forwarding (tests/bench/run.sh): writes
# docs/benchmarks.md, docs/benchmarks.json and the plots in docs/bench/.
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
	$(Q)CFLAGS='$(SAN_CFLAGS)' $(MAKE) --no-print-directory BUILD=$(SAN_BUILD) CC=clang \
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
		$(CTL_SRCS) $(LIB_SRCS) $(LDLIBS) -o $@
FUZZ_BINS += $(BUILD)/fuzz/fuzz_closctl_entry
FUZZ_ARGS_closctl_entry := -dict=tests/fuzz/closctl_entry.dict -max_len=2048
