#!/usr/bin/env bash
# Advocate's one entry point.
#   ./build.sh          build the extension (dist/chrome, dist/firefox, zips) and the CLI
#   ./build.sh test     everything CI checks: fmt, clippy, unit tests, browser tests
#   ./build.sh bench    performance benchmarks in headless Chromium (bench/results.json)
#   ./build.sh package --key company.pem --update-url https://intranet.example/advocate/
#                       the self-hosted enterprise package in dist/enterprise (README)
# Each command installs what it needs that is missing, and skips work that is up to date.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$ROOT"

TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
WASM_PROFILE=wasm-release
WASM_RAW="$TARGET_DIR/wasm32-unknown-unknown/$WASM_PROFILE/advocate_web.wasm"
PKG="$TARGET_DIR/wasm-pkg"
DIST="$ROOT/dist"

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf 'build.sh: %s\n' "$*" >&2; exit 1; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    die "need root to run: $*"; fi
}

# ---- toolchain -------------------------------------------------------------------------------

ensure_wasm_target() {
  if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
    log "installing the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
}

# The CLI must be exactly the version of the wasm-bindgen crate pinned in crates/web/Cargo.toml.
ensure_wasm_bindgen() {
  local want have
  want="$(sed -n 's/^wasm-bindgen = "=\([0-9.]*\)".*/\1/p' crates/web/Cargo.toml)"
  [ -n "$want" ] || die "crates/web/Cargo.toml must pin wasm-bindgen with =X.Y.Z"
  have="$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" || true
  if [ "$have" != "$want" ]; then
    log "installing wasm-bindgen-cli $want (a few minutes, once)"
    # Not --locked: with it, dependency resolution fails on these machines (docs/ARCHITECTURE.md).
    cargo install wasm-bindgen-cli --version "$want"
  fi
}

# npm packages from a committed lockfile, reinstalled only when the lockfile changes.
ensure_npm() {
  local dir="$1" stamp="$1/node_modules/.advocate-lock"
  local sum; sum="$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)"
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$sum" ]; then
    log "installing npm packages in ${dir#"$ROOT"/}"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
    echo "$sum" > "$stamp"
  fi
}

ensure_browsers() {
  local missing=()
  command -v chromium >/dev/null || missing+=(chromium)
  command -v chromedriver >/dev/null || missing+=(chromium-driver)
  command -v firefox-esr >/dev/null || missing+=(firefox-esr)
  if [ "${#missing[@]}" -gt 0 ]; then
    log "installing Debian packages: ${missing[*]}"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
  fi
}

# ---- build -----------------------------------------------------------------------------------

newer() { # newer OUT IN... : true if OUT is missing or older than any IN
  local out="$1"; shift
  [ -e "$out" ] || return 0
  local f
  for f in "$@"; do [ "$f" -nt "$out" ] && return 0; done
  return 1
}

# wasm-bindgen, then binaryen from npm (v132; the features are the ones rustc enables for
# wasm32 by default), for one crate's module into $PKG.
bind_wasm() {
  local name="$1" raw="$TARGET_DIR/wasm32-unknown-unknown/$WASM_PROFILE/$1.wasm"
  if newer "$PKG/$name.js" "$raw"; then
    rm -rf "$PKG.tmp" && mkdir -p "$PKG.tmp"
    wasm-bindgen --target web --no-typescript --out-dir "$PKG.tmp" "$raw"
    "$ROOT/crates/web/node_modules/.bin/wasm-opt" -Oz \
      --enable-bulk-memory --enable-mutable-globals --enable-nontrapping-float-to-int \
      --enable-sign-ext --enable-reference-types --enable-multivalue \
      "$PKG.tmp/${name}_bg.wasm" -o "$PKG.tmp/${name}_bg.opt.wasm"
    mkdir -p "$PKG"
    mv "$PKG.tmp/${name}_bg.opt.wasm" "$PKG/${name}_bg.wasm"
    mv "$PKG.tmp/$name.js" "$PKG/$name.js"
    rm -rf "$PKG.tmp"
  fi
}

# Two modules: the extension's (worker, card frames, popup, options) and the feed studio's, so
# that a card frame on LinkedIn or X never loads the studio (#20).
build_wasm() {
  ensure_wasm_target
  ensure_wasm_bindgen
  ensure_npm "$ROOT/crates/web"
  log "building the wasm modules"
  # Two cargo runs, not one: built together, cargo would unify advocate-core's features and the
  # extension's module would carry the studio's (CSV reader, time zone tables).
  cargo build --quiet -p advocate-web --target wasm32-unknown-unknown --profile "$WASM_PROFILE"
  cargo build --quiet -p advocate-studio --target wasm32-unknown-unknown --profile "$WASM_PROFILE"
  bind_wasm advocate_web
  bind_wasm advocate_studio
}

