# Shared settings for the ci/ scripts. Sourced, not run.
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TOOLS_DIR=${GUIDE_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/wasmtime-async-guide/tools}
MDBOOK_VERSION=0.4.52
LINKCHECK_VERSION=0.7.7
export PATH="$TOOLS_DIR/bin:$PATH"

say() { printf '==> %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }
