#!/usr/bin/env bash
# Regenerates every lock in this folder with the real tools, then asks the tools
# themselves whether each lock is fresh. See README.md for what each sample shows.
#
#   bash Tests/Fixtures/lockfiles/regenerate.sh            # venvs, locks, variants, checks
#   VENVS=/some/dir bash .../regenerate.sh                  # where the venvs live (default /tmp/preflight-lock-venvs)
#
# Needs python3 (3.11 or later, for tomllib) and PyPI for the first run only (to install
# Poetry and uv into the venvs). Locking needs no network: every sample has no PyPI
# dependency, only path dependencies to packages inside it, or (uv) wheels in its own
# find-links folder. When run as root with unshare(1), every lock command runs in a
# fresh network namespace, which proves that.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
VENVS=${VENVS:-/tmp/preflight-lock-venvs}
POETRY_VERSIONS=(1.1.15 1.8.5 2.0.1 2.1.4 2.2.1 2.3.4 2.5.1)
LATEST_POETRY=2.5.1
UV_VERSION=0.13.9

# sample -> the Poetry version that generates its lock
POETRY_SAMPLES=(
    poetry-1.1-basic:1.1.15
    poetry-1.8-basic:1.8.5
    poetry-1.8-groups:1.8.5
    poetry-2.0-project:2.0.1
    poetry-2.1-project-bare:2.1.4
    poetry-2.2-project-optional:2.2.1
    poetry-2.2-dependency-groups:2.2.1
    poetry-2.3-dependency-groups:2.3.4
    poetry-2.5-dependency-groups-only:2.5.1
    poetry-2.5-tool-only:2.5.1
    poetry-nonascii:2.5.1
)
UV_SAMPLES=(uv-basic uv-groups uv-sources uv-normalisation)

