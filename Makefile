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

.PHONY: golden site test test-thread check-site deps release check bench bench-serve clean

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

# make bench N=10000 [JOBS=2]: generate a corpus of N entries with the project's
# generator, build it once in-process, print entries/s, wall and CPU time, peak RSS.
N ?= 1000
JOBS ?= $(shell nproc)
bench: deps
	$(SWIFT) build $(RELEASE) --product attache-bench
	.build/release/attache-bench $(N) --jobs $(JOBS) --templates Templates

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

# The suite again under ThreadSanitizer (CI runs it too): the parallel build must be race-free.
test-thread: deps
	$(SWIFT) build
	$(SWIFT) test --sanitize=thread --scratch-path .build-tsan

# Build the shipped site under a subpath and check it with the Nu HTML Checker,
# a link checker and headless Chromium (axe-core, console, search end to end);
# then the same for the fixture site that uses sources, citations, dated
# relations and the timeline page. The self-test first (a second or two):
# each step, its tool missing or crashing, must fail. The Python tools live
# in .venv-check-site/.
check-site: deps
	scripts/check-site --self-test
	scripts/check-site
	scripts/check-site Tests/Fixtures/sources-site/Content amisom missions/amisom

clean:
	rm -rf .build .venv-check-site
	find Output -mindepth 1 ! -name .gitignore -exec rm -rf {} +
