#!/bin/sh
# Runs a training script with a Python that has torch: $PYTHON if set, else Debian's /usr/bin/python3
# (apt-get install python3-torch), else python3 on the PATH.
set -e
script="$(dirname "$0")/$1"; shift
for py in "${PYTHON:-}" /usr/bin/python3 python3; do
  [ -n "$py" ] && "$py" -c 'import torch' 2>/dev/null && exec "$py" "$script" "$@"
done
echo "training: no Python with torch found; install it (apt-get install python3-torch) or set PYTHON" >&2
exit 2