WORK=$(mktemp -d /tmp/preflight-lock-work.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
export POETRY_CACHE_DIR="$WORK/poetry-cache" POETRY_CONFIG_DIR="$WORK/poetry-config"
export POETRY_VIRTUALENVS_CREATE=false POETRY_NO_INTERACTION=1
export PYTHON_KEYRING_BACKEND=keyring.backends.null.Keyring
# [tool.uv] in the samples must be read, so no UV_NO_CONFIG; an empty XDG_CONFIG_HOME hides a user uv.toml
export UV_CACHE_DIR="$WORK/uv-cache" XDG_CONFIG_HOME="$WORK/xdg-config" UV_PYTHON_DOWNLOADS=never
export PIP_DISABLE_PIP_VERSION_CHECK=1

OFFLINE=()
if [ "$(id -u)" = 0 ] && command -v unshare >/dev/null && unshare -n true 2>/dev/null; then
    OFFLINE=(unshare -n)
fi

# ---------------------------------------------------------------- venvs
venv() { # dir package==version; reuses a venv that already has it
    local dir=$1 req=$2
    if [ -x "$dir/bin/python" ] && "$dir/bin/python" -c 'import sys, importlib.metadata as m
sys.exit(m.version(sys.argv[1]) != sys.argv[2])' "${req%%==*}" "${req##*==}" 2>/dev/null; then
        return
    fi
    rm -rf "$dir"
    python3 -m venv "$dir"
    "$dir/bin/pip" install -q "$req"
}
for v in "${POETRY_VERSIONS[@]}"; do venv "$VENVS/poetry-$v" "poetry==$v"; done
venv "$VENVS/uv-$UV_VERSION" "uv==$UV_VERSION"
UV="$VENVS/uv-$UV_VERSION/bin/uv"

# ---------------------------------------------------------------- variants
# variant SAMPLE NAME OLD NEW [OLD NEW ...]: SAMPLE/NAME/pyproject.toml is SAMPLE's
# pyproject.toml with each OLD (which must occur exactly once) replaced by NEW; the lock
# beside it is a copy of SAMPLE's lock. Variants named `stale*` must be stale; every other
# variant must be fresh.
VARIANTS=()
for d in "$HERE"/*/*/; do # the variants of an earlier run: folders that hold a lock
    if [ -f "$d/poetry.lock" ] || [ -f "$d/uv.lock" ]; then rm -rf "$d"; fi
done
variant() {
    local sample=$1 name=$2; shift 2
    mkdir -p "$HERE/$sample/$name"
    python3 - "$HERE/$sample/pyproject.toml" "$HERE/$sample/$name/pyproject.toml" "$@" <<'EOF'
import sys
src, dst, *edits = sys.argv[1:]
text = open(src, encoding="utf-8").read()
for old, new in zip(edits[::2], edits[1::2]):
    if text.count(old) != 1:
        sys.exit(f"{src}: expected exactly one {old!r}")
    text = text.replace(old, new)
open(dst, "w", encoding="utf-8").write(text)
EOF
    VARIANTS+=("$sample/$name")
}

variant poetry-1.1-basic stale 'tiny = { path = "libs/tiny" }' 'tiny = { path = "libs/tiny", develop = true }'
variant poetry-1.1-basic version-only 'version = "1.0.0"' 'version = "1.0.1"' \
    'description = "Poetry 1.1 sample' 'description = "Poetry 1.1 sample (next release)'
variant poetry-1.8-basic stale 'python = "^3.9"' 'python = "^3.10"'
variant poetry-1.8-basic version-only 'version = "1.0.0"' 'version = "2.0.0"' \
    'authors = ["Fixture <fixture@example.invalid>"]' 'authors = ["Fixture <fixture@example.invalid>", "Other <other@example.invalid>"]'
variant poetry-1.8-groups stale '[tool.poetry.group.lint.dependencies]
helper = { path = "libs/helper" }' '[tool.poetry.group.lint.dependencies]
helper = { path = "libs/helper", develop = true }'
variant poetry-1.8-groups version-only 'version = "1.0.0"' 'version = "1.1.0"' \
    'description = "Poetry 1.8 sample:' 'description = "Poetry 1.8 sample, next release:'
variant poetry-2.0-project stale '"tiny (>=0.1,<1.0)"' '"tiny (>=0.1,<2.0)"'
variant poetry-2.0-project version-only 'version = "1.0.0"' 'version = "1.0.1"' \
    'description = "Poetry 2.0 sample:' 'description = "Poetry 2.0 sample, next release:'
variant poetry-2.1-project-bare stale 'authors = [{ name = "Fixture", email = "fixture@example.invalid" }]' \
    'authors = [{ name = "Fixture", email = "fixture@example.invalid" }]
requires-python = ">=3.9"'
variant poetry-2.1-project-bare version-only 'version = "1.0.0"' 'version = "1.0.1"' \
    'authors = [{ name = "Fixture", email = "fixture@example.invalid" }]' 'authors = [{ name = "Someone Else", email = "else@example.invalid" }]'
variant poetry-2.2-project-optional stale "fast = [\"fast>=0.4 ; sys_platform != 'win32'\"]" "fast = [\"fast>=0.4\"]"
variant poetry-2.2-project-optional version-only 'version = "1.0.0"' 'version = "1.0.1"' \
    'description = "Poetry 2.2 sample:' 'description = "Poetry 2.2 sample, next release:'
variant poetry-2.2-dependency-groups stale 'dependencies = ["tiny"]' 'dependencies = ["tiny>=0.1"]'
variant poetry-2.2-dependency-groups version-only 'version = "1.0.0"' 'version = "1.0.1"'
variant poetry-2.2-dependency-groups dependency-groups-only-change 'dev = ["helper"]' 'dev = ["helper>=0.2"]'
variant poetry-2.3-dependency-groups stale 'dev = ["helper"]' 'dev = ["helper>=0.2"]'
variant poetry-2.3-dependency-groups version-only 'version = "1.0.0"' 'version = "1.0.1"'
variant poetry-2.5-dependency-groups-only stale 'dev = ["helper"]' 'dev = ["helper>=0.2"]'
variant poetry-2.5-dependency-groups-only version-only 'version = "1.0.0"' 'version = "1.0.1"' \
    'description = "Poetry 2.5 sample:' 'description = "Poetry 2.5 sample, next release:'
variant poetry-2.5-tool-only stale 'help = ["helper"]' 'helpers = ["helper"]'
variant poetry-2.5-tool-only version-only 'version = "1.0.0"' 'version = "1.0.1"' \
    'description = "Poetry 2.5 sample:' 'description = "Poetry 2.5 sample, next release:'
variant poetry-nonascii stale 'name = "dépôt-privé-☕"' 'name = "depot-prive"'
variant poetry-nonascii version-only 'version = "1.0.0"' 'version = "1.0.1"' \
    'description = "Échantillon' 'description = "Deuxième échantillon'

variant uv-basic stale '"tiny>=1.0,<2",' '"tiny>=1.1,<2",'
variant uv-basic equivalent '"tiny>=1.0,<2",' '"TINY (<2, >=1.0)",' \
    "\"Other.Pkg ; sys_platform == 'linux'\"" '"other_pkg; sys_platform==\"linux\""'
variant uv-basic stale-marker "\"Other.Pkg ; sys_platform == 'linux'\"" "\"Other.Pkg ; sys_platform == 'darwin'\""
variant uv-basic stale-version 'version = "1.0.0"' 'version = "1.0.1"'
variant uv-groups stale-version 'version = "1.0.0"' 'version = "1.0.1"'
variant uv-groups stale 'dev = ["tiny~=1.2"]' 'dev = ["tiny~=1.1"]'
variant uv-groups equivalent 'Test_Suite = ["other-pkg>=0.5", { include-group = "dev" }]' \
    'test-suite = ["Other_Pkg >= 0.5", { include-group = "dev" }]'
variant uv-sources stale 'editable-lib = { path = "libs/editable-lib", editable = true }' \
    'editable-lib = { path = "libs/editable-lib" }'
variant uv-sources source-specifier-change '"local-lib>=0.1",' '"local-lib>=0.2",'
variant uv-normalisation equivalent '"tiny ; python_version > '"'3.8'"'",' '"tiny ; python_full_version >= '"'3.9'"'",'

# ---------------------------------------------------------------- locks
for entry in "${POETRY_SAMPLES[@]}"; do
    sample=${entry%%:*} v=${entry##*:}
    poetry="$VENVS/poetry-$v/bin/poetry"
    args=(lock)
    case $v in 1.*) args+=(--no-update) ;; esac # 2.x keeps locked versions by default
    rm -f "$HERE/$sample/poetry.lock"
    echo "+ (cd $sample && poetry $v ${args[*]})"
    (cd "$HERE/$sample" && "${OFFLINE[@]}" "$poetry" "${args[@]}" >"$WORK/log" 2>&1) || { cat "$WORK/log"; exit 1; }
done

rm -rf "$WORK/wheels"
for src in "$HERE"/_wheel-src/*/; do
    # poetry-core writes reproducible wheels (fixed timestamps), so they are byte-identical.
    (cd "$src" && "$VENVS/poetry-$LATEST_POETRY/bin/python" -c \
        'import sys; from poetry.core.masonry.api import build_wheel; build_wheel(sys.argv[1])' "$WORK/wheels" >/dev/null)
done
for sample in "${UV_SAMPLES[@]}"; do
    rm -rf "$HERE/$sample/wheels" "$HERE/$sample/uv.lock"
    cp -r "$WORK/wheels" "$HERE/$sample/wheels"
    echo "+ (cd $sample && uv $UV_VERSION lock --offline)"
    (cd "$HERE/$sample" && "${OFFLINE[@]}" "$UV" lock --offline >"$WORK/log" 2>&1) || { cat "$WORK/log"; exit 1; }
done

for v in "${VARIANTS[@]}"; do
    sample=${v%%/*}
    lock=poetry.lock; [ -f "$HERE/$sample/uv.lock" ] && lock=uv.lock
    cp "$HERE/$sample/$lock" "$HERE/$v/$lock"
done

# ---------------------------------------------------------------- the tools' own verdicts
# Each sample and variant is copied to a scratch folder (the variant's pyproject.toml and
# lock in place of the sample's, so path dependencies resolve) and the tool is asked.
#   Poetry: Locker.is_fresh(), the code behind `poetry check --lock` / `poetry install`'s
#           "pyproject.toml changed significantly" error, in the generating Poetry and the latest.
#   uv:     `uv lock --check --offline` (exit 0: fresh).
FRESH_PY='
from pathlib import Path
from poetry.factory import Factory
print("fresh" if Factory().create_poetry(Path.cwd()).locker.is_fresh() else "stale")'
verdict_poetry() { # dir version
    (cd "$1" && "${OFFLINE[@]}" "$VENVS/poetry-$2/bin/python" -c "$FRESH_PY" 2>/dev/null | tail -1)
}
verdict_uv() { # dir
    if (cd "$1" && "${OFFLINE[@]}" "$UV" lock --check --offline >/dev/null 2>&1); then echo fresh; else echo stale; fi
}
scratch() { # sample [variant] -> prints the scratch folder
    local d="$WORK/check/$1${2:+-$2}"
    rm -rf "$d"; mkdir -p "$d"
    local excludes=() v
    for v in "${VARIANTS[@]}"; do [ "${v%%/*}" = "$1" ] && excludes+=(--exclude="./${v#*/}"); done
    (cd "$HERE/$1" && tar cf - "${excludes[@]}" .) | (cd "$d" && tar xf -)
    if [ -n "${2:-}" ]; then cp "$HERE/$1/$2"/* "$d/"; fi
    echo "$d"
}
status=0
printf '%-50s %-9s %s\n' "sample" "expected" "verdicts"
check() { # sample variant(or "") generator-version
    local sample=$1 var=$2 gen=$3 expected=fresh d line ok=1
    case $var in stale*) expected=stale ;; esac
    d=$(scratch "$sample" "$var")
    line=""
    if [ "$gen" = uv ]; then
        r=$(verdict_uv "$d"); line="uv $UV_VERSION: $r"; [ "$r" = "$expected" ] || ok=0
    else
        for v in $(printf '%s\n' "$gen" "$LATEST_POETRY" | uniq); do
            r=$(verdict_poetry "$d" "$v"); line+="poetry $v: $r  "; [ "$r" = "$expected" ] || ok=0
        done
    fi
    [ $ok = 1 ] || { line+=" <-- UNEXPECTED"; status=1; }
    printf '%-50s %-9s %s\n' "$sample${var:+/$var}" "$expected" "$line"
}
for entry in "${POETRY_SAMPLES[@]}"; do
    sample=${entry%%:*} gen=${entry##*:}
    check "$sample" "" "$gen"
    for v in "${VARIANTS[@]}"; do [ "${v%%/*}" = "$sample" ] && check "$sample" "${v#*/}" "$gen"; done
done
for sample in "${UV_SAMPLES[@]}"; do
    check "$sample" "" uv
    for v in "${VARIANTS[@]}"; do [ "${v%%/*}" = "$sample" ] && check "$sample" "${v#*/}" uv; done
done

echo
python3 "$HERE/content_hash.py" "$HERE" || status=1
echo
python3 "$HERE/uv_requirements.py" "$HERE" || status=1
exit $status
