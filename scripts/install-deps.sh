#!/usr/bin/env bash
# Installs the Debian packages the build and tests need, only when something is missing,
# so `make test` works on a fresh Debian machine and stays fast on a prepared one.
set -euo pipefail

packages=(tzdata pkg-config libsqlite3-dev libmicrohttpd-dev libcurl4-openssl-dev libssl-dev)

missing=()
for package in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$package")
    fi
done

if [ ${#missing[@]} -gt 0 ]; then
    echo "==> installing: ${missing[*]}"
    sudo_cmd=""
    if [ "$(id -u)" != "0" ]; then sudo_cmd="sudo"; fi
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}"
fi

if ! command -v swift >/dev/null 2>&1; then
    if [ -x /opt/swift/usr/bin/swift ]; then
        echo "==> swift is at /opt/swift/usr/bin; add it to PATH" >&2
    else
        echo "error: the Swift 6 toolchain is required (swift.org); it is not a Debian package" >&2
    fi
    exit 1
fi
