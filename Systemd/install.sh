#!/usr/bin/env bash
# Installs jukeboxd as a system service, from the checkout (README, "Installing the service").
#
#   bash Systemd/install.sh [--prefix /usr] [--destdir DIR] [--binaries DIR | --build debug] [--no-model]
#   bash Systemd/install.sh --uninstall [--purge] [--prefix /usr] [--destdir DIR]
#
# Install: builds jukeboxd and jukebox in release mode with the Swift runtime linked in
# (swift build -c release --static-swift-stdlib: the installed binaries need only Debian
# packages), unless --binaries names a folder holding both already built (--build debug
# relinks the debug build instead, in seconds once it exists, as the tests do); then puts in place
#   PREFIX/bin/jukeboxd, PREFIX/bin/jukebox
#   PREFIX/lib/systemd/system/jukeboxd.service, jukeboxd.socket   (ExecStart= names PREFIX/bin)
#   PREFIX/lib/systemd/user/jukeboxd.service, jukeboxd.socket     (systemctl --user)
#   PREFIX/lib/sysusers.d/jukeboxd.conf, PREFIX/lib/tmpfiles.d/jukeboxd.conf
#   PREFIX/share/man/man{1,5,7,8}/*.gz
#   /etc/jukeboxd/jukeboxd.conf        every key commented out at its default (kept if present)
#   /var/lib/jukeboxd/models/classical the default model (replaced by the shipped one)
# all under DESTDIR when given (a staging tree, as Systemd/build-deb.sh makes). Without
# DESTDIR it then creates the jukeboxd user and jukebox group (systemd-sysusers) and the
# folders (systemd-tmpfiles), reloads systemd if it runs, and says how to start the socket.
#
# Uninstall: stops and disables the units (when systemd runs) and removes the files above
# except the configuration, the models and the job state; --purge removes /etc/jukeboxd and
# /var/lib/jukeboxd too. The jukeboxd user and jukebox group stay, as Debian leaves system users.
set -euo pipefail
cd "$(dirname "$0")/.."

prefix=/usr
destdir=
binaries=
configuration=release
model=yes
action=install
purge=no
usage() {
    echo "usage: bash Systemd/install.sh [--prefix DIR] [--destdir DIR] [--binaries DIR | --build release|debug]" >&2
    echo "                                [--no-model]" >&2
    echo "       bash Systemd/install.sh --uninstall [--purge] [--prefix DIR]" >&2
    exit 64
}
while [ $# -gt 0 ]; do
    case "$1" in
    --prefix) [ $# -ge 2 ] || usage; prefix=$2; shift 2 ;;
    --prefix=*) prefix=${1#*=}; shift ;;
    --destdir) [ $# -ge 2 ] || usage; destdir=$2; shift 2 ;;
    --destdir=*) destdir=${1#*=}; shift ;;
    --binaries) [ $# -ge 2 ] || usage; binaries=$2; shift 2 ;;
    --binaries=*) binaries=${1#*=}; shift ;;
    --build) [ $# -ge 2 ] || usage; configuration=$2; shift 2 ;;
    --no-model) model=no; shift ;;
    --uninstall) action=uninstall; shift ;;
    --purge) purge=yes; shift ;;
    *) echo "install.sh: unknown argument: $1" >&2; usage ;;
    esac