# The one version of everything: Cargo.toml's [workspace.package] version. The manifests, the
# CLI's --version and the package file names follow it; check_versions fails on any drift.
workspace_version() {
  python3 -c 'import sys, tomllib; print(tomllib.load(open(sys.argv[1], "rb"))["workspace"]["package"]["version"])' \
    "$ROOT/Cargo.toml"
}

# Copies the extension sources and the wasm package into dist/<browser>/ with that browser's
# manifest, and writes the store packages as deterministic zips (same inputs, same bytes):
#   dist/chrome/                        development and policies: keeps the manifest's `key`
#                                       (the fixed id kalnpaafhdbpkljnnehiapepacfojkhl)
#   dist/advocate-chrome-VERSION.zip    Chrome Web Store and Edge Add-ons: without `key`, which
#                                       the Chrome Web Store refuses in an upload
#   dist/firefox/, dist/advocate-firefox-VERSION.zip    addons.mozilla.org
assemble() {
  local version; version="$(workspace_version)"
  log "assembling dist/chrome and dist/firefox (version $version)"
  python3 - "$ROOT/extension" "$PKG" "$DIST" "$version" <<'PY'
import json, os, shutil, sys, zipfile

src, pkg, dist, version = sys.argv[1:5]
# What ships: the manifest (per browser), pages, scripts, styles, locales, icons, demo feed.
SHIP = ["background.js", "frame.html", "popup.html", "options.html", "studio.html",
        "preview.html", "managed_schema.json",
        "demo-feed.json", "js", "content", "css", "_locales", "icons"]
# Manifest fields for development only, never in a store package.
DEV_ONLY = ["key"]

def source_manifest():
    m = json.load(open(os.path.join(src, "manifest.json"), encoding="utf-8"))
    if "version" in m:
        sys.exit("build.sh: extension/manifest.json must not carry a \"version\": the version is "
                 "Cargo.toml's [workspace.package] version, which the build writes into the manifests")
    out = {}
    for k, v in m.items():  # the version goes where people look for it, after the description
        out[k] = v
        if k == "description":
            out["version"] = version
    out.setdefault("version", version)
    return out

def manifest_for(browser):
    m = source_manifest()
    if browser == "chrome":
        m["background"].pop("scripts", None)       # Chrome: service worker
        m.pop("browser_specific_settings", None)
    else:
        m["background"].pop("service_worker", None)  # Firefox: event page
        m.pop("key", None)                            # Chrome's id key means nothing to Firefox
        m.pop("minimum_chrome_version", None)
        for war in m.get("web_accessible_resources", []):
            war.pop("use_dynamic_url", None)         # not supported by Firefox
    return m

def manifest_bytes(m):
    return (json.dumps(m, ensure_ascii=False, indent=2) + "\n").encode("utf-8")

def sync_tree(out):
    if os.path.isdir(out):
        shutil.rmtree(out)
    os.makedirs(out)
    for name in SHIP:
        p = os.path.join(src, name)
        if os.path.isdir(p):
            shutil.copytree(p, os.path.join(out, name))
        else:
            shutil.copy2(p, os.path.join(out, name))
    os.makedirs(os.path.join(out, "pkg"))
    for name in ("advocate_web.js", "advocate_web_bg.wasm",
                 "advocate_studio.js", "advocate_studio_bg.wasm"):
        shutil.copy2(os.path.join(pkg, name), os.path.join(out, "pkg", name))

def write_zip(folder, path, manifest):
    """Zips `folder`, with the bytes `manifest` as its manifest.json."""
    tmp = path + ".tmp"
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for root, dirs, files in os.walk(folder):
            dirs.sort()
            for f in sorted(files):
                full = os.path.join(root, f)
                name = os.path.relpath(full, folder)
                info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                z.writestr(info, manifest if name == "manifest.json" else open(full, "rb").read())
    os.replace(tmp, path)

# Packages of another version would pass for this build's: remove them.
for f in (os.listdir(dist) if os.path.isdir(dist) else []):
    if f.startswith("advocate-") and f.endswith(".zip"):
        os.remove(os.path.join(dist, f))

for browser in ("chrome", "firefox"):
    out = os.path.join(dist, browser)
    sync_tree(out)
    m = manifest_for(browser)
    with open(os.path.join(out, "manifest.json"), "wb") as f:
        f.write(manifest_bytes(m))
    for field in DEV_ONLY:
        m.pop(field, None)
    write_zip(out, os.path.join(dist, f"advocate-{browser}-{version}.zip"), manifest_bytes(m))
PY
}

