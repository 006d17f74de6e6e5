# The two commands of the README:
#   make run    builds wardcast and starts it on the bundled config, with a demo airing
#   make test   runs the whole test suite
# Both install the Debian/Ubuntu packages they need first, when they are missing.

BUILD_PACKAGES := libasound2-dev pkg-config
TEST_PACKAGES := ffmpeg icecast2 chromium chromium-driver procps
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run run-headless test build deps test-deps bench

define install_missing
	@missing=""; \
	for package in $(1); do \
		dpkg -s $$package >/dev/null 2>&1 || missing="$$missing $$package"; \
	done; \
	if [ -n "$$missing" ]; then \
		echo "Installing system packages:$$missing"; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi
endef

deps:
	$(call install_missing,$(BUILD_PACKAGES))

test-deps: deps
	$(call install_missing,$(TEST_PACKAGES))

build: deps
	cargo build --release

run: build
	./target/release/wardcast --config config/wardcast.toml run --demo

# For a machine without a sound card (a VM, a server): the same, with ALSA's output going
# to data/headless-card.raw (S16_LE, 48 kHz, stereo) at a sound card's pace.
run-headless: build
	$(call install_missing,pv)
	mkdir -p data
	printf '%s\n' 'pcm.null { type null }' 'pcm.!default {' '  type plug' \
		'  slave { pcm { type file slave.pcm "null" format "raw"' \
		'    file "|exec pv -q -L 192000 >> $(CURDIR)/data/headless-card.raw" }' \
		'    format S16_LE rate 48000 channels 2 }' '}' > data/headless-asound.conf
	ALSA_CONFIG_PATH=$(CURDIR)/data/headless-asound.conf \
		./target/release/wardcast --config config/wardcast.toml run --demo

test: test-deps
	cargo test

bench: test-deps
	cargo bench --bench airing
	cargo bench --bench library
	cargo bench --bench export
	cargo bench --bench relay
	cargo bench --bench console
	# The airings again while a script loads the console's pages without pause.
	WARDCAST_BENCH_PAGE_LOAD=1 cargo bench --bench airing
	# The issue's drift figure: a sender 0.1 % fast relayed for an hour.
	WARDCAST_BENCH_RELAYS=0 WARDCAST_BENCH_DRIFT_SECONDS=3600 cargo bench --bench relay
