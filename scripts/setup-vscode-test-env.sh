#!/usr/bin/env bash
# Prepares everything the in-editor tests need: a real VS Code (code-server), a
# browser to drive it, and the system libraries code-server's native modules
# build against. Safe to re-run: each step checks first and does nothing when
# its result is already there, so a warm machine pays only a few seconds.
#
#   CARBON_LENS_CACHE   where code-server is installed (default <repo>/.cache/code-server)
#   CODE_SERVER_VERSION pinned on purpose; the e2e selectors are written against its Code build
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="${CARBON_LENS_CACHE:-$REPO/.cache/code-server}"
CODE_SERVER_VERSION="${CODE_SERVER_VERSION:-4.99.4}"
# code-server 4.99.4 ships lib/vscode with exactly this @vscode/ripgrep, whose
# postinstall wants this GitHub release asset; both must change together with
# CODE_SERVER_VERSION (see lib/vscode/npm-shrinkwrap.json and
# node_modules/@vscode/ripgrep/lib/postinstall.js inside the package).
RIPGREP_PKG_VERSION="1.15.11"
RIPGREP_ASSET="ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz"

start=$(date +%s)
log() { printf '[setup-vscode-test-env %ss] %s\n' "$(( $(date +%s) - start ))" "$*"; }

# Root, or sudo that will not hang: passwordless, or a terminal to ask the password on.
can_root() {
  [ "$(id -u)" -eq 0 ] || { command -v sudo >/dev/null 2>&1 && { sudo -n true 2>/dev/null || [ -t 0 ]; }; }
}
as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# --- 1. system packages -------------------------------------------------------
# chromium: the browser Playwright drives (playwright-core downloads none, and
#           its own browser builds are not reachable from here).
# ripgrep:  feeds the @vscode/ripgrep cache below, since its GitHub download fails offline.
# libkrb5-dev: kerberos, a code-server dependency, compiles from source here.
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v rg >/dev/null 2>&1 || missing+=(ripgrep)
dpkg -s libkrb5-dev >/dev/null 2>&1 || missing+=(libkrb5-dev)
# node-gyp builds code-server's native modules; these are usually present already.
command -v make >/dev/null 2>&1 || missing+=(make)
command -v g++ >/dev/null 2>&1 || missing+=(g++)
command -v python3 >/dev/null 2>&1 || missing+=(python3)
if [ ${#missing[@]} -gt 0 ] && ! can_root; then
  # `npm test` runs this script from its pretest step: without the rights, one line says what to run.
  echo "carbon-lens: the in-editor tests need ${missing[*]} (root to install); run once: sudo bash scripts/setup-vscode-test-env.sh" >&2
  exit 1
elif [ ${#missing[@]} -gt 0 ]; then
  log "apt-get install ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
else
  log "system packages already present"
fi

# --- 2. code-server -----------------------------------------------------------
ENTRY="$CACHE/node_modules/code-server/out/node/entry.js"
MARKER="$CACHE/.installed-$CODE_SERVER_VERSION"
# XDG dirs keep code-server from writing config.yaml/logs/deviceid under $HOME,
# which it does even for --version.
export XDG_CONFIG_HOME="$CACHE/xdg/config" XDG_DATA_HOME="$CACHE/xdg/data" XDG_CACHE_HOME="$CACHE/xdg/cache"

if [ -f "$MARKER" ] && [ -f "$ENTRY" ]; then
  log "code-server $CODE_SERVER_VERSION already installed in $CACHE"
else
  node_major="$(node -p 'process.versions.node.split(".")[0]')"
  if [ "$node_major" != "20" ]; then
    # code-server's postinstall refuses other majors (its native modules are built for Node 20).
    echo "code-server $CODE_SERVER_VERSION needs Node 20; found $(node --version)" >&2
    exit 1
  fi
  log "installing code-server $CODE_SERVER_VERSION into $CACHE"
  # A half-finished earlier attempt has no marker; start from nothing rather than trust it.
  rm -rf "$CACHE/node_modules" "$CACHE/package.json" "$CACHE/package-lock.json" "$CACHE"/.installed-*
  mkdir -p "$CACHE/tmp" "$CACHE/rgstage"

  # @vscode/ripgrep looks for <os.tmpdir()>/vscode-ripgrep-cache-<ver>/<asset>
  # before downloading. Pointing TMPDIR at our cache keeps that seed private to
  # this install instead of leaving it in /tmp.
  rgcache="$CACHE/tmp/vscode-ripgrep-cache-$RIPGREP_PKG_VERSION"
  mkdir -p "$rgcache"
  cp "$(command -v rg)" "$CACHE/rgstage/rg"
  tar czf "$rgcache/$RIPGREP_ASSET" -C "$CACHE/rgstage" rg   # rg must sit at the archive's top level

  printf '{ "name": "carbon-lens-code-server", "private": true }\n' > "$CACHE/package.json"
  (
    cd "$CACHE"
    export TMPDIR="$CACHE/tmp"
    # As root, code-server's postinstall.sh aborts unless this is set.
    export npm_config_unsafe_perm=true
    # node-pty's postinstall runs `npx node-gyp`; a user/CI npmrc with yes=false
    # (or no TTY to answer) would cancel it and fail the whole install.
    export npm_config_yes=true
    # Headers come from Debian's nodejs package; without this node-gyp tries to download them.
    if [ -z "$(npm config get nodedir 2>/dev/null | grep -v '^undefined$' || true)" ] && [ -f /usr/include/node/node.h ]; then
      export npm_config_nodedir=/usr
    fi
    npm install --no-audit --no-fund --loglevel=error "code-server@$CODE_SERVER_VERSION" > "$CACHE/install.log" 2>&1 \
      || { tail -n 60 "$CACHE/install.log" >&2; echo "code-server install failed; full log: $CACHE/install.log" >&2; exit 1; }
  )
  # The ripgrep step fails quietly in some versions; check the file it should have produced.
  rgbin="$(find "$CACHE/node_modules/code-server/lib/vscode/node_modules/@vscode/ripgrep/bin" -name rg 2>/dev/null | head -n1)"
  if [ -z "$rgbin" ]; then
    echo "code-server installed but @vscode/ripgrep has no bin/rg; see $CACHE/install.log" >&2
    exit 1
  fi
  rm -rf "$CACHE/rgstage"
  touch "$MARKER"
fi

# --- 3. report ----------------------------------------------------------------
# The first line can be a log line about writing config.yaml (into our XDG dir).
cs_version="$(node "$ENTRY" --version 2>/dev/null | grep -v '^\[' | head -n1)"
# Debian's chromium wrapper prints a harmless shell warning on stderr.
chromium_version="$(chromium --version 2>/dev/null | head -n1)"
pw_version="$(cd "$REPO" && node -p 'require("playwright-core/package.json").version' 2>/dev/null || echo 'not installed (run npm ci)')"
log "node        $(node --version)"
log "code-server $cs_version"
log "chromium    $chromium_version ($(command -v chromium))"
log "ripgrep     $(rg --version | head -n1)"
log "playwright-core $pw_version"
log "CODE_SERVER_ENTRY=$ENTRY"
