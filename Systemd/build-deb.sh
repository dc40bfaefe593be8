#!/usr/bin/env bash
# Builds the Debian package of jukeboxd from the checkout (README, "Installing the service"):
#
#   bash Systemd/build-deb.sh [--binaries DIR | --build debug] [--out DIR] [--version VERSION]
#                             [--compress xz|gzip]
#
# It installs into a staging tree with Systemd/install.sh --prefix /usr --destdir (the static
# release build; --build debug relinks the debug build with the runtime inside, as the tests do;
# --binaries names a folder holding jukeboxd and jukebox already built, which must not need the
# Swift runtime's shared libraries, since no Debian package has them),
# strips the binaries, adds the copyright file, changelog and lintian overrides, writes DEBIAN/ (control with the
# Depends dpkg-shlibdeps finds for the binaries, the maintainer scripts of Systemd/debian/,
# conffiles, md5sums) and runs dpkg-deb --build --root-owner-group (xz, or gzip -1: minutes faster
# for the large debug binaries on two cores). Prints the .deb's path.
# VERSION defaults to the daemon's (Sources/JukeboxProtocol/Version.swift). Needs dpkg-dev.
set -euo pipefail
cd "$(dirname "$0")/.."

binaries=()
out=.
compress=xz
version=$(sed -n 's/.*static let string = "\(.*\)".*/\1/p' Sources/JukeboxProtocol/Version.swift)
while [ $# -gt 0 ]; do
    case "$1" in
    --binaries) [ $# -ge 2 ] || exit 64; binaries=(--binaries "$(cd "$2" && pwd)"); shift 2 ;;
    --build) [ $# -ge 2 ] || exit 64; binaries=(--build "$2"); shift 2 ;;
    --out) [ $# -ge 2 ] || exit 64; out=$2; shift 2 ;;
    --version) [ $# -ge 2 ] || exit 64; version=$2; shift 2 ;;
    --compress) [ $# -ge 2 ] || exit 64; compress=$2; shift 2 ;;
    *)
        echo "usage: bash Systemd/build-deb.sh [--binaries DIR | --build debug] [--out DIR] [--version V]" \
            "[--compress xz|gzip]" >&2
        exit 64
        ;;
    esac
done
[ -n "$version" ] || { echo "build-deb.sh: no version found" >&2; exit 1; }
command -v dpkg-shlibdeps >/dev/null || { echo "build-deb.sh: needs dpkg-dev (dpkg-shlibdeps)" >&2; exit 69; }
maintainer=${DEBFULLNAME:+$DEBFULLNAME <${DEBEMAIL:-}>}
maintainer=${maintainer:-$(git log -1 --format='%an <%ae>' 2>/dev/null || echo "jukeboxd maintainers <root@localhost>")}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
stage=$work/jukeboxd
install -d -m 0755 "$stage"
umask 022
bash Systemd/install.sh --prefix /usr --destdir "$stage" "${binaries[@]}" >&2

for binary in "$stage/usr/bin/jukeboxd" "$stage/usr/bin/jukebox"; do
    if readelf -d "$binary" | grep -q 'NEEDED.*libswift'; then
        echo "build-deb.sh: $binary needs the Swift runtime's shared libraries; build it with --static-swift-stdlib" >&2
        exit 1
    fi
    # As dh_strip does: the symbols go, the Swift metadata sections stay.
    strip --remove-section=.comment --remove-section=.note --strip-unneeded "$binary"
done

doc=$stage/usr/share/doc/jukeboxd
install -d -m 0755 "$doc"
install -m 0644 Systemd/debian/copyright "$doc/copyright"
sed -e "s|@VERSION@|$version|" -e "s|@MAINTAINER@|$maintainer|" \
    -e "s|@DATE@|$(date -R -d "@$(git log -1 --format=%ct 2>/dev/null || date +%s)")|" \
    Systemd/debian/changelog | gzip -9n >"$doc/changelog.gz"
chmod 0644 "$doc/changelog.gz"

install -d -m 0755 "$stage/usr/share/lintian/overrides"
install -m 0644 Systemd/debian/lintian-overrides "$stage/usr/share/lintian/overrides/jukeboxd"

# Depends: the packages of the libraries the binaries load, as dpkg-shlibdeps finds them.
mkdir -p "$work/shlibs/debian"
printf 'Source: jukeboxd\n\nPackage: jukeboxd\nArchitecture: amd64\n' >"$work/shlibs/debian/control"
depends=$(cd "$work/shlibs" && dpkg-shlibdeps -O "-e$stage/usr/bin/jukeboxd" "-e$stage/usr/bin/jukebox" 2>&1 |
    sed -n 's/^shlibs:Depends=//p')
[ -n "$depends" ] || { echo "build-deb.sh: dpkg-shlibdeps found no dependencies" >&2; exit 1; }

install -d -m 0755 "$stage/DEBIAN"
sed -e "s|@VERSION@|$version|" -e "s|@MAINTAINER@|$maintainer|" -e "s|@SHLIBS_DEPENDS@|$depends|" \
    -e "s|@INSTALLED_SIZE@|$(du -sk --apparent-size --exclude=DEBIAN "$stage" | cut -f1)|" \
    Systemd/debian/control.in >"$stage/DEBIAN/control"
install -m 0755 Systemd/debian/postinst Systemd/debian/prerm Systemd/debian/postrm "$stage/DEBIAN/"
install -m 0644 Systemd/debian/conffiles "$stage/DEBIAN/conffiles"
(cd "$stage" && find . -type f ! -path './DEBIAN/*' -printf '%P\0' | sort -z | xargs -0 md5sum) >"$stage/DEBIAN/md5sums"
chmod 0644 "$stage/DEBIAN/md5sums"

mkdir -p "$out"
deb=$(cd "$out" && pwd)/jukeboxd_${version}_amd64.deb
case "$compress" in
xz) compression=(-Zxz) ;;
gzip) compression=(-Zgzip -z1) ;;
*) echo "build-deb.sh: --compress is xz or gzip" >&2; exit 64 ;;
esac
dpkg-deb --root-owner-group "${compression[@]}" --build "$stage" "$deb" >&2
echo "$deb"
