# Installs what ./hub needs from Debian's packages, once.
# shellcheck shell=bash

postgres_bin_dir() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -n "$dir" ] && [ -x "$dir/initdb" ] && printf '%s' "$dir"
}

missing_packages() {
  local missing=()
  postgres_bin_dir >/dev/null || missing+=(postgresql)
  [ -x /usr/lib/rabbitmq/bin/rabbitmq-server ] || missing+=(rabbitmq-server)
  command -v redis-server >/dev/null || missing+=(redis-server)
  command -v curl >/dev/null || missing+=(curl)
  command -v supervisord >/dev/null || missing+=(supervisor)
  printf '%s\n' "${missing[@]}"
}

# install_packages NAME...: from Debian, through sudo when not root, with a clear message when neither works.
install_packages() {
  local apt=(env DEBIAN_FRONTEND=noninteractive apt-get)
  if ! is_root; then
    if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
      apt=(sudo "${apt[@]}")
    else
      die "missing Debian packages: $*. Install them with 'sudo apt-get install $*' (sudo needs a password here), or run ./hub as root."
    fi
  fi
  step "Installing $* (Debian packages)"
  "${apt[@]}" update -qq || die "apt-get update failed"
  "${apt[@]}" install -y -qq --no-install-recommends "$@" >/dev/null || die "apt-get install $* failed"
}

ensure_packages() {
  local missing
  mapfile -t missing < <(missing_packages | sed '/^$/d')
  [ "${#missing[@]}" -eq 0 ] || install_packages "${missing[@]}"
  command -v dotnet >/dev/null || die "the .NET SDK (dotnet) is not on PATH. Install the .NET 10 SDK first: https://dot.net/download"
}

# What ./hub test needs beyond the servers: Debian's Chromium for the admin page's browser tests
# (Playwright drives it; Playwright's own browser download does not work without internet), and
# Node.js with npm for the tests of the npm client @huggingface/hub (they install it with npm ci).
ensure_test_packages() {
  local missing=()
  command -v chromium >/dev/null || missing+=(chromium)
  if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    missing+=(nodejs npm)
  fi
  [ "${#missing[@]}" -eq 0 ] || install_packages "${missing[@]}"
}
