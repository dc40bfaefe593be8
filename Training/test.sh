#!/usr/bin/env bash
# The trainer's unit tests (stdlib unittest): the VQ-VAE and priors against the golden cases
# in ../shared/golden (skipped when absent), the trained default's weights, the data builder.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
bash "$here/setup-env.sh"
cd "$here"
exec .venv/bin/python -m unittest discover -s tests -t . "$@"
