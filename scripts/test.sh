#!/usr/bin/env bash
# Sets up the machine (scripts/harness.sh) and runs the whole test suite, end-to-end tests included.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/harness.sh
export NIXPACKS_CI_DOCKER=${NIXPACKS_CI_DOCKER:-/usr/bin/docker}
swift build --build-tests
swift test --skip-build
