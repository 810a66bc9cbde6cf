# shellcheck shell=bash
# Shared settings for the ci/ scripts. Sourced, not run.
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TOOLS_DIR=${GUIDE_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/wasmtime-async-guide/tools}
# shellcheck disable=SC2034 # used by the scripts that source this file
MDBOOK_VERSION=0.4.52
# shellcheck disable=SC2034
LINKCHECK_VERSION=0.7.7
export PATH="$TOOLS_DIR/bin:$PATH"

say() { printf '==> %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# ci/wasmtime-matrix: the releases the guide runs and the toolchain of each
# (ci/guide-md/src/matrix.rs checks the file and names a bad line; its
# fields are read here with awk).
MATRIX="$ROOT/ci/wasmtime-matrix"
# The pinned Wasmtime versions, oldest first. Cargo.toml pins the newest.
VERSIONS=$(awk '$1 == "wasmtime" && $3 == "pinned" { print $2 }' "$MATRIX")
DEFAULT_VERSION=$(tail -n 1 <<<"$VERSIONS")
# The release of every major the sweep runs (ci/sweep), oldest first; the
# pinned versions are among them.
MAJORS=$(awk '$1 == "wasmtime" && $3 != "patch" { print $2 }' "$MATRIX")
# Every release the sweep runs: MAJORS and the patch releases run besides,
# which place an outcome that changed inside a major.
RELEASES=$(awk '$1 == "wasmtime" { print $2 }' "$MATRIX")

# Installs Debian packages with apt-get, as root or through sudo; stops,
# naming them and what to do instead (HELP), when there is no apt-get or it
# fails.
apt_install() { # help package...
  local sudo=
  [ "$(id -u)" = 0 ] || sudo=sudo
  command -v apt-get >/dev/null || die "no apt-get to install Debian's ${*:2}: $1"
  say "installing Debian's ${*:2} (apt-get)"
  { $sudo apt-get update -qq &&
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${@:2}" >/dev/null; } ||
    die "apt-get could not install Debian's ${*:2}: $1"
}

guide_md() {
  cargo run --quiet --manifest-path "$ROOT/ci/guide-md/Cargo.toml" -- "$@"
}

check_version() {
  grep -qxF "$1" <<<"$VERSIONS" ||
    die "Wasmtime $1 is not pinned in ci/wasmtime-matrix (pinned: ${VERSIONS//$'\n'/ })"
}

# The release of ci/wasmtime-matrix for a major ("45" -> "45.0.3"); a
# release of the matrix ("45.0.0") is itself.
major_version() { # major or release
  if [[ $1 == *.* ]]; then
    grep -xF "$1" <<<"$RELEASES" || die "Wasmtime $1 is not a release of ci/wasmtime-matrix"
  else
    grep -E "^$1\." <<<"$MAJORS" || die "Wasmtime $1 is not a major of ci/wasmtime-matrix ($(echo "$MAJORS" | cut -d. -f1 | tr '\n' ' '))"
  fi
}

# The rustup toolchain to build a version with (`cargo +TOOLCHAIN`): the one
# its line of ci/wasmtime-matrix names, or else any installed toolchain whose
# `rustc -V` is exactly the one named there (a machine may call the same
# nightly `nightly`). Stops, saying how to install it, when there is none:
# the captures of programs that must not compile are that rustc's words.
toolchain() { # version
  local name want t
  name=$(awk -v v="$1" '$1 == "wasmtime" && $2 == v { print $4 }' "$MATRIX")
  [ -n "$name" ] || die "Wasmtime $1 is not in ci/wasmtime-matrix"
  want=$(awk -v n="$name" '$1 == "toolchain" && $2 == n { sub(/^toolchain +[^ ]+ +/, ""); sub(/ *#.*/, ""); print }' "$MATRIX")
  for t in "$name" $(rustup toolchain list 2>/dev/null | cut -d' ' -f1); do
    if [ "$(rustc "+$t" -V 2>/dev/null)" = "$want" ]; then
      echo "$t"
      return
    fi
  done
  die "Wasmtime $1 is built with Rust toolchain $name, \`$want\` (ci/wasmtime-matrix), and no installed toolchain is that rustc: rustup toolchain install $name --profile minimal --component clippy,rustfmt"
}

# Where each version's crate, target directory and lockfile are, and which
# examples run on it: ci/guide-md says (src/layout.rs and each example's
# `//! Wasmtime:` range, the one place), asked once, here. The newest pinned version is the
# root crate itself; each other one gets a crate under target/matrix/
# (prepare_crate, below): a copy of Cargo.toml with the two pins swapped,
# the committed ci/locks/VERSION.lock, and links to the sources.
declare -A CRATE_DIR TARGET_DIR LOCK_FILE EXAMPLES
layout=$(guide_md layout "$ROOT") || die "ci/guide-md could not say where each version's crate is (see above)"
eval "$layout"
unset layout
in_layout() { [ -n "${CRATE_DIR[$1]+set}" ] || die "Wasmtime $1 is not in ci/wasmtime-matrix"; }
crate_dir() { in_layout "$1" && echo "${CRATE_DIR[$1]}"; }
target_dir() { in_layout "$1" && echo "${TARGET_DIR[$1]}"; }
lock_file() { in_layout "$1" && echo "${LOCK_FILE[$1]}"; }
# `cargo SUBCOMMAND --locked` on a version's crate, with its toolchain and
# into its target directory, then ARGS.
version_cargo() { # version subcommand args...
  cargo "+$(toolchain "$1")" "$2" --locked --manifest-path "$(crate_dir "$1")/Cargo.toml" --target-dir "$(target_dir "$1")" "${@:3}"
}

# The release the GitHub workflow's sweep job re-runs on this commit: the
# releases that are not pinned (swept and patch) take turns, one per commit
# (the commit count picks), so that successive runs cycle through all of
# them. GUIDE_SWEEP_RELEASE chooses one (a major or a release).
rotating_release() {
  if [ -n "${GUIDE_SWEEP_RELEASE:-}" ]; then echo "$GUIDE_SWEEP_RELEASE"; return; fi
  local count
  count=$(git -C "$ROOT" rev-list --count HEAD 2>/dev/null || echo 0)
  awk -v n="$count" '$1 == "wasmtime" && $3 != "pinned" { unpinned[k++] = $2 } END { if (k) print unpinned[n % k] }' "$MATRIX"
}

# Any release of ci/wasmtime-matrix (pinned, swept or patch) works here.
prepare_crate() { # version
  local v=$1 dir
  in_layout "$v"
  [ "$v" = "$DEFAULT_VERSION" ] && return
  dir=$(crate_dir "$v")
  mkdir -p "$dir"
  # Cargo.toml with both Wasmtime pins set to this version, edited as TOML
  # (ci/guide-md/src/pins.rs: also drops Wasmtime's `anyhow` feature before
  # 42, where it does not exist).
  guide_md cargo-toml "$v" "$ROOT" > "$dir/Cargo.toml.new" ||
    die "could not write the Cargo.toml of Wasmtime $v (see above)"
  cmp -s "$dir/Cargo.toml.new" "$dir/Cargo.toml" 2>/dev/null || mv "$dir/Cargo.toml.new" "$dir/Cargo.toml"
  rm -f "$dir/Cargo.toml.new"
  for f in src tests benches captures sweep; do
    ln -sfn "$ROOT/$f" "$dir/$f"
  done
  rm -f "$dir/build.rs" # linked by older versions of this script
  # examples/ holds links to only the examples that run on this version
  # (their `//! Wasmtime:` line), so cargo builds no others; an example's
  # older form (examples/older/NAME.rs) is linked as examples/NAME.rs.
  local have f
  have=$(for f in "$dir"/examples/*; do if [ -L "$f" ]; then readlink "$f"; fi; done)
  if [ -L "$dir/examples" ] || [ "$(for f in ${EXAMPLES[$v]}; do echo "$ROOT/examples/$f"; done)" != "$have" ]; then
    rm -rf "$dir/examples"
    mkdir "$dir/examples"
    for f in ${EXAMPLES[$v]}; do ln -s "$ROOT/examples/$f" "$dir/examples/${f##*/}"; done
  fi
  [ ! -f "$(lock_file "$v")" ] || cmp -s "$(lock_file "$v")" "$dir/Cargo.lock" || cp "$(lock_file "$v")" "$dir/Cargo.lock"
}
