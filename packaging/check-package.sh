#!/usr/bin/env bash
# The CTest test "package": builds the Debian package from a finished build tree with CPack and
# checks it without installing it: its contents, its computed dependencies, the desktop entry, the
# AppStream metainfo and the man page with their validators, lintian (errors fail; warnings are
# shown), and that the packaged programs run (`sockpit --version` through the launcher to sockpit-cli,
# a window flag to sockpit-window), from `dpkg-deb -x` into a temporary directory.
#
# Usage: packaging/check-package.sh BUILD_DIR VERSION METAINFO_ID
# The tools come with `scripts/setup.sh --test` (dpkg-dev, desktop-file-utils, appstream, lintian).
set -euo pipefail

if (($# != 3)); then
    echo "usage: $0 BUILD_DIR VERSION METAINFO_ID" >&2
    exit 2
fi
build=$(cd "$1" && pwd)
version=$2
metainfo_id=$3

failures=0
fail() {
    echo "FAIL: $*" >&2
    failures=$((failures + 1))
}
pass() { echo "ok: $*"; }

# --- Tools -----------------------------------------------------------------------------------------
missing=()
for tool in cpack dpkg-deb dpkg-shlibdeps desktop-file-validate appstreamcli lintian man gzip file; do
    command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
if ((${#missing[@]})); then
    echo "FAIL: missing tools: ${missing[*]}" >&2
    echo "      install them with: sudo ./scripts/setup.sh --test" >&2
    echo "      (Debian packages dpkg-dev, desktop-file-utils, appstream, lintian, man-db, file)" >&2
    exit 1
fi

# --- Build the package into a directory of its own -------------------------------------------------
out="$build/package-test"
rm -rf "$out"
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "=== cpack -G DEB"
if ! cpack -G DEB --config "$build/CPackConfig.cmake" -B "$out" >"$out/cpack.log" 2>&1; then
    cat "$out/cpack.log" >&2
    echo "FAIL: cpack -G DEB failed (log above)" >&2
    exit 1
fi
shopt -s nullglob
debs=("$out"/sockpit_"$version"_*.deb)
if ((${#debs[@]} != 1)); then
    echo "FAIL: expected one sockpit_${version}_<arch>.deb in $out, found: $(ls "$out")" >&2
    exit 1
fi
deb=${debs[0]}
pass "built $(basename "$deb") ($(stat -c %s "$deb") bytes)"

# --- Contents --------------------------------------------------------------------------------------
contents=$(dpkg-deb -c "$deb" | awk '{print $NF}' | sed 's|^\./|/|')
expected=(
    /usr/bin/sockpit
    /usr/libexec/sockpit/sockpit-cli
    /usr/libexec/sockpit/sockpit-window
    /usr/share/applications/sockpit.desktop
    "/usr/share/metainfo/$metainfo_id.metainfo.xml"
    /usr/share/icons/hicolor/scalable/apps/sockpit.svg
    /usr/share/man/man1/sockpit.1.gz
    /usr/share/doc/sockpit/copyright
    /usr/share/doc/sockpit/changelog.gz
)
for size in 16 32 48 64 128 256; do
    expected+=("/usr/share/icons/hicolor/${size}x${size}/apps/sockpit.png")
done
for path in "${expected[@]}"; do
    if grep -qxF -- "$path" <<<"$contents"; then
        pass "contains $path"
    else
        fail "the package lacks $path"
    fi
done
if grep -q '^/usr/local' <<<"$contents"; then
    fail "the package installs under /usr/local"
fi

# --- Control fields --------------------------------------------------------------------------------
field() { dpkg-deb -f "$deb" "$1"; }
depends=$(field Depends)
echo "Depends: $depends"
# libssl3 (libcrypto.so.3, loaded with dlopen) is named in cmake/Packaging.cmake; the rest come from
# dpkg-shlibdeps.
for lib in libqt6widgets6 libqt6network6 libqt6core6 libc6 libssl3; do
    if grep -qE "(^|, )$lib( |,|$)" <<<"$depends"; then
        pass "Depends lists $lib"
    else
        fail "Depends does not list $lib (dpkg-shlibdeps or CPACK_DEBIAN_PACKAGE_DEPENDS should have put it there)"
    fi
done
[[ $(field Package) == sockpit ]] || fail "Package is '$(field Package)', not sockpit"
[[ $(field Version) == "$version" ]] || fail "Version is '$(field Version)', not $version"
[[ $(field Section) == net ]] || fail "Section is '$(field Section)', not net"
[[ -n $(field Maintainer) ]] || fail "no Maintainer"
[[ -n $(field Description) ]] || fail "no Description"

# --- The files themselves ---------------------------------------------------------------------------
root="$tmp/root"
dpkg-deb -x "$deb" "$root"

if out_dfv=$(desktop-file-validate "$root/usr/share/applications/sockpit.desktop" 2>&1); then
    pass "desktop-file-validate${out_dfv:+ (hints: $out_dfv)}"
else
    fail "desktop-file-validate: $out_dfv"
fi

if out_as=$(appstreamcli validate --no-net --no-color "$root/usr/share/metainfo/$metainfo_id.metainfo.xml" 2>&1); then
    pass "appstreamcli validate --no-net"
else
    fail "appstreamcli validate --no-net:"$'\n'"$out_as"
fi

man_page="$root/usr/share/man/man1/sockpit.1.gz"
if ! gzip -t "$man_page"; then
    fail "sockpit.1.gz is not a valid gzip file"
elif out_man=$(LC_ALL=C.UTF-8 MANROFFSEQ='' MANWIDTH=80 \
    man --warnings -E UTF-8 -l -Tutf8 -Z "$man_page" 2>&1 >/dev/null) && [[ -z $out_man ]]; then
    pass "man --warnings sockpit.1.gz"
else
    fail "man page warnings: $out_man"
fi
if ! zcat "$man_page" | grep -q "Sockpit $version"; then
    fail "the man page does not carry version $version"
fi

for size in 16 32 48 64 128 256; do
    png="$root/usr/share/icons/hicolor/${size}x${size}/apps/sockpit.png"
    [[ -f $png ]] || continue
    if file -b "$png" | grep -q "PNG image data, $size x $size"; then
        pass "icon ${size}x${size}"
    else
        fail "icon ${size}x${size} is $(file -b "$png")"
    fi
done

# --- The packaged binary runs ----------------------------------------------------------------------
if got=$(QT_QPA_PLATFORM=offscreen "$root/usr/bin/sockpit" --version 2>&1) && [[ $got == "sockpit $version" ]]; then
    pass "packaged sockpit --version: $got"
else
    fail "packaged sockpit --version printed '$got', expected 'sockpit $version'"
fi
# The window's program: a flag it does not know is its answer (exit 2), with no display needed.
status=0
got=$(env -u DISPLAY -u WAYLAND_DISPLAY -u QT_QPA_PLATFORM "$root/usr/bin/sockpit" --no-such-flag 2>&1) || status=$?
if ((status == 2)) && [[ $got == *"Unknown option 'no-such-flag'"* ]]; then
    pass "packaged sockpit runs the window's program: $(head -n 1 <<<"$got")"
else
    fail "packaged sockpit --no-such-flag exited $status with '$got'"
fi

# --- lintian: errors fail, the rest is shown -------------------------------------------------------
echo "=== lintian"
# --allow-root: CI and containers run as root; lintian only reads the package.
lintian_out=$(lintian --allow-root --tag-display-limit 0 "$deb" 2>&1) || true
[[ -n $lintian_out ]] && echo "$lintian_out"
if grep -q '^E: ' <<<"$lintian_out"; then
    fail "lintian reports errors"
else
    pass "lintian: no errors"
fi

if ((failures)); then
    echo "package check: $failures failure(s)" >&2
    exit 1
fi
echo "package check: all passed"
