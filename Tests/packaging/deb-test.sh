#!/usr/bin/env bash
# The install path and the Debian package, checked from outside (run by Tests/run.sh):
#
#   bash Tests/packaging/deb-test.sh [BIN_DIR]
#
# Packages the jukeboxd and jukebox in BIN_DIR (default: the test run's debug build, relinked
# with the Swift runtime inside by `build-deb.sh --build debug`, which takes seconds, not the
# release build's minutes) with Systemd/build-deb.sh, then checks: the
# package's file list; lintian (no errors, no warnings); the control file's Depends
# against the libraries the binaries load; an unpacked tree (dpkg-deb -x): its paths,
# systemd-analyze verify of its units (executables and man pages resolved in the tree), the
# man pages through man(1) with the tree's MANPATH, the shipped jukeboxd.conf accepted by the
# packaged daemon, and that daemon serving the packaged default model to the packaged client;
# then install.sh --uninstall in a DESTDIR keeps the models and the configuration, and
# --purge removes them. Any failed check exits non-zero.
set -euo pipefail
cd "$(dirname "$0")/../.."

failures=0
pass() { echo "ok   $*"; }
fail() {
    echo "FAIL $*"
    failures=$((failures + 1))
}
check() { # check DESCRIPTION COMMAND...
    local what=$1
    shift
    if "$@"; then pass "$what"; else fail "$what"; fi
}

# The binaries: BIN_DIR, or the debug build relinked by install.sh --build debug.
if [ -n "${1:-}" ]; then
    binaries=(--binaries "$(cd "$1" && pwd)")
else
    binaries=(--build debug)
