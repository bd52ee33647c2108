# cvsw top-level Makefile.
#   make              modules (cvsw.ko, sclp_offload.ko) and tools (cvsw-ctl)
#   make check        every test: unit (ASan/UBSan), short fuzz, QEMU kernel tests
#   make fuzz         the fuzzers for longer (FUZZ_SECONDS each)
#   make C=1          modules with sparse
#   make install      modules into /lib/modules/$(KVER)/updates, cvsw-ctl into /usr/local/sbin
# KDIR selects the kernel tree: the running kernel's build dir where it exists,
# else the newest installed Debian linux-headers-*-amd64.

KDIR ?= $(firstword $(wildcard /lib/modules/$(shell uname -r)/build) \
	$(lastword $(sort $(wildcard /usr/src/linux-headers-*-amd64))))
KVER ?= $(patsubst linux-headers-%,%,$(notdir $(KDIR)))
KERNELS ?= 6.1
FUZZ_SECONDS ?= 60
PREFIX ?= /usr/local

export KERNELS

.PHONY: all modules tools check unit fuzz fuzz-short kernel-check install clean sparse

all: modules tools

modules:
	@test -n "$(KDIR)" || { echo "No kernel headers found: install linux-headers-amd64 or set KDIR" >&2; exit 1; }
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules

tools:
	$(MAKE) -C tools

unit:
	$(MAKE) -C tests/unit

fuzz-short:
	$(MAKE) -C tests/fuzz run FUZZ_SECONDS=$(or $(FUZZ_SHORT_SECONDS),10)

fuzz:
	$(MAKE) -C tests/fuzz run FUZZ_SECONDS=$(FUZZ_SECONDS)

kernel-check: modules tools
	tests/qemu/run-kernel-tests.sh $(KERNELS)

check:
	tests/run-all.sh

install: modules tools
	$(MAKE) -C $(KDIR) M=$(CURDIR) INSTALL_MOD_DIR=updates modules_install
	depmod -a $(KVER)
	$(MAKE) -C tools install PREFIX=$(PREFIX)

clean:
	-$(MAKE) -C $(KDIR) M=$(CURDIR) clean
	$(MAKE) -C tools clean
	$(MAKE) -C tests/unit clean
	$(MAKE) -C tests/fuzz clean
