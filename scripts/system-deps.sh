#!/usr/bin/env bash
# System packages the browser tests need: Debian's Chromium (Playwright drives /usr/bin/chromium;
# `playwright install` cannot download browsers offline). Installed when missing and we may
# use apt; otherwise the browser tests are skipped with a reason.
set -u
if command -v chromium >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing Debian chromium for the browser tests"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >/dev/null 2>&1 \
    || { apt-get update -q >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >/dev/null 2>&1; } \
    || echo "warning: could not install chromium; browser tests will be skipped"
else
  echo "note: chromium is not installed (sudo apt-get install chromium); browser tests will be skipped"
fi
exit 0
