#!/usr/bin/env bash
# The test command (README, "Run the tests"): installs missing Debian packages, checks the
# imports against Package.swift and the format (swift-format), builds everything (library,
# daemon, client, tests), runs the whole Swift suite and the thread-sharing suites again under
# ThreadSanitizer, then the hostile suite against the built daemon, then the packaging test, then
# the trainer's CPU smoke test. The golden test vectors are read from ../shared/golden beside the
# checkout.
set -euo pipefail
cd "$(dirname "$0")/.."
bash .ci/install-deps training
# Every target imports exactly the first-party modules Package.swift declares for it.
/usr/bin/python3 .ci/check-imports
# Every Swift file as the toolchain's swift-format writes it (.swift-format: 120 columns).
bash .ci/check-format
swift build --build-tests
swift test --skip-build
# The compute pool and the daemon again under ThreadSanitizer, in their own build folder
# (.build-tsan): a second build of everything, about 5 minutes in all on the 2-core test machine.
bash .ci/tsan
# The hostile suite attacks the real daemon from outside (Tests/e2e-python/hostile_suite.py):
# run after the Swift tests, alone, so its bounded waits and memory figures are not measured
# against the rest of the suite, and so it holds none of the test runner's few threads.
# Groups that need root (tmpfs, another uid) print "skip" lines when not run as root.
HOSTILE_SOAK_CYCLES="${HOSTILE_SOAK_CYCLES:-20}" /usr/bin/python3 Tests/e2e-python/hostile_suite.py \
    "$(swift build --show-bin-path)/jukeboxd" all
# The install path and the Debian package (Tests/packaging/deb-test.sh): the test build's daemon
# and client relinked with the Swift runtime inside (seconds; the documented install does the
# static release build), packaged by Systemd/build-deb.sh, checked with lintian, unpacked, and its
# units, man pages, configuration and model checked in the unpacked tree.
bash Tests/packaging/deb-test.sh
# The trainer (Training/, Python + PyTorch): its unit tests (the reference architecture against
# the golden cases, the data builder), then a tiny model trained end to end, killed and resumed,
# converted and continued through the built jukeboxd.
bash Training/test.sh
bash Training/smoke-test.sh "$(swift build --show-bin-path)/jukeboxd"