done
case "$configuration" in release | debug) ;; *) echo "install.sh: --build is release or debug" >&2; exit 64 ;; esac
case "$prefix" in /*) ;; *) echo "install.sh: --prefix must be an absolute path: $prefix" >&2; exit 64 ;; esac
[ "$purge" = no ] || [ "$action" = uninstall ] || { echo "install.sh: --purge goes with --uninstall" >&2; exit 64; }
if [ -n "$destdir" ]; then
    mkdir -p "$destdir"
    destdir=$(cd "$destdir" && pwd)
fi

root=$destdir
bindir=$prefix/bin
unitdir=$prefix/lib/systemd/system
userunitdir=$prefix/lib/systemd/user
sysusersdir=$prefix/lib/sysusers.d
tmpfilesdir=$prefix/lib/tmpfiles.d
mandir=$prefix/share/man
confdir=/etc/jukeboxd
statedir=/var/lib/jukeboxd
man_pages=(man/jukebox.1 man/jukeboxd.8 man/jukeboxd.conf.5 man/jukeboxd-bundle.5 man/jukebox-protocol.7)

# Every file the install puts in place except the configuration and the model, for uninstall.
installed_files() {
    echo "$bindir/jukeboxd" "$bindir/jukebox"
    echo "$unitdir/jukeboxd.service" "$unitdir/jukeboxd.socket"
    echo "$userunitdir/jukeboxd.service" "$userunitdir/jukeboxd.socket"
    echo "$sysusersdir/jukeboxd.conf" "$tmpfilesdir/jukeboxd.conf"
    for page in "${man_pages[@]}"; do
        echo "$mandir/man${page##*.}/$(basename "$page").gz"
    done
}

systemd_runs() { [ -z "$destdir" ] && [ -d /run/systemd/system ] && command -v systemctl >/dev/null; }

if [ "$action" = uninstall ]; then
    if systemd_runs; then
        systemctl disable --now jukeboxd.socket jukeboxd.service >/dev/null 2>&1 || true
    fi
    for file in $(installed_files); do
        rm -f "$root$file"
    done
    if [ "$purge" = yes ]; then
        rm -rf "$root$confdir" "$root$statedir"
        echo "install.sh: removed jukeboxd, its configuration, models and job state" >&2
    else
        echo "install.sh: removed jukeboxd; kept $confdir and $statedir (models, jobs): --purge removes them" >&2
    fi
    if systemd_runs; then systemctl daemon-reload; fi
    exit 0
fi

# The binaries: a static-runtime build (release unless --build says debug) unless given.
# SwiftPM 6.3 links Foundation's static archives without the ones they need in turn
# (_FoundationCShims, _FoundationCollections, CoreFoundation, ICU ...: "undefined reference to
# _stringshims_strtod_clocale"), so they are named here, in a group so that order does not matter.
static_link=(-Xlinker --start-group)
for library in Foundation CoreFoundation FoundationInternationalization _FoundationICU FoundationEssentials \
    _FoundationCShims _FoundationCollections swiftSynchronization swiftDispatch dispatch BlocksRuntime swiftCore; do
    static_link+=(-Xlinker "-l$library")
done
static_link+=(-Xlinker --end-group)
# Resolve every symbol at start, so the GOT can be read-only (Debian's hardening "bindnow").
static_link+=(-Xlinker -z -Xlinker now)
if [ -z "$binaries" ]; then
    echo "install.sh: swift build -c $configuration --static-swift-stdlib (a release build takes minutes)" >&2
    swift build -c "$configuration" --static-swift-stdlib --product jukeboxd "${static_link[@]}"
    swift build -c "$configuration" --static-swift-stdlib --product jukebox "${static_link[@]}"
    binaries=$(swift build -c "$configuration" --static-swift-stdlib --show-bin-path)
    for binary in "$binaries/jukeboxd" "$binaries/jukebox"; do
        if readelf -d "$binary" | grep -q 'NEEDED.*libswift'; then
            echo "install.sh: $binary still needs the Swift runtime's shared libraries" >&2
            exit 1
        fi
    done
fi
for binary in jukeboxd jukebox; do
    [ -x "$binaries/$binary" ] || { echo "install.sh: no executable $binaries/$binary" >&2; exit 66; }
done

install -d -m 0755 "$root$bindir" "$root$unitdir" "$root$userunitdir" "$root$sysusersdir" "$root$tmpfilesdir"
install -m 0755 "$binaries/jukeboxd" "$binaries/jukebox" "$root$bindir/"

# Units: ExecStart= names the installed daemon.
for unit in jukeboxd.service jukeboxd.socket; do
    sed "s|^ExecStart=/usr/bin/jukeboxd|ExecStart=$bindir/jukeboxd|" "Systemd/$unit" >"$root$unitdir/$unit"
    sed "s|^ExecStart=/usr/bin/jukeboxd|ExecStart=$bindir/jukeboxd|" "Systemd/user/$unit" >"$root$userunitdir/$unit"
    chmod 0644 "$root$unitdir/$unit" "$root$userunitdir/$unit"
done
install -m 0644 Systemd/jukeboxd.sysusers "$root$sysusersdir/jukeboxd.conf"
install -m 0644 Systemd/jukeboxd.tmpfiles "$root$tmpfilesdir/jukeboxd.conf"

# Man pages, compressed as Debian ships them (gzip -9n: no name or time stamp inside).
for page in "${man_pages[@]}"; do
    section=${page##*.}
    install -d -m 0755 "$root$mandir/man$section"
    gzip -9n <"$page" >"$root$mandir/man$section/$(basename "$page").gz"
    chmod 0644 "$root$mandir/man$section/$(basename "$page").gz"
done

# The configuration: every key commented out at its default; an administrator's file is kept.
install -d -m 0755 "$root$confdir"
if [ -e "$root$confdir/jukeboxd.conf" ] && ! cmp -s Systemd/jukeboxd.conf "$root$confdir/jukeboxd.conf"; then
    echo "install.sh: kept $confdir/jukeboxd.conf; the shipped one is Systemd/jukeboxd.conf" >&2
else
    install -m 0644 Systemd/jukeboxd.conf "$root$confdir/jukeboxd.conf"
fi

# The default model, read-only for the daemon (root owns it; the folders let jukeboxd in).
if [ "$model" = yes ]; then
    install -d -m 0755 "$root$statedir/models"
    staging=$root$statedir/models/.classical.new
    rm -rf "$staging"
    install -d -m 0755 "$staging"
    install -m 0644 Training/models/classical/* "$staging/"
    rm -rf "$root$statedir/models/classical"
    mv "$staging" "$root$statedir/models/classical"
fi

if [ -z "$destdir" ]; then
    # The user, the group and the folders with their owners and modes (0750 jukeboxd).
    systemd-sysusers "$sysusersdir/jukeboxd.conf"
    systemd-tmpfiles --create "$tmpfilesdir/jukeboxd.conf"
    if systemd_runs; then
        systemctl daemon-reload
        echo "install.sh: installed; start it with: systemctl enable --now jukeboxd.socket" >&2
    else
        echo "install.sh: installed (systemd is not running here, so nothing was enabled)" >&2
    fi
    echo "install.sh: let a user in with: usermod -aG jukebox USER" >&2
else
    echo "install.sh: installed into $destdir" >&2
fi
