#!/usr/bin/env bash
# The README's two commands:
#   packaging/dev.sh run   install what is missing, build, start AIO-CHAT (GUI with a display,
#                          headless without; SQLite and the offline answer mode by default)
#   packaging/dev.sh test  install, build, run every test (a throw-away PostgreSQL server included)
# Other verbs: deps, build, lint, bench, package (the .deb). Extra arguments after `run` go to
# aiochat.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
build=${AIOCHAT_BUILD_DIR:-$root/build}
jobs=${AIOCHAT_JOBS:-$(nproc)}

log() { printf '\033[1;36m==>\033[0m %s\n' "$*" >&2; }

deps() {
    # One list, installed idempotently: only what is missing goes to apt.
    mapfile -t wanted < <(grep -vE '^\s*(#|$)' "$here/deps.txt")
    missing=()
    for pkg in "${wanted[@]}"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
    done
    if [ ${#missing[@]} -eq 0 ]; then
        log "dependencies: all ${#wanted[@]} packages present"
        return
    fi
    log "installing ${#missing[@]} package(s): ${missing[*]}"
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

configure() {
    if [ ! -f "$build/build.ninja" ]; then
        log "configuring $build"
        cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
            -DAIOCHAT_WERROR="${AIOCHAT_WERROR:-OFF}" >/dev/null
    fi
}

build() {
    configure
    log "building ($jobs jobs)"
    cmake --build "$build" --parallel "$jobs"
}

# A PostgreSQL server of our own in a temporary directory, on a free loopback port; the tests
# find it through AIOCHAT_TEST_PG_URL. Stopped again when this script exits.
pg_start() {
    local bindir
    bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
    if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
        log "PostgreSQL server not installed: PostgreSQL tests will be skipped"
        return
    fi
    pg_dir=$(mktemp -d /tmp/aiochat-pg.XXXXXX)
    local port
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || echo 55432)
    local run=()
    if [ "$(id -u)" -eq 0 ]; then
        # initdb refuses to run as root: the server runs as the postgres system user.
        chown postgres "$pg_dir"
        run=(runuser -u postgres --)
    fi
    "${run[@]}" "$bindir/initdb" -D "$pg_dir/data" -U aiochat --auth=trust -E UTF8 >/dev/null
    "${run[@]}" "$bindir/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $pg_dir -c fsync=off -c max_connections=200" start >/dev/null
    pg_ctl_cmd=("${run[@]}" "$bindir/pg_ctl" -D "$pg_dir/data" -m fast stop)
    export AIOCHAT_TEST_PG_URL="postgresql://aiochat@127.0.0.1:$port/postgres"
    export AIOCHAT_REQUIRE_PG=1 # a server was started: its tests must run, not skip
    log "PostgreSQL test server on 127.0.0.1:$port"
}

pg_stop() {
    if [ -n "${pg_dir:-}" ]; then
        "${pg_ctl_cmd[@]}" >/dev/null 2>&1 || true
        rm -rf "$pg_dir"
    fi
}

run_tests() {
    trap pg_stop EXIT
    pg_start
    export QT_QPA_PLATFORM=offscreen
    local scratch
    scratch=$(mktemp -d /tmp/aiochat-test-home.XXXXXX)
    export XDG_CACHE_HOME="$scratch/cache" XDG_RUNTIME_DIR="$scratch/run" XDG_DATA_HOME="$scratch/data"
    mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
    export AIOCHAT_SECRETS=file
    log "running the test suite"
    local rc=0
    ctest --test-dir "$build" --output-on-failure -j "$jobs" --timeout 300 || rc=$?
    if [ $rc -ne 0 ]; then
        # The failures again, last, where a long log's tail still shows them.
        log "what failed"
        grep -h -A3 -e '^FAIL!' -e '^QFATAL' "$build"/Testing/Temporary/LastTest*.log 2>/dev/null |
            cut -c1-400 | head -n 60 || true
    fi
    rm -rf "$scratch"
    return $rc
}

# libFuzzer runs of every fuzz target, in a clang build of their own; the seed corpus is copied so
# a run never rewrites the repository. Usage: fuzz [seconds per target, default 20].
fuzz() {
    local seconds=${1:-20}
    local dir="$root/build-fuzz"
    if [ ! -f "$dir/build.ninja" ]; then
        CC=clang CXX=clang++ cmake -S "$root" -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DAIOCHAT_FUZZ=ON >/dev/null
    fi
    cmake --build "$dir" --parallel "$jobs"
    local work
    work=$(mktemp -d /tmp/aiochat-fuzz.XXXXXX)
    local rc=0
    for target in telegram whatsapp http; do
        mkdir -p "$work/$target"
        cp "$root/tests/fuzz/corpus/$target/"* "$work/$target/"
        log "fuzzing $target for ${seconds}s"
        "$dir/tests/fuzz/fuzz_$target" -max_total_time="$seconds" -max_len=65536 -print_final_stats=1 \
            -artifact_prefix="$work/$target-" "$work/$target" 2>&1 |
            grep -E '^(Done|stat::number_of_executed_units|==[0-9]+==ERROR|SUMMARY)' || true
        if ls "$work/$target-"* >/dev/null 2>&1; then
            # Keep the reproducer: it becomes a regression input in tests/fuzz/corpus/<target>.
            mkdir -p "$root/build-fuzz/crashes"
            cp "$work/$target-"* "$root/build-fuzz/crashes/"
            log "crash found in $target: reproducer in build-fuzz/crashes/"
            rc=1
        fi
    done
    rm -rf "$work"
    return $rc
}

lint() {
    log "clang-format"
    (cd "$root" && git ls-files '*.cpp' '*.h' | xargs clang-format --dry-run -Werror)
    configure
    log "qmllint"
    # all_qmllint first builds what the linter reads (type registrations, qmldir files,
    # resources). Qt 6.4's qmllint can crash (SIGSEGV) on some sets of files linted in one process,
    # so every file is then linted on its own with the very same arguments; any warning fails.
    cmake --build "$build" --target all_qmllint >/dev/null 2>&1 || true
    local line
    line=$(ninja -C "$build" -t commands ui/CMakeFiles/aiochat_ui_qmllint | tail -n 1)
    local dir=${line#cd }
    dir=${dir%% && *}
    local words options=() files=()
    read -ra words <<<"${line#* && }"
    for w in "${words[@]}"; do
        if [[ $w == *.qml ]]; then files+=("$w"); else options+=("$w"); fi
    done
    [ ${#files[@]} -gt 0 ] || { log "qmllint: no QML files found in the build rule"; return 1; }
    local failed=0
    for f in "${files[@]}"; do
        (cd "$dir" && "${options[@]}" "$f") || { echo "qmllint failed on $f"; failed=1; }
    done
    [ $failed -eq 0 ] || { log "qmllint found problems (above)"; return 1; }
    log "qmllint: ${#files[@]} files clean"
}

# Refreshes translations/*.ts from the sources (new strings appear as unfinished; translate them
# in Qt Linguist). English only carries plural forms: the sources are English.
translations() {
    local lupdate=/usr/lib/qt6/bin/lupdate
    (cd "$root" &&
        "$lupdate" -extensions cpp,h,qml -locations none -no-obsolete ui core app \
            -ts translations/aiochat_id.ts &&
        "$lupdate" -extensions cpp,h,qml -locations none -no-obsolete -pluralonly ui core app \
            -ts translations/aiochat_en.ts)
}

# The .deb (CPack, dependencies from dpkg-shlibdeps) and the checks Debian users expect of it:
# lintian, AppStream, the desktop entry, and the systemd unit against the binary it names.
package() {
    cmake --build "$build" --target aiochat aiochat_package_files --parallel "$jobs"
    rm -f "$build"/package/*.deb
    (cd "$build" && cpack -G DEB >/dev/null)
    local deb
    deb=$(ls "$build"/package/*.deb)
    log "lintian"
    lintian --fail-on error "$deb" 2>&1 | grep -v 'running with root privileges' || true
    lintian --fail-on error "$deb" >/dev/null 2>&1
    log "appstream and desktop entry"
    appstreamcli validate --no-net "$here/linux/app.aiochat.AioChat.metainfo.xml" >/dev/null
    desktop-file-validate --no-hints "$here/linux/app.aiochat.AioChat.desktop"
    log "systemd unit"
    local unit
    unit=$(mktemp -d)/aiochat.service
    sed "s#/usr/bin/aiochat#$build/bin/aiochat#" "$here/systemd/aiochat.service" >"$unit"
    systemd-analyze verify --man=no "$unit"
    systemd-analyze security --offline=true "$unit" | tail -n 1
    rm -rf "$(dirname "$unit")"
    log "package: $deb ($(du -h "$deb" | cut -f1))"
}

case "${1:-}" in
deps) deps ;;
translations) deps; translations ;;
build) deps; build ;;
run)
    shift
    deps
    build
    args=("$@")
    if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
        log "no display: starting headless (stop with Ctrl+C)"
        args=(--headless "${args[@]}")
    fi
    exec "$build/bin/aiochat" "${args[@]}"
    ;;
test) deps; build; run_tests ;;
lint) deps; lint ;;
package) deps; configure; package ;;
fuzz) deps; fuzz "${2:-20}" ;;
bench)
    deps; build
    shift
    "$build/bin/aiochat-bench-store" "$@"
    ;;
*)
    echo "usage: $0 {run|test|deps|build|lint|fuzz|bench|package|translations} [args…]" >&2
    exit 2
    ;;
esac