# Fails when anything that carries the version disagrees with Cargo.toml: the CLI (a crate that
# stopped using version.workspace), the manifests in dist/ and in the packages, and the
# packages' file names. Also refuses a store package that carries a development-only field.
check_versions() {
  local version cli
  version="$(workspace_version)"
  cli="$("$TARGET_DIR/release/advocate" --version | awk '{print $2}')"
  [ "$cli" = "$version" ] || die "advocate --version says $cli, Cargo.toml's version is $version"
  python3 - "$DIST" "$version" <<'PY' || die "dist/ does not match Cargo.toml's version $version"
import json, os, sys, zipfile

dist, version = sys.argv[1:3]
bad = []
for browser in ("chrome", "firefox"):
    v = json.load(open(os.path.join(dist, browser, "manifest.json"), encoding="utf-8"))["version"]
    if v != version:
        bad.append(f"dist/{browser}/manifest.json has version {v}")
    name = f"advocate-{browser}-{version}.zip"
    if not os.path.exists(os.path.join(dist, name)):
        bad.append(f"dist/{name} is missing")
        continue
    m = json.loads(zipfile.ZipFile(os.path.join(dist, name)).read("manifest.json"))
    if m.get("version") != version:
        bad.append(f"{name} holds version {m.get('version')}")
    if "key" in m:
        bad.append(f"{name} carries the development `key`")
for b in bad:
    print(f"build.sh: {b}", file=sys.stderr)
sys.exit(1 if bad else 0)
PY
}

build_cli() {
  log "building the advocate CLI"
  cargo build --quiet --release -p advocate-cli
}

cmd_build() {
  build_wasm
  assemble
  build_cli
  check_versions
  local raw gz
  raw=$(stat -c %s "$PKG/advocate_web_bg.wasm")
  gz=$(gzip -9c "$PKG/advocate_web_bg.wasm" | wc -c)
  log "done: dist/chrome, dist/firefox, dist/advocate-{chrome,firefox}-$(workspace_version).zip, target/release/advocate (wasm $raw bytes, $gz gzip)"
}

# ---- test ------------------------------------------------------------------------------------

cmd_test() {
  cmd_build
  ensure_browsers
  ensure_npm "$ROOT/tests"
  log "cargo fmt --check"
  cargo fmt --all -- --check
  log "cargo clippy"
  cargo clippy --quiet --workspace --all-targets -- -D warnings
  log "cargo test"
  cargo test --quiet --workspace
  log "web-ext lint (dist/firefox)"
  (cd tests && node harness/lint-firefox.mjs "$DIST/firefox")
  log "browser tests"
  (cd tests && npx playwright test)
}

# ---- package ---------------------------------------------------------------------------------

# The self-hosted enterprise package (README, "Self-hosted rollout"): builds, then signs
# dist/chrome with the company's key through `advocate package`, which does the work so that
# admins without this repository's build can run it too. Arguments go to it; --out defaults to
# dist/enterprise.
cmd_package() {
  cmd_build
  local arg out=()
  for arg in "$@"; do [ "$arg" = "--out" ] || [[ "$arg" == --out=* ]] && out=(x); done
  [ "${#out[@]}" -gt 0 ] || set -- "$@" --out "$DIST/enterprise"
  "$TARGET_DIR/release/advocate" package "$DIST/chrome" "$@"
}

# ---- bench -----------------------------------------------------------------------------------

# Benchmarks (BENCHMARKS.md): sizes, cargo bench of the core, and the browser measurements in
# headless Chromium. Writes bench/results.json, prints a table, fails when a budget fails.
# Extra arguments go to tests/bench/run.mjs (e.g. --pairs 7, --only ingest,scroll).
cmd_bench() {
  local started=$SECONDS
  cmd_build
  ensure_browsers
  ensure_npm "$ROOT/tests"
  log "benchmarks (prepared in $((SECONDS - started)) s)"
  local rc=0
  (cd tests && node bench/run.mjs "$@") || rc=$?
  log "bench finished in $((SECONDS - started)) s (exit $rc)"
  return "$rc"
}

case "${1:-build}" in
  build) cmd_build ;;
  test) cmd_test ;;
  bench) shift; cmd_bench "$@" ;;
  package) shift; cmd_package "$@" ;;
  *) die "unknown command '$1' (use: build, test, bench, package)" ;;
esac
