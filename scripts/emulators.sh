#!/usr/bin/env bash
# Local AWS emulators for the wire tests (tests/aws_*.rs). Nothing here talks to AWS.
#
#   scripts/emulators.sh install   # idempotent: creates .venv (moto) and .venv-localstack (LocalStack)
#   scripts/emulators.sh check     # exits non-zero unless both are installed
#
# Needs only python3 (3.11 preferred for LocalStack) with pip and venv; no Docker.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MOTO_VENV="$ROOT/.venv"
LS_VENV="$ROOT/.venv-localstack"
MOTO_PIN="moto[server]==5.2.5"
LS_PINS=("localstack-core[runtime]==4.13.1" "cbor2<5.7" "pyopenssl<24.3" "cryptography<44" "service_identity<24.2")
# Marker files record the pins a venv was built with, so a changed pin reinstalls.
MOTO_STAMP="$MOTO_VENV/.ecsdeck-pins"
LS_STAMP="$LS_VENV/.ecsdeck-pins"

log() { printf '[emulators %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

pick_python() {
    # LocalStack 4.x supports 3.11 best; fall back to any python3 >= 3.10.
    for p in python3.11 python3.12 python3; do
        if command -v "$p" >/dev/null 2>&1; then
            echo "$p"
            return 0
        fi
    done
    log "error: python3 not found; install Python 3.11 with pip and venv"
    return 1
}

make_venv() {
    local dir="$1" stamp="$2" want="$3"; shift 3
    if [[ -x "$dir/bin/python" && -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
        log "$(basename "$dir") is up to date ($want)"
        return 0
    fi
    local py
    py="$(pick_python)"
    local t0=$SECONDS
    log "creating $(basename "$dir") with $($py --version 2>&1)"
    rm -rf "$dir"
    "$py" -m venv "$dir"
    "$dir/bin/python" -m pip install --quiet --upgrade pip
    log "installing into $(basename "$dir"): $*"
    # One pip call, so the resolver sees every pin at once.
    "$dir/bin/python" -m pip install --progress-bar off "$@" | grep -E '^(Successfully|ERROR)' >&2 || true
    "$dir/bin/python" -m pip check >/dev/null 2>&1 || log "warning: pip check reports conflicts in $(basename "$dir")"
    echo "$want" >"$stamp"
    log "$(basename "$dir") ready in $((SECONDS - t0)) s"
}

install() {
    local t0=$SECONDS
    make_venv "$MOTO_VENV" "$MOTO_STAMP" "$MOTO_PIN" "$MOTO_PIN"
    [[ -x "$MOTO_VENV/bin/moto_server" ]] || { log "error: moto_server missing after install"; exit 1; }
    make_venv "$LS_VENV" "$LS_STAMP" "${LS_PINS[*]}" "${LS_PINS[@]}"
    "$LS_VENV/bin/python" -c 'import localstack.runtime.main' || { log "error: localstack runtime does not import"; exit 1; }
    log "emulators installed in $((SECONDS - t0)) s"
}

check() {
    [[ -x "$MOTO_VENV/bin/moto_server" && -f "$MOTO_STAMP" ]] || { log "moto missing: run scripts/emulators.sh install"; exit 1; }
    [[ -x "$LS_VENV/bin/python" && -f "$LS_STAMP" ]] || { log "LocalStack missing: run scripts/emulators.sh install"; exit 1; }
    log "ok"
}

case "${1:-}" in
    install) install ;;
    check) check ;;
    *) echo "usage: $0 install|check" >&2; exit 2 ;;
esac
