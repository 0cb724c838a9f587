#!/usr/bin/env bash
# Before `make test`: every system package the suite needs is present (scripts/system_packages.txt).
# Missing ones are installed when running as root on Debian; otherwise stop with one message naming them.
# Fast and silent when everything is there. JOBLY_PREFLIGHT_INSTALL=0 reports instead of installing.
set -euo pipefail
cd "$(dirname "$0")/.."
LIST=${JOBLY_SYSTEM_PACKAGES:-scripts/system_packages.txt}

present() {
  local check=$1
  case $check in
    command:*) command -v "${check#command:}" >/dev/null 2>&1 ;;
    path:*) compgen -G "${check#path:}" >/dev/null ;;
    *) echo "test_preflight: unknown check '$check' in $LIST" >&2; exit 2 ;;
  esac
}

plain=() quiet=()
while read -r check rest; do
  [[ -z $check || $check == \#* ]] && continue
  present "$check" && continue
  for word in $rest; do
    [[ $word == --* ]] && continue
    if [[ " $rest " == *" --no-install-recommends "* ]]; then quiet+=("$word"); else plain+=("$word"); fi
  done
done < "$LIST"

missing=($(printf '%s\n' "${plain[@]}" "${quiet[@]}" | awk 'NF && !seen[$0]++'))
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" = 0 ] && [ -f /etc/debian_version ] && command -v apt-get >/dev/null && [ "${JOBLY_PREFLIGHT_INSTALL:-1}" != 0 ]; then
  echo "test_preflight: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  [ ${#plain[@]} -gt 0 ] && apt-get install -y -qq "${plain[@]}"
  [ ${#quiet[@]} -gt 0 ] && apt-get install -y -qq --no-install-recommends "${quiet[@]}"
  JOBLY_PREFLIGHT_INSTALL=0 exec "$0"  # check once more: an install that did not provide the need still fails
fi

{
  echo "make test needs these system packages, which are missing: ${missing[*]}"
  echo "Install them (Debian/Ubuntu) and run make test again:"
  [ ${#plain[@]} -gt 0 ] && echo "  sudo apt-get install ${plain[*]}"
  [ ${#quiet[@]} -gt 0 ] && echo "  sudo apt-get install --no-install-recommends ${quiet[*]}"
} >&2
exit 1
