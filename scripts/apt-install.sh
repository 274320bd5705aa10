#!/usr/bin/env bash
# apt-get update, then apt-get install -y PACKAGES; waits (up to 10 minutes) while another apt-get holds
# apt's locks — a new machine's own first-boot apt-get, or a second checkout's `make` — instead of failing.
# apt-get install waits by itself (DPkg::Lock::Timeout); apt-get update does not for its lists lock, so it
# is tried again while that lock is the reason it failed. Exit status: apt-get's.
set -u
export DEBIAN_FRONTEND=noninteractive
err="$(mktemp)"
trap 'rm -f "$err"' EXIT
for _ in $(seq 1 120); do
  if apt-get -o DPkg::Lock::Timeout=600 update -qq 2>"$err"; then
    break
  fi
  if ! grep -q "Could not get lock" "$err"; then
    cat "$err" >&2
    exit 1
  fi
  sleep 5
done
apt-get -o DPkg::Lock::Timeout=600 install -y -qq "$@" >/dev/null
