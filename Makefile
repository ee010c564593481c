# unitsec — GNU Makefile
#   make                 build build/unitsec
#   make check           build and run every test (what CI runs)
#   make check-fast      the quick subset for the edit loop
#   make check SANITIZE=1  the same under ASan+UBSan (objects in build/san/)
#   make fuzz            run the libFuzzer targets (FUZZ_RUNS=N, default 1000000)
#   make bench           benchmarks against the reference tools
#   make install         PREFIX=/usr/local DESTDIR= (binary, man pages, shell completion)
#   make man             the man pages (scdoc) into $(BUILD)/man/

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR ?= $(PREFIX)/share/zsh/vendor-completions
SCDOC ?= scdoc
CC ?= gcc
PKG_CONFIG ?= pkg-config

ifeq ($(SANITIZE),1)
BUILD ?= build/san
SAN_FLAGS = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
else
BUILD ?= build
SAN_FLAGS =
endif

LIBS_PC = libseccomp json-c
# libsystemd: its headers only; src/live/live-sd.c loads it when the live mode needs it
DEPS_CFLAGS := $(shell $(PKG_CONFIG) --cflags $(LIBS_PC) libsystemd)
DEPS_LIBS := $(shell $(PKG_CONFIG) --libs $(LIBS_PC))
CMOCKA_CFLAGS := $(shell $(PKG_CONFIG) --cflags cmocka)
CMOCKA_LIBS := $(shell $(PKG_CONFIG) --libs cmocka)

SRCDIRS = src src/shared src/unit src/exec src/security src/harden src/sandbox src/profile src/live src/report
VERSION := $(shell cat VERSION 2>/dev/null || echo 0.1)
CPPFLAGS += $(addprefix -I,$(SRCDIRS)) -DUNITSEC_VERSION='"$(VERSION)"' -D_GNU_SOURCE
CFLAGS ?= -O2 -g
CFLAGS += -std=gnu11 -Wall -Wextra -Werror -Wno-missing-field-initializers -Wshadow \
          -Wstrict-prototypes -Wmissing-prototypes -Wformat=2 -Wno-format-nonliteral \
          -fno-strict-aliasing $(SAN_FLAGS) $(DEPS_CFLAGS)
LDFLAGS += $(SAN_FLAGS)

LIB_SRC := $(filter-out src/main.c,$(foreach d,$(SRCDIRS),$(wildcard $(d)/*.c)))
LIB_OBJ := $(LIB_SRC:%.c=$(BUILD)/obj/%.o)
MAIN_OBJ := $(BUILD)/obj/src/main.o
TEST_SRC := $(wildcard tests/unit/test-*.c)
TEST_BIN := $(TEST_SRC:tests/unit/%.c=$(BUILD)/tests/%)

MAN_SRC := $(wildcard man/*.scd)
MAN_PAGES := $(MAN_SRC:man/%.scd=$(BUILD)/man/%)
HAVE_SCDOC := $(shell command -v $(SCDOC) 2>/dev/null)

.PHONY: all check check-fast fuzz bench install clean tests man
ifneq ($(HAVE_SCDOC),)
all: $(BUILD)/unitsec man
else
all: $(BUILD)/unitsec
	@echo '  NOTE    scdoc not found: man pages not built (apt-get install scdoc)'
endif

man: $(MAN_PAGES)

$(BUILD)/man/%: man/%.scd
	@mkdir -p $(dir $@)
	@echo '  SCDOC   $<'
	@$(SCDOC) <$< >$@.tmp && mv $@.tmp $@

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	@echo '  CC      $<'
	@$(CC) $(CPPFLAGS) $(CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/libunitsec.a: $(LIB_OBJ)
	@rm -f $@
	@ar rcs $@ $^

$(BUILD)/unitsec: $(MAIN_OBJ) $(BUILD)/libunitsec.a
	@echo '  LD      $@'
	@$(CC) $(LDFLAGS) -o $@ $^ $(DEPS_LIBS)

$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/libunitsec.a
	@mkdir -p $(dir $@)
	@echo '  TEST    $@'
	@$(CC) $(CPPFLAGS) $(CFLAGS) $(CMOCKA_CFLAGS) -Itests/unit -o $@ $< $(BUILD)/libunitsec.a \
		$(LDFLAGS) $(CMOCKA_LIBS) $(DEPS_LIBS)

tests: $(BUILD)/unitsec $(TEST_BIN)

check: tests
	@tests/run.sh --build $(BUILD) --full

check-fast: tests
	@tests/run.sh --build $(BUILD) --fast

# libFuzzer targets need clang; they live in their own build directory.
FUZZ_RUNS ?= 1000000
fuzz:
	@tests/fuzz/run.sh $(FUZZ_RUNS)

bench: $(BUILD)/unitsec
	@bench/run.sh $(BUILD)/unitsec

install: $(BUILD)/unitsec man
	install -D -m 0755 $(BUILD)/unitsec $(DESTDIR)$(BINDIR)/unitsec
	install -d $(DESTDIR)$(MANDIR)/man1
	install -m 0644 $(filter %.1,$(MAN_PAGES)) $(DESTDIR)$(MANDIR)/man1/
	install -D -m 0644 completion/unitsec.bash $(DESTDIR)$(BASHCOMPDIR)/unitsec
	install -D -m 0644 completion/_unitsec $(DESTDIR)$(ZSHCOMPDIR)/_unitsec

clean:
	rm -rf build

-include $(LIB_OBJ:.o=.d) $(MAIN_OBJ:.o=.d)
