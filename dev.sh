#!/usr/bin/env bash
# One entry point for people and CI. Each command first sets up what is
# missing (a virtual environment with the project, and for tests Debian's
# Chromium with Chinese fonts), then does its job.
#
#   ./dev.sh build [ARGS]   build the sample site into output/
#   ./dev.sh serve [ARGS]   preview the sample site with live reload
#   ./dev.sh test [ARGS]    lint, type-check and run the whole test suite
#   ./dev.sh catalogues     re-extract the theme's and the builder's strings into their .po files
set -euo pipefail
cd "$(dirname "$0")"

VENV=.venv
PY="$VENV/bin/python"

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

setup_python() {
  if [ ! -x "$PY" ]; then
    if ! python3 -c "import ensurepip, venv" 2>/dev/null; then
      echo "Installing Python's venv module (Debian package python3-venv)..."
      as_root apt-get update -qq
      as_root apt-get install -y -qq python3-venv >/dev/null
    fi
    python3 -m venv "$VENV"
  fi
  local stamp="$VENV/.installed"
  if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
    "$PY" -m pip install --quiet --upgrade pip
    "$PY" -m pip install --quiet -e '.[test]'
    touch "$stamp"
  fi
}

setup_browser() {
  if command -v chromium >/dev/null && fc-list 2>/dev/null | grep -qi wqy; then
    return
  fi
  echo "Installing Chromium and Chinese fonts (Debian packages)..."
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq \
    chromium fonts-wqy-microhei >/dev/null
}

case "${1:-}" in
  build)
    shift
    setup_python
    "$VENV/bin/site-builder" build "$@"
    ;;
  serve)
    shift
    setup_python
    "$VENV/bin/site-builder" serve "$@"
    ;;
  test)
    shift
    setup_python
    setup_browser
    "$VENV/bin/ruff" check .
    "$VENV/bin/ruff" format --check .
    "$VENV/bin/mypy"
    "$VENV/bin/pytest" -n 2 "$@"
    ;;
  catalogues)
    setup_python
    locales=themes/default/locales
    "$VENV/bin/pybabel" -q extract -F babel.cfg --no-location --sort-output \
      --omit-header -k _ -k gettext -k ngettext:1,2 -o "$locales/messages.pot" .
    "$VENV/bin/pybabel" -q update --no-fuzzy-matching --ignore-obsolete \
      -i "$locales/messages.pot" -d "$locales"
    # The builder's own messages to editors: say("...") in site_builder/.
    own=site_builder/locales
    "$VENV/bin/pybabel" -q extract --no-default-keywords -k say -k say_plural:1,2 \
      --no-location --sort-output --omit-header -o "$own/site_builder.pot" site_builder
    "$VENV/bin/pybabel" -q update --no-fuzzy-matching --ignore-obsolete \
      -D site_builder -i "$own/site_builder.pot" -d "$own"
    ;;
  *)
    echo "usage: ./dev.sh build|serve|test|catalogues [ARGS]" >&2
    exit 2
    ;;
esac
