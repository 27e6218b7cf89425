#!/usr/bin/env bash
# Installs the Debian packages the build and tests need, only when something is missing,
# so `make test` works on a fresh Debian machine and stays fast on a prepared one.
set -euo pipefail

packages=(tzdata pkg-config libsqlite3-dev libmicrohttpd-dev libcurl4-openssl-dev libssl-dev
          chromium chromium-driver wrk nginx-light curl python3-pip)

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

# Python packages of the browser test (selenium), the API conformance run (schemathesis) and the
# CalDAV test server (radicale).
pip_packages=()
python3 -c "import selenium" 2>/dev/null || pip_packages+=("selenium")
command -v schemathesis >/dev/null 2>&1 || pip_packages+=("schemathesis")
python3 -c "import radicale, sys; sys.exit(tuple(map(int, radicale.VERSION.split('.')[:3])) < (3, 2, 3))" 2>/dev/null \
    || pip_packages+=("radicale>=3.2.3")
if [ ${#pip_packages[@]} -gt 0 ]; then
    echo "==> installing (pip): ${pip_packages[*]}"
    # Debian's own python3 refuses plain pip installs (PEP 668); retry with its escape hatch.
    python3 -m pip install --quiet "${pip_packages[@]}" \
        || python3 -m pip install --quiet --break-system-packages "${pip_packages[@]}"
fi

if ! command -v swift >/dev/null 2>&1; then
    if [ -x /opt/swift/usr/bin/swift ]; then
        echo "==> swift is at /opt/swift/usr/bin; add it to PATH" >&2
    else
        echo "error: the Swift 6 toolchain is required (swift.org); it is not a Debian package" >&2
    fi
    exit 1
fi
