#!/usr/bin/env bash
# Creates Training/.venv over Debian's Python and torch (python3-torch) and installs requirements-cpu.txt.
# Idempotent: an existing venv that imports torch, numpy and music21 is kept. Prints missing apt packages.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
venv="$here/.venv"

missing=()
for package in python3-torch python3-numpy python3-venv fluidsynth fluid-soundfont-gm; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "setup-env: missing Debian packages: ${missing[*]} (apt-get install ${missing[*]})" >&2
fi

if [ -x "$venv/bin/python" ] && "$venv/bin/python" -c "import torch, numpy, music21" 2>/dev/null; then
    exit 0
fi
/usr/bin/python3 -m venv --system-site-packages "$venv"
"$venv/bin/pip" install -q -r "$here/requirements-cpu.txt"
"$venv/bin/python" -c "import torch, numpy, music21; print('setup-env: torch', torch.__version__, \
'numpy', numpy.__version__, 'music21', music21.__version__)"
