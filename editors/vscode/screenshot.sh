#!/usr/bin/env bash
# Screenshots of the extension in a real VS Code (code-server, the browser build of VS Code) driven by headless
# Chromium: the county's 实施意见 highlighted, an error squiggle after an edit, a hover with the article text,
# go to definition into the province's file. Not part of CI (it needs code-server and a browser).
#
#   editors/vscode/screenshot.sh [OUT_DIR]        # default OUT_DIR: /tmp/jingzhun-screenshots
#
# Needs node 20, npm, a C++ toolchain with libkrb5-dev, libx11-dev, libxkbfile-dev and libsecret-1-dev (code-server's
# native modules), ripgrep (`apt-get install ripgrep`), Chromium (`apt-get install chromium fonts-noto-cjk`) and
# `jz` built (`cargo build -p jz-cli`). code-server is installed from npm into $CS_DIR once. Its postinstall fetches
# ripgrep from GitHub; here the scripts are skipped, the system's `rg` is put in its place and the native modules
# are rebuilt from source, so only the npm registry is used.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
out="${1:-/tmp/jingzhun-screenshots}"
CS_DIR="${CS_DIR:-$HOME/.cache/jingzhun-code-server}"
CS_VERSION="${CS_VERSION:-4.100.3}" # the last code-server line that runs on node 20
PORT="${PORT:-18017}"
JZ="${JZ:-${CARGO_TARGET_DIR:-$repo/target}/debug/jz}"
CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
[ -x "$JZ" ] || { echo "error: no jz at $JZ; build it with 'cargo build -p jz-cli' or set JZ" >&2; exit 1; }
command -v rg >/dev/null || { echo "error: ripgrep (rg) is needed: apt-get install ripgrep" >&2; exit 1; }

cs="$CS_DIR/node_modules/code-server"
if [ ! -e "$cs/.jingzhun-ready" ]; then
  mkdir -p "$CS_DIR"
  (cd "$CS_DIR" && npm install --no-audit --no-fund --ignore-scripts "code-server@$CS_VERSION" playwright-core@1.65.2)
  (cd "$CS_DIR" && npm rebuild argon2)
  # what code-server's postinstall.sh does, without the downloads
  (cd "$cs/lib/vscode" && npm install --omit=dev --ignore-scripts --no-audit --no-fund)
  (cd "$cs/lib/vscode/extensions" && npm install --omit=dev --ignore-scripts --no-audit --no-fund)
  mkdir -p "$cs/lib/vscode/node_modules/@vscode/ripgrep/bin"
  cp "$(command -v rg)" "$cs/lib/vscode/node_modules/@vscode/ripgrep/bin/rg"
  (cd "$cs/lib/vscode" && npm rebuild kerberos @parcel/watcher @vscode/spdlog native-watchdog node-pty)
  (cd "$cs/lib/vscode" && rm -rf node_modules.asar && ln -s node_modules node_modules.asar)
  (cd "$cs/lib/vscode/bin/remote-cli" && ln -sf code-linux.sh code-server)
  (cd "$cs/lib/vscode/bin/helpers" && ln -sf browser-linux.sh browser.sh)
  touch "$cs/.jingzhun-ready"
fi

[ -f "$here/jingzhun.vsix" ] || "$here/build.sh"
state="$(mktemp -d /tmp/jingzhun-cs.XXXXXX)"
mkdir -p "$state/user/User" "$state/extensions" "$out"
cat > "$state/user/User/settings.json" <<EOF
{
  "jingzhun.server.path": "$JZ",
  "security.workspace.trust.enabled": false,
  "workbench.startupEditor": "none",
  "workbench.tips.enabled": false,
  "workbench.colorTheme": "Default Light Modern",
  "telemetry.telemetryLevel": "off",
  "editor.fontSize": 15,
  "editor.minimap.enabled": false,
  "editor.hover.delay": 200,
  "files.autoSave": "off",
  "window.commandCenter": false,
  "chat.commandCenter.enabled": false,
  "workbench.secondarySideBar.defaultVisibility": "hidden"
}
EOF
node "$cs/out/node/entry.js" --install-extension "$here/jingzhun.vsix" \
  --user-data-dir "$state/user" --extensions-dir "$state/extensions" >/dev/null
node "$cs/out/node/entry.js" --auth none --bind-addr "127.0.0.1:$PORT" --disable-telemetry \
  --disable-update-check --disable-workspace-trust --disable-getting-started-override \
  --user-data-dir "$state/user" --extensions-dir "$state/extensions" "$repo" >"$state/server.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; cp "$state/server.log" "$out/code-server.log" 2>/dev/null; rm -rf "$state"' EXIT
for _ in $(seq 1 120); do
  curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break
  sleep 0.5
done
NODE_PATH="$CS_DIR/node_modules" URL="http://127.0.0.1:$PORT/?folder=$repo" OUT="$out" CHROMIUM="$CHROMIUM" \
  PROFILE="$state/chromium" node "$here/screenshot.cjs"
echo "screenshots in $out (and code-server.log)"
