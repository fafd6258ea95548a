#!/usr/bin/env bash
# Packages the source-built free-threaded CPython of this container (/opt/ftmatrix/python3.13t, the install
# cache's interpreter) as a python3.13-freethreading RPM with Debian's rpmbuild, indexes it with Debian's
# createrepo_c, and leaves the repository as <out>/repo.tar (repo/python3.13-freethreading-*.rpm, repo/repodata).
# For RealDnfIT. Fedora's package installs /usr/bin/python3.13t; this one does too, as a link into the prefix the
# interpreter was built for. AutoReqProv is off: the RPM database of a Debian image lists no libc for automatic
# requirements to match, the image's own (dpkg) libraries serve the interpreter. Runs as root with Debian's archive
# reachable (--network host here).
set -euo pipefail
out=$1
prefix=/opt/ftmatrix/python3.13t
export DEBIAN_FRONTEND=noninteractive
[[ -x ${prefix}/bin/python3.13t ]] || { echo "no ${prefix}/bin/python3.13t in this image" >&2; exit 1; }
release=$("${prefix}/bin/python3.13t" -c 'import sys; print("%d.%d.%d" % sys.version_info[:3])')
apt-get -q -o APT::Update::Error-Mode=any update
apt-get -q install -y --no-install-recommends rpm createrepo-c
top=/var/tmp/ftmatrix-rpmbuild
mkdir -p "${top}/SPECS" "$out"
cat >"${top}/SPECS/python3.13-freethreading.spec" <<SPEC
Name: python3.13-freethreading
Version: ${release}
Release: 1.ftmatrix
Summary: Free-threaded CPython ${release} (built with --disable-gil), packaged for a loopback test repository
License: Python-2.0.1
AutoReqProv: no
%global __os_install_post %{nil}
%global debug_package %{nil}
%global _build_id_links none
%global _binary_payload w1.gzdio

%description
The free-threaded CPython that ftmatrix's tests build from Debian's sources, as an RPM with the name and the
interpreter path of Fedora's python3.13-freethreading.

%install
mkdir -p %{buildroot}/opt/ftmatrix %{buildroot}/usr/bin
tar -C /opt/ftmatrix --exclude='python3.13t/lib/python3.13t/test' -cf - python3.13t | tar -C %{buildroot}/opt/ftmatrix -xf -
ln -s ${prefix}/bin/python3.13t %{buildroot}/usr/bin/python3.13t

%files
/opt/ftmatrix/python3.13t
/usr/bin/python3.13t
SPEC
rpmbuild -bb --define "_topdir ${top}" "${top}/SPECS/python3.13-freethreading.spec"
mkdir -p /var/tmp/ftmatrix-repo/repo
find "${top}/RPMS" -name 'python3.13-freethreading-*.rpm' -exec cp -t /var/tmp/ftmatrix-repo/repo {} +
createrepo_c /var/tmp/ftmatrix-repo/repo
tar -C /var/tmp/ftmatrix-repo -cf "${out}/repo.tar" repo
tar -tf "${out}/repo.tar"
