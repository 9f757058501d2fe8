#!/usr/bin/env bash
# Installs the Debian 12 packages Sockpit needs: to build and run it, and with --test also to run its
# tests. Needs root (or sudo) when something is missing; asks nothing, so it runs in CI and scripts.
# When everything is already installed it changes nothing and touches no network, so it is cheap to
# run before every build. Works from any directory.
set -euo pipefail

usage() {
    cat <<'USAGE'
Usage: scripts/setup.sh [--test]

Installs the Debian 12 packages needed to build and run Sockpit.
  --test   also install what the tests need (socat, ncat, dante-server, openssl, tshark, python3,
           python3-websockets, clang-format, the package checkers, and clang for the fuzz targets)
USAGE
}

with_tests=0
for arg in "$@"; do
    case "$arg" in
    --test) with_tests=1 ;;
    -h | --help)
        usage
        exit 0
        ;;
    *)
        echo "setup.sh: unknown argument '$arg'" >&2
        usage >&2
        exit 2
        ;;
    esac
done

# Build and run. qt6-base-dev brings Core/Network/Widgets/Test and the platform plugins (xcb for a
# desktop, offscreen for the tests); qt6-tools-dev + qt6-l10n-tools give CMake's Qt6LinguistTools
# (lupdate/lrelease for resources/*.ts); qt6-translations-l10n holds Qt's own translated strings
# (dialogs, standard buttons); libqt6svg6 carries the SVG icon plugins the window's icons need;
# fonts-wqy-microhei lets the Chinese interface show characters instead of empty boxes; libssl-dev is
# OpenSSL's libcrypto for the TLS library's self-signed certificates (Qt's TLS plugin uses libssl3).
packages=(
    cmake
    ninja-build
    g++
    qt6-base-dev
    qt6-tools-dev
    qt6-tools-dev-tools
    qt6-l10n-tools
    qt6-translations-l10n
    libgl-dev
    libqt6svg6
    fonts-wqy-microhei
    libssl-dev
)
# Tests: socat and ncat are the reference peers of the loopback and command-line tests, tshark reads
# back the pcap files of `sockpit export-pcap` (its setuid question is answered "no" by
# DEBIAN_FRONTEND=noninteractive; the tests only read files, they capture nothing), python3
# drives the scripted ones, clang-format checks formatting; dpkg-dev (dpkg-shlibdeps), desktop-file-utils,
# appstream, lintian, man-db and file check the Debian package. The sanitizer build needs nothing more:
# libasan and libubsan come with g++. The fuzz build (tests/fuzz) needs clang and its runtime
# libraries: libFuzzer and clang's sanitizers are in libclang-rt-14-dev, which clang only recommends.
if ((with_tests)); then
    packages+=(socat ncat python3 clang-format dpkg-dev desktop-file-utils appstream lintian man-db file)
    # openssl: s_server/s_client are the TLS tests' reference peers, and it makes their certificates.
    packages+=(openssl)
    # tshark reads the pcap files `sockpit export-pcap` writes back, as Wireshark would.
    packages+=(tshark)
    packages+=(clang libclang-rt-14-dev)
    # The multicast and ping tests make network namespaces of their own (ip from iproute2, unshare) and
    # drop privileges (setpriv, util-linux) to see ping refused.
    packages+=(iproute2 util-linux)
    # Dante's SOCKS5 server is the reference proxy of the --proxy tests, which start their own on
    # loopback; the system's own danted service is not wanted (see below).
    packages+=(dante-server)
    # Python's websockets library is the WebSocket tests' reference client and server, and the
    # WebSocket benchmark's echo server (run by Debian's python3, /usr/bin/python3).
    packages+=(python3-websockets)
fi

missing=()
for pkg in "${packages[@]}"; do
    if ! dpkg-query -W -f='${db:Status-Status}\n' "$pkg" 2>/dev/null | grep -qx installed; then
        missing+=("$pkg")
    fi
done

if ((${#missing[@]} == 0)); then
    echo "setup.sh: all ${#packages[@]} packages already installed"
    exit 0
fi

sudo=()
if ((EUID != 0)); then
    if command -v sudo >/dev/null 2>&1; then
        sudo=(sudo)
    else
        echo "setup.sh: missing packages: ${missing[*]}; run as root or install sudo" >&2
        exit 1
    fi
fi

echo "setup.sh: installing ${missing[*]}"
# Packages that bring a service (dante-server) must not start it: where nothing else decides that
# (no /usr/sbin/policy-rc.d), one that refuses every start stands in for the install, and goes after.
policy=/usr/sbin/policy-rc.d
own_policy=0
if [[ ! -e $policy ]]; then
    printf '#!/bin/sh\n# setup.sh: no service starts while packages are installed\nexit 101\n' |
        "${sudo[@]}" tee "$policy" >/dev/null
    "${sudo[@]}" chmod 755 "$policy"
    own_policy=1
fi
trap 'if ((own_policy)); then "${sudo[@]}" rm -f "$policy"; fi' EXIT
"${sudo[@]}" apt-get -q update </dev/null
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -q install -y --no-install-recommends \
    -o DPkg::Lock::Timeout=300 "${missing[@]}" </dev/null
