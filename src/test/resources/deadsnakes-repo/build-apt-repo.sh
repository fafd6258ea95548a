#!/usr/bin/env bash
# Builds a signed apt repository laid out like the deadsnakes PPA's, holding python3.X-nogil and python3.X-venv
# made from a free-threaded CPython prefix (SignedAptRepoDeadsnakesIT). Runs as root in a throwaway container of the
# install-cache image that holds the prefix (built from source with --disable-gil), which is a Debian trixie
# with dpkg-dev; gpg and gpg-agent come from Debian's archive (--network host here).
#
#   build-apt-repo.sh <prefix> <suite> <out-dir>
#   e.g. build-apt-repo.sh /opt/ftmatrix/python3.13t trixie /repo
#   -> <out-dir>/key.asc                                   the repository's public key (armored)
#      <out-dir>/dists/<suite>/{InRelease,Release,Release.gpg}
#      <out-dir>/dists/<suite>/main/binary-<arch>/Packages{,.gz}
#      <out-dir>/pool/main/python3.X-{nogil,venv}_<version>_<arch>.deb
#
# The package names and the split are deadsnakes' (deadsnakes/python3.13 debian/rules, deadsnakes/issues#299), and
# both carry one version, as builds of one source package do:
#   python3.X-nogil  /usr/bin/python3.Xt (and the python3.X-nogil link to it) and its stdlib in
#                    /usr/lib/python3.Xt, without ensurepip (built --without-ensurepip) and without pip
#   python3.X-venv   ensurepip for it (/usr/lib/python3.Xt/ensurepip), which `-m venv` needs to put pip in a venv
# Copying the prefix into /usr works because CPython finds its prefix from the executable's location: from
# /usr/bin/python3.Xt it finds the landmark /usr/lib/python3.Xt/os.py. The test suite, the static library and
# its config directory, and bytecode caches are left out, as Debian leaves them out of its interpreter packages.
# The key is a throwaway one, made here in a temporary GNUPGHOME and gone with the container.
set -euo pipefail
prefix=$1
suite=$2
out=$3
export DEBIAN_FRONTEND=noninteractive

interpreter=$(find "${prefix}/bin" -maxdepth 1 -name 'python3.*t' -type f | head -n 1)
minor=$("$interpreter" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
release=$("$interpreter" -c 'import platform; print(platform.python_version())')
arch=$(dpkg --print-architecture)
version="${release}-1+ftmatrix1"
stdlib="python${minor}t"
work=$(mktemp -d)

apt-get -q -o APT::Update::Error-Mode=any update
apt-get -q install -y --no-install-recommends gpg gpg-agent

# python3.X-nogil
nogil="${work}/python${minor}-nogil"
mkdir -p "${nogil}/DEBIAN" "${nogil}/usr/bin" "${nogil}/usr/lib"
cp -- "$interpreter" "${nogil}/usr/bin/python${minor}t"
ln -s "python${minor}t" "${nogil}/usr/bin/python${minor}-nogil"
tar -C "${prefix}/lib" -c --exclude=__pycache__ --exclude="${stdlib}/test" --exclude="${stdlib}/ensurepip" \
    --exclude="${stdlib}/config-*" --exclude="${stdlib}/site-packages/pip" \
    --exclude="${stdlib}/site-packages/pip-*" "$stdlib" | tar -C "${nogil}/usr/lib" -x

# python3.X-venv
venv="${work}/python${minor}-venv"
mkdir -p "${venv}/DEBIAN" "${venv}/usr/lib/${stdlib}"
tar -C "${prefix}/lib/${stdlib}" -c --exclude=__pycache__ ensurepip | tar -C "${venv}/usr/lib/${stdlib}" -x

# The shared libraries the interpreter and its extension modules link, as Debian packages with versions.
mkdir -p "${work}/debian"
printf 'Source: python%s\n\nPackage: python%s-nogil\nArchitecture: any\n' "$minor" "$minor" >"${work}/debian/control"
mapfile -t elves < <(find "${nogil}/usr" -type f \( -name '*.so' -o -path '*/bin/*' \))
shlibs=$(cd -- "$work" && dpkg-shlibdeps -O "${elves[@]/#/-e}")
shlibs=${shlibs#shlibs:Depends=}

control() { # <package> <depends> <description>
    cat <<CONTROL
Package: $1
Version: ${version}
Architecture: ${arch}
Maintainer: ftmatrix tests <ftmatrix@localhost>
Installed-Size: $(du -sk --exclude=DEBIAN "${work}/$1" | cut -f1)
Depends: $2
Section: python
Priority: optional
Description: $3
 Built by ftmatrix's tests from CPython ${release} configured with --disable-gil.
CONTROL
}
control "python${minor}-nogil" "$shlibs" "Free-threaded Python ${minor} (no GIL)" >"${nogil}/DEBIAN/control"
control "python${minor}-venv" "python${minor}-nogil (= ${version})" \
    "ensurepip for the free-threaded Python ${minor}" >"${venv}/DEBIAN/control"

pool="${out}/pool/main"
binary="dists/${suite}/main/binary-${arch}"
mkdir -p -- "$pool" "${out}/${binary}"
for package in "$nogil" "$venv"; do
    dpkg-deb --root-owner-group --build "$package" "${pool}/${package##*/}_${version}_${arch}.deb"
done
(cd -- "$out" && dpkg-scanpackages --multiversion pool >"${binary}/Packages")
gzip -9kn -- "${out}/${binary}/Packages"

# The Release file apt checks every index against, then signed both ways apt accepts.
{
    printf 'Origin: ftmatrix-tests\nLabel: ftmatrix-tests\nSuite: %s\nCodename: %s\n' "$suite" "$suite"
    printf 'Date: %s\nArchitectures: %s\nComponents: main\nSHA256:\n' "$(date -Ru)" "$arch"
    for index in Packages Packages.gz; do
        printf ' %s %s main/binary-%s/%s\n' "$(sha256sum <"${out}/${binary}/${index}" | cut -d' ' -f1)" \
            "$(stat -c %s "${out}/${binary}/${index}")" "$arch" "$index"
    done
} >"${out}/dists/${suite}/Release"
GNUPGHOME=$(mktemp -d)
export GNUPGHOME
gpg --batch --quiet --passphrase '' --quick-gen-key 'ftmatrix test repository <ftmatrix@localhost>' default default never
gpg --batch --armor --export >"${out}/key.asc"
gpg --batch --yes --clearsign -o "${out}/dists/${suite}/InRelease" "${out}/dists/${suite}/Release"
gpg --batch --yes --armor --detach-sign -o "${out}/dists/${suite}/Release.gpg" "${out}/dists/${suite}/Release"
gpgconf --kill gpg-agent
find "$out" -type f -printf '%P %s\n' | sort
