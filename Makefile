# Two commands for a fresh clone: `make site` builds the shipped knowledge base
# into Output/, `make test` runs the test suite. Both install the Debian
# packages Attaché links against when they are missing: cmark-gfm; for release
# builds tcmalloc, and libcurl's headers, which Foundation's static library
# names at link time.

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
SWIFT ?= swift
# Release executables carry the Swift runtime and Foundation inside them:
# they start in half the time (a few dynamic libraries instead of 54), call
# the runtime directly, and need no Swift shared library.
RELEASE := -c release --static-swift-stdlib

.PHONY: golden theme site test test-thread check-site deps release check bench bench-serve clean man completions install uninstall

deps:
	@if ! pkg-config --exists libcmark-gfm libtcmalloc_minimal libcurl 2>/dev/null || [ ! -f /usr/include/cmark-gfm-core-extensions.h ]; then \
		echo "Installing libcmark-gfm-dev, libcmark-gfm-extensions-dev, libgoogle-perftools-dev and libcurl4-openssl-dev (Debian packages)"; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq libcmark-gfm-dev libcmark-gfm-extensions-dev libgoogle-perftools-dev libcurl4-openssl-dev pkg-config; \
	fi

release: deps
	$(SWIFT) build $(RELEASE) --product attache

site: release
	.build/release/attache build

check: release
	.build/release/attache check

# make bench N=100000 [JOBS=2] [WORK=/dev/shm/x]: generate a corpus of N entries
# with the project's generator (cached in WORK), build it in-process, then again
# into the same output (a rebuild); print entries/s, wall and CPU time and peak
# RSS of each, and the rebuild's time as a multiple of the build's.
N ?= 1000
JOBS ?= $(shell nproc)
WORK ?= $(or $(TMPDIR),/tmp)/attache-bench-kit
bench: deps
	$(SWIFT) build $(RELEASE) --product attache-bench
	.build/release/attache-bench $(N) --jobs $(JOBS) --templates Templates --work $(WORK)

# make bench-serve N=10000: time from saving an edit to the reload message of
# `attache serve` (20 body edits, 3 relation edits); see scripts/serve-latency.
bench-serve: deps
	scripts/serve-latency --entries $(N)

# The crash-safety test runs the attache executable, so build it first.
test: deps
	$(SWIFT) build
	$(SWIFT) test

# Rewrite the golden fixture site's checked-in output (Tests/Fixtures/golden-site/Expected)
# after a change that is meant to move bytes; review the diff before committing it.
golden: deps
	ATTACHE_UPDATE_GOLDEN=1 $(SWIFT) test --filter GoldenSite

# The binary carries the default theme (a site needs no Templates/ folder).
# Templates/ is the copy to edit: after changing it (or merging a branch that
# did), regenerate the embedded copy; EmbeddedThemeTests fails until then.
theme:
	scripts/embed-theme

# The suite again under ThreadSanitizer (CI runs it too): the parallel build must be race-free.
test-thread: deps
	$(SWIFT) build
	$(SWIFT) test --sanitize=thread --scratch-path .build-tsan

# Build the shipped site under a subpath and check it with the Nu HTML Checker,
# a link checker and headless Chromium (axe-core, console, search end to end);
# then the same for the fixture site that uses sources, citations, dated
# relations and the timeline page, and for the fixture Obsidian vault. The self-test first (a second or two):
# each step, its tool missing or crashing, must fail. The Python tools live
# in .venv-check-site/.
check-site: deps
	scripts/check-site --self-test
	scripts/check-site
	scripts/check-site Tests/Fixtures/sources-site/Content amisom missions/amisom
	scripts/check-site Tests/Fixtures/vaults/obsidian calibration calibration-log

# make install PREFIX=~/.local (default /usr/local; DESTDIR for packaging):
# the release binary, its manual page and shell completions for bash, zsh
# and fish. The manual page and the completions come from the same
# definitions as `attache --help` (swift-argument-parser).
PREFIX ?= /usr/local
DESTDIR ?=
# The manual's date: the last commit's, so the same sources give the same page.
MAN_DATE := $(shell git log -1 --format=%cs 2>/dev/null || date +%F)
SHARE := $(DESTDIR)$(PREFIX)/share

# swift-argument-parser's generate-manual plugin. It builds every product
# first; in debug mode, so the static release binary is left alone.
man: deps
	$(SWIFT) package generate-manual --configuration debug --date $(MAN_DATE)
	mkdir -p .build/man
	cp .build/plugins/GenerateManual/outputs/attache/attache.1 .build/man/attache.1

completions: release
	mkdir -p .build/completions
	.build/release/attache --generate-completion-script bash > .build/completions/attache.bash
	.build/release/attache --generate-completion-script zsh > .build/completions/_attache
	.build/release/attache --generate-completion-script fish > .build/completions/attache.fish

install: release man completions
	install -d "$(DESTDIR)$(PREFIX)/bin" "$(SHARE)/man/man1" "$(SHARE)/bash-completion/completions" \
		"$(SHARE)/zsh/site-functions" "$(SHARE)/fish/vendor_completions.d"
	install -m 755 .build/release/attache "$(DESTDIR)$(PREFIX)/bin/attache"
	install -m 644 .build/man/attache.1 "$(SHARE)/man/man1/attache.1"
	install -m 644 .build/completions/attache.bash "$(SHARE)/bash-completion/completions/attache"
	install -m 644 .build/completions/_attache "$(SHARE)/zsh/site-functions/_attache"
	install -m 644 .build/completions/attache.fish "$(SHARE)/fish/vendor_completions.d/attache.fish"

# Removes exactly the files `make install` writes.
uninstall:
	rm -f "$(DESTDIR)$(PREFIX)/bin/attache" "$(SHARE)/man/man1/attache.1" "$(SHARE)/bash-completion/completions/attache" \
		"$(SHARE)/zsh/site-functions/_attache" "$(SHARE)/fish/vendor_completions.d/attache.fish"

clean:
	rm -rf .build .venv-check-site
	find Output -mindepth 1 ! -name .gitignore -exec rm -rf {} +
