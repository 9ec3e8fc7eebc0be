#!/bin/sh
# Installs, with apt-get, whatever of fusetrack's build and test dependencies is missing on a
# Debian 12 machine. Safe to run again: installs nothing when everything is present.
set -eu
# clang and libclang-rt-14-dev (libFuzzer and the sanitizer runtimes, only recommended by clang on
# Debian 12) are for .ci/run's fuzzing pass. pybind11-dev and python3-dev build the Python module
# for Debian's /usr/bin/python3; numpy, pandas, dask, distributed and matplotlib are what it and
# its tests use. gcc-arm-none-eabi, newlib and qemu-system-arm build the Cortex-M4F firmware and
# run it in the test suite (bench/firmware/README.md).
packages="cmake g++ make libeigen3-dev libtbb-dev libgtest-dev libgmock-dev libbenchmark-dev
libcli11-dev nlohmann-json3-dev zlib1g-dev clang libclang-rt-14-dev
pybind11-dev python3-dev python3-numpy python3-pandas python3-dask python3-distributed
python3-matplotlib gcc-arm-none-eabi libnewlib-arm-none-eabi libstdc++-arm-none-eabi-newlib
qemu-system-arm"
missing=""
for p in $packages; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing="$missing $p"
  fi
done
if [ -z "$missing" ]; then
  echo "setup: all build dependencies are installed"
  exit 0
fi
echo "setup: installing$missing"
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q
# shellcheck disable=SC2086
$sudo apt-get install -y -q --no-install-recommends $missing
