#!/usr/bin/env bash
# The test command (README, "Run the tests"): installs missing Debian packages, builds
# everything (library, daemon, client, tests) and runs the whole suite. The golden test
# vectors are read from ../shared/golden beside the checkout.
set -euo pipefail
cd "$(dirname "$0")/.."
bash .ci/install-deps
swift build --build-tests
swift test --skip-build