fi
work=$(mktemp -d)
daemon_pid=
cleanup() {
    if [ -n "$daemon_pid" ]; then kill "$daemon_pid" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

started=$(date +%s)
# gzip -1: xz takes minutes for the debug binaries on the 2-core test machine.
deb=$(bash Systemd/build-deb.sh "${binaries[@]}" --compress gzip --out "$work/out" 2>"$work/build.log") || {
    cat "$work/build.log"
    echo "FAIL build-deb.sh"
    exit 1
}
pass "build-deb.sh made $(basename "$deb") ($(du -k "$deb" | cut -f1) KiB) in $(($(date +%s) - started)) s"

# The file list.
dpkg-deb -c "$deb" >"$work/contents"
for path in ./usr/bin/jukeboxd ./usr/bin/jukebox \
    ./usr/lib/systemd/system/jukeboxd.service ./usr/lib/systemd/system/jukeboxd.socket \
    ./usr/lib/systemd/user/jukeboxd.service ./usr/lib/systemd/user/jukeboxd.socket \
    ./usr/lib/sysusers.d/jukeboxd.conf ./usr/lib/tmpfiles.d/jukeboxd.conf \
    ./usr/share/man/man1/jukebox.1.gz ./usr/share/man/man8/jukeboxd.8.gz ./usr/share/man/man5/jukeboxd.conf.5.gz \
    ./usr/share/man/man5/jukeboxd-bundle.5.gz ./usr/share/man/man7/jukebox-protocol.7.gz \
    ./etc/jukeboxd/jukeboxd.conf ./var/lib/jukeboxd/models/classical/config.json \
    ./var/lib/jukeboxd/models/classical/vqvae.safetensors ./usr/share/doc/jukeboxd/copyright \
    ./usr/share/doc/jukeboxd/changelog.gz ./usr/share/lintian/overrides/jukeboxd; do
    grep -q " $path\$" "$work/contents" || fail "the package holds $path"
done
check "every file root-owned" bash -c "! awk '\$2 != \"root/root\"' '$work/contents' | grep -q ."
echo "--- dpkg-deb -c (first lines)"
head -n 12 "$work/contents"
dpkg-deb -f "$deb" Depends
dpkg-deb -I "$deb" | grep -E '^ (postinst|prerm|postrm|conffiles|md5sums)' || true

# lintian: no errors and no warnings (there are none today: a new one is looked at, then fixed or
# overridden in Systemd/debian/lintian-overrides with a reason); information tags are not shown.
started=$(date +%s)
if command -v lintian >/dev/null; then
    lintian --tag-display-limit 0 "$deb" >"$work/lintian" 2>&1 || true
    sed 's/^/lintian: /' "$work/lintian"
    check "lintian reports no errors and no warnings ($(($(date +%s) - started)) s)" \
        bash -c "! grep -q '^[EW]: ' '$work/lintian'"
else
    fail "lintian is not installed (.ci/install-deps installs it)"
fi

# Depends: the package of every library a binary names (NEEDED) is in Depends; the libraries
# those load in turn are their packages' business.
depends=$(dpkg-deb -f "$deb" Depends)
root=$work/root
dpkg-deb -x "$deb" "$root"
for binary in "$root/usr/bin/jukeboxd" "$root/usr/bin/jukebox"; do
    name=$(basename "$binary")
    check "$name needs no Swift runtime library" bash -c "! readelf -d '$binary' | grep -q 'NEEDED.*libswift'"
    check "$name finds every library" bash -c "! ldd '$binary' | grep -q 'not found'"
    for soname in $(readelf -d "$binary" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'); do
        library=$(ldd "$binary" | awk -v soname="$soname" '$1 == soname && $3 ~ /^\// {print $3}')
        [ -n "$library" ] || library=$(ldd "$binary" | awk -v soname="$soname" '$1 ~ soname {print $1}')
        package=$(dpkg -S "$(readlink -f "$library")" 2>/dev/null | head -n1 | cut -d: -f1 || true)
        [ -n "$package" ] || package=$(dpkg -S "$library" 2>/dev/null | head -n1 | cut -d: -f1 || true)
        case "$package" in
        # libopenblas.so.0 is an alternative; libopenblas0 pulls in one of its providers.
        libopenblas0-pthread | libopenblas0-openmp | libopenblas0-serial) package=libopenblas0 ;;
        esac
        if [ -z "$package" ]; then
            fail "$name: no package holds $soname"
        elif [[ ", $depends" != *", $package"[\ ,]* ]] && [[ ", $depends," != *", $package,"* ]]; then
            fail "$name needs $soname of $package, which Depends does not name"
        fi
    done
done
for package in libc6 libsndfile1 libsamplerate0 libopenblas0 libjson-c5 init-system-helpers; do
    [[ ", $depends" == *", $package"* ]] || fail "Depends names $package"
done
check "the client does not load OpenBLAS or libsndfile" bash -c "! ldd '$root/usr/bin/jukebox' | grep -Eq 'openblas|sndfile'"

# The units, verified in the unpacked tree: ExecStart= and Documentation= resolved there.
# The tree gets the machine's targets (sockets.target ...) so dependencies resolve.
cp -a /usr/lib/systemd/system/*.target "$root/usr/lib/systemd/system/"
if MANPATH="$root/usr/share/man" systemd-analyze verify --root="$root" jukeboxd.socket jukeboxd.service \
    >"$work/verify" 2>&1; then
    check "systemd-analyze verify: no output" test ! -s "$work/verify"
else
    cat "$work/verify"
    fail "systemd-analyze verify --root of the installed units"
fi
grep -q "^ExecStart=/usr/bin/jukeboxd serve$" "$root/usr/lib/systemd/system/jukeboxd.service" ||
    fail "the system unit starts /usr/bin/jukeboxd serve"
check "the user unit starts /usr/bin/jukeboxd" grep -q "^ExecStart=/usr/bin/jukeboxd serve " \
    "$root/usr/lib/systemd/user/jukeboxd.service"

# Man pages: man(1) finds each by name in the tree's man folder, and mandoc renders it cleanly.
for page in jukebox.1 jukeboxd.8 jukeboxd.conf.5 jukeboxd-bundle.5 jukebox-protocol.7; do
    name=${page%.*}
    section=${page##*.}
    MANPATH="$root/usr/share/man" MANWIDTH=80 man "$section" "$name" 2>/dev/null | col -b >"$work/page" || true
    grep -qi "^NAME" "$work/page" || fail "man $section $name renders from the installed tree"
    mandoc -Tlint "$root/usr/share/man/man$section/$page.gz" 2>&1 | grep -v -e 'referenced manual not found' \
        -e 'mandoc.db' >"$work/lint" || true
    [ ! -s "$work/lint" ] || { cat "$work/lint"; fail "mandoc -Tlint $page.gz"; }
done
check "man jukebox shows jukebox(1)" grep -q "jukebox" "$work/page"

# The shipped configuration: the packaged daemon accepts it, and refuses a misspelt key.
check "jukeboxd serve --check accepts the shipped jukeboxd.conf" \
    "$root/usr/bin/jukeboxd" serve --config "$root/etc/jukeboxd/jukeboxd.conf" --check
sed 's/^#queue_limit = 16$/queue_limt = 16/' "$root/etc/jukeboxd/jukeboxd.conf" >"$work/bad.conf"
status=0
"$root/usr/bin/jukeboxd" serve --config "$work/bad.conf" --check 2>"$work/bad.err" || status=$?
check "--check refuses a misspelt key with status 64 and the line" \
    bash -c "[ $status -eq 64 ] && grep -q 'bad.conf:[0-9]*: unknown key \"queue_limt\"' '$work/bad.err'"

# The packaged daemon serves the packaged model to the packaged client.
mkdir -p "$work/state"
"$root/usr/bin/jukeboxd" serve --no-config --socket "$work/s.sock" --models "$root/var/lib/jukeboxd/models" \
    --state "$work/state" 2>"$work/daemon.log" &
daemon_pid=$!
for _ in $(seq 100); do
    [ -S "$work/s.sock" ] && break
    sleep 0.1
done
JUKEBOX_SOCKET=$work/s.sock "$root/usr/bin/jukebox" models >"$work/models" 2>&1 || true
check "the packaged client lists the packaged model classical" grep -q "^classical" "$work/models"
kill "$daemon_pid"
wait "$daemon_pid" 2>/dev/null || true
daemon_pid=

# install.sh --uninstall keeps models, jobs and the configuration; --purge removes them.
dest=$work/dest
bash Systemd/install.sh --destdir "$dest" --binaries "$root/usr/bin" 2>/dev/null
mkdir -p "$dest/var/lib/jukeboxd/jobs/j1"
bash Systemd/install.sh --uninstall --destdir "$dest" 2>/dev/null
check "uninstall removes the binaries, units and pages" \
    bash -c "[ -z \"\$(find '$dest/usr' -type f)\" ]"
check "uninstall keeps the models, the jobs and jukeboxd.conf" test -f "$dest/var/lib/jukeboxd/models/classical/config.json" \
    -a -d "$dest/var/lib/jukeboxd/jobs/j1" -a -f "$dest/etc/jukeboxd/jukeboxd.conf"
bash Systemd/install.sh --uninstall --purge --destdir "$dest" 2>/dev/null
check "uninstall --purge removes them" test ! -e "$dest/var/lib/jukeboxd" -a ! -e "$dest/etc/jukeboxd"

if [ "$failures" -gt 0 ]; then
    echo "packaging test: $failures failed"
    exit 1
fi
echo "packaging test: passed in $SECONDS s"
