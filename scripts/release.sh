#!/usr/bin/env bash
# `make release`: builds every release artifact into target/release-artifacts/, named with the workspace version:
#   iamplay-<version>-<host triple>.tar.gz   the CLI binary (release-native profile) + LICENSE + its notices
#   iamplay-<version>.tgz, iamplay-node-<version>.tgz   `npm pack` of the web and Node.js packages `make npm` builds
#   iamplay-site-<version>.zip               the static site (dist/), under one folder
#   SHA256SUMS                               checksums of all of the above
# It refuses to run when CHANGELOG.md has no entry for the version, and checks that each artifact carries LICENSE
# and the third-party notices.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\033[1mrelease:\033[0m %s\n' "$*"; }
die() { printf 'release: error: %s\n' "$*" >&2; exit 1; }

# The version is the workspace's (every crate inherits it).
VERSION=$(cargo metadata --offline --locked --no-deps --format-version 1 \
  | node -e 'const m=JSON.parse(require("fs").readFileSync(0,"utf8")); process.stdout.write(m.packages.find(p=>p.name==="iamplay-cli").version)')
[[ "$VERSION" =~ ^[0-9]+\.[0-9]+\.[0-9]+ ]] || die "could not read the workspace version (got '$VERSION')"

# 1. CHANGELOG: a `## [<version>]` heading with at least one non-empty line before the next heading.
node -e '
  const [version] = process.argv.slice(1);
  const text = require("fs").readFileSync("CHANGELOG.md", "utf8");
  const esc = version.replace(/[.+]/g, "\\$&");
  const m = new RegExp(`^## \\[${esc}\\][^\\n]*\\n([\\s\\S]*?)(?=^## |$(?![\\s\\S]))`, "m").exec(text);
  if (!m) { console.error(`release: error: CHANGELOG.md has no "## [${version}]" entry`); process.exit(1); }
  if (!/\S/.test(m[1])) { console.error(`release: error: the CHANGELOG.md entry for ${version} is empty`); process.exit(1); }
' "$VERSION"
say "version $VERSION (CHANGELOG entry found)"

OUT=target/release-artifacts
STAGE=target/release-staging
rm -rf "$OUT" "$STAGE"
mkdir -p "$OUT" "$STAGE"
ABS_STAGE=$PWD/$STAGE
node scripts/gen-notices.mjs --check || die "THIRD_PARTY_NOTICES.md is stale"

# 2. The CLI binary, built for speed (the release profile is tuned for wasm size).
HOST=$(rustc -vV | sed -n 's/^host: //p')
say "building the CLI (profile release-native, $HOST)"
cargo build --locked -p iamplay-cli --profile release-native
CLI_NAME="iamplay-$VERSION-$HOST"
mkdir -p "$STAGE/$CLI_NAME"
cp target/release-native/iamplay "$STAGE/$CLI_NAME/"
cp LICENSE README.md CHANGELOG.md "$STAGE/$CLI_NAME/"
node scripts/gen-notices.mjs --cli --out "$STAGE/$CLI_NAME/THIRD_PARTY_NOTICES.md" >/dev/null
[ "$("$STAGE/$CLI_NAME/iamplay" --version)" = "iamplay $VERSION" ] || die "the CLI does not report version $VERSION"
tar -C "$STAGE" --sort=name --owner=0 --group=0 --numeric-owner --mtime=@0 -czf "$OUT/$CLI_NAME.tar.gz" "$CLI_NAME"

# 3. The npm packages: `make npm` output, packed from a staging copy that also carries LICENSE and the notices
#    (npm always packs LICENSE; THIRD_PARTY_NOTICES.md is added to "files" when the package lists its files).
say "building the npm packages"
make --no-print-directory npm
for pkg in iamplay iamplay-node; do
  src=target/npm/$pkg
  [ -f "$src/package.json" ] || die "make npm did not produce $src/package.json"
  cp -r "$src" "$STAGE/npm-$pkg"
  cp LICENSE THIRD_PARTY_NOTICES.md "$STAGE/npm-$pkg/"
  node -e '
    const fs = require("fs"); const [file, version] = process.argv.slice(1);
    const pkg = JSON.parse(fs.readFileSync(file, "utf8"));
    if (pkg.version !== version) { console.error(`release: error: ${file} has version ${pkg.version}, the workspace ${version}`); process.exit(1); }
    if (Array.isArray(pkg.files)) for (const f of ["LICENSE", "THIRD_PARTY_NOTICES.md"]) if (!pkg.files.includes(f)) pkg.files.push(f);
    fs.writeFileSync(file, JSON.stringify(pkg, null, 2) + "\n");
  ' "$STAGE/npm-$pkg/package.json" "$VERSION"
  # Both flavours are named `iamplay` inside; the tarball's file name says which one it is.
  packed=$(cd "$STAGE/npm-$pkg" && npm pack --silent --pack-destination "$ABS_STAGE" | tail -n 1)
  tarball=$pkg-$VERSION.tgz
  mv "$STAGE/$packed" "$OUT/$tarball"
  listing=$(tar -tzf "$OUT/$tarball")
  for f in package/LICENSE package/THIRD_PARTY_NOTICES.md package/package.json; do
    grep -qx "$f" <<<"$listing" || die "$tarball lacks $f"
  done
  say "packed $tarball"
done

# 4. The static site, with LICENSE and the notices that index.html copies in.
say "building the static site (make dist)"
make --no-print-directory dist
for f in index.html LICENSE THIRD_PARTY_NOTICES.md; do [ -f "dist/$f" ] || die "dist/ lacks $f"; done
node scripts/zip-dir.mjs dist "$OUT/iamplay-site-$VERSION.zip" "iamplay-site-$VERSION" >/dev/null

# 5. Checksums.
(cd "$OUT" && sha256sum -- * > SHA256SUMS)
say "artifacts in $OUT:"
(cd "$OUT" && ls -l -- * | awk '{printf "  %10d  %s\n", $5, $9}')
