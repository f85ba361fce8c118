#!/usr/bin/env bash
# Installs what Osteon needs on a fresh Debian machine, and nothing that is already there.
# Sourced by ./osteon; safe to run again.
set -euo pipefail

OSTEON_APT_PACKAGES=(
  openjdk-17-jdk-headless curl unzip openssl
  # training/: Debian's PyTorch stack, run with /usr/bin/python3 (no PyPI here)
  python3 python3-torch python3-torchvision python3-onnx python3-sklearn python3-skimage
  python3-pydicom python3-matplotlib python3-pytest python3-tqdm python3-openpyxl
  # black formats the Python (./osteon test checks it; ruff is not in Debian 12)
  black
  # DICOM: PixelMed is the Java toolkit; dcmtk and dicom3tools are the real peers for tests
  libpixelmed-java libpixelmed-imageio-java dcmtk dicom3tools
  # the gateway transcodes JPEG 2000 and JPEG-LS on receipt with GDCM's gdcmconv (docs/gateway.md)
  libgdcm-tools
  # Orthanc is the demo's and the tests' PACS: studies come from it, results go back to it
  orthanc orthanc-dicomweb
  # kcat lists and reads topics in the demo and the end-to-end test
  kcat
  # the browser test of the worklist page: headless chromium, driven by playwright-core from npm
  chromium nodejs
  # CJK person names on the worklist page (Japanese, Chinese, Korean glyphs)
  fonts-noto-cjk
)

osteon_missing_packages() {
  local p
  for p in "${OSTEON_APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || echo "$p"
  done
  # Debian's nodejs leaves npm to its own package; NodeSource's nodejs ships npm and conflicts with it.
  command -v npm >/dev/null 2>&1 || echo npm
}

osteon_setup() {
  local missing
  missing=$(osteon_missing_packages)
  if [ -n "$missing" ]; then
    echo "osteon: installing Debian packages: $(echo $missing | tr '\n' ' ')" >&2
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    # shellcheck disable=SC2086
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing >&2
  fi
  if ! java -version 2>&1 | grep -q 'version "17'; then
    local jdk=/usr/lib/jvm/java-17-openjdk-amd64
    [ -x "$jdk/bin/java" ] && export JAVA_HOME="$jdk" PATH="$jdk/bin:$PATH"
  fi
}

# Runs the Maven wrapper (quiet, batch, output on stderr) offline first, and online when that fails: a
# local repository that one build filled can still lack a plugin another goal needs (a fresh machine
# after `./mvnw install` has onnxruntime but not maven-dependency-plugin). The offline attempt's output is
# shown only when it succeeds; a real build error shows once, from the online attempt.
osteon_mvnw_offline_first() {
  local out
  out=$(mktemp)
  if ./mvnw -B -q -o "$@" >"$out" 2>&1; then
    cat "$out" >&2
    rm -f "$out"
    return 0
  fi
  rm -f "$out"
  ./mvnw -B -q "$@" >&2
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  osteon_setup
fi
