# The two commands a new user runs: `make run` and `make test`. Everything they need is installed by
# scripts/install-deps (Debian packages, and the npm packages pinned by package-lock.json).
JOBS ?= $(shell nproc)
BUILD_DIR ?= build
ASAN_DIR ?= build-asan
DB ?= kompass.db

.PHONY: deps build build-asan run demo-db test test-release test-asan format format-check clean

deps:
	@scripts/install-deps

build: deps
	@cmake -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=Release >/dev/null
	@cmake --build $(BUILD_DIR) -j $(JOBS)

build-asan: deps
	@cmake -S . -B $(ASAN_DIR) -DCMAKE_BUILD_TYPE=Debug -DKOMPASS_SANITIZE=ON -DKOMPASS_BENCH=OFF >/dev/null
	@cmake --build $(ASAN_DIR) -j $(JOBS)

# Creates the demo database once: the shipped frameworks, the Sundsvall 2012 evaluation, published results
# and published averages.
demo-db: build
	@scripts/demo-db $(BUILD_DIR)/kompass $(DB)

# Serves the web application on the demo database and prints its URL and a demo admin login (a new random
# password each run).
LISTEN ?= 127.0.0.1:8080
run: demo-db
	@scripts/run-demo $(BUILD_DIR)/kompass $(DB) $(LISTEN)

# Unit tests under ASan+UBSan, then every test (unit, data-driven, end-to-end) on the Release build; each run with a
# throwaway PostgreSQL cluster (scripts/with-postgres), so the store and use-case tests run on both backends.
test: build build-asan format-check
	@cd $(ASAN_DIR) && ASAN_OPTIONS=detect_leaks=1 LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp \
	  UBSAN_OPTIONS=print_stacktrace=1 \
	  $(CURDIR)/scripts/with-postgres ctest -L unit --output-on-failure -j $(JOBS)
	@cd $(BUILD_DIR) && $(CURDIR)/scripts/with-postgres ctest --output-on-failure -j $(JOBS)

format:
	@find src tests bench -name '*.cpp' -o -name '*.hpp' 2>/dev/null | xargs clang-format -i

format-check:
	@scripts/check-format

clean:
	@rm -rf $(BUILD_DIR) $(ASAN_DIR)
