#!/usr/bin/env bash
# fedora-dnf: Fedora's (and EPEL's) free-threaded CPython package, installed with dnf.
# Platforms: fedora rhel almalinux rocky centos
#
#   dnf install -y epel-release                        (EL images only, see `epel`)
#   dnf install -y python3.X-freethreading             (python3.X-freethreading-3.X.Y for a patch)
#   -> /usr/bin/python3.Xt
#
# Where the commands come from:
#   - The py-free-threading guide (Quansight-Labs/free-threaded-compatibility
#     docs/installing-cpython.md): `sudo dnf install python3.13-freethreading`, which gives
#     /usr/bin/python3.13t.
#   - packages.fedoraproject.org/pkgs/python3.13/python3.13-freethreading: built for Fedora 42-45,
#     Rawhide, EPEL 9 and EPEL 10.x. On RHEL-like images the package comes from EPEL, enabled with
#     the epel-release package (Fedora's EPEL docs; in Rocky/Alma/CentOS Stream extras).
#   - dnf's NEVRA matching: `dnf install <name>-<version>` selects that version, so a patch version
#     in the matrix is asked of dnf rather than checked afterwards.
#
# GIL twin (FTMATRIX_BASELINE=twin, lib/twin.sh): `dnf install -y python3.X` (with the same repositories), the GIL
#   interpreter built from the same python3.X source package as python3.X-freethreading (Fedora's python3.13 spec
#   builds both; where 3.X is the system Python, the python3 package provides python3.X). -> /usr/bin/python3.X
#
# No retries around dnf (uv's own CI wraps dnf in a 5-attempt loop): a flaky mirror is what the
# matrix measures; dnf's own mirror fallback still applies.
#
# Parameters (matrix `with:` keys, passed as FTMATRIX_PARAM_<KEY>):
#   epel           auto (default: install epel-release on RHEL-like images, i.e. ID or ID_LIKE
#                  naming rhel/centos; not on Fedora) | yes | no
#   repo_file_url  URL (or file://) of a .repo file to use INSTEAD of the image's repositories,
#                  for air-gapped CI: it is written to /etc/ftmatrix/yum.repos.d and dnf runs with
#                  --setopt=reposdir=/etc/ftmatrix/yum.repos.d; its baseurl and gpgkey are the
#                  mirror's business. With it, epel is not installed. Give the repository
#                  skip_if_unavailable=False, as Fedora's own .repo files do: dnf.conf (Fedora's and
#                  Debian's) says True, and dnf then skips a repository it cannot reach, so a mirror
#                  that is down ends as not-found ("No match for argument") instead of network.
#
# Verified: real-tool-local-repository (RealDnfIT: Debian's dnf, an RPM in a createrepo_c repository on loopback)
# Emits FTMATRIX-FAILURE categories: unsupported, network, not-found, internal.
#   not-found: "No match for argument: python3.X-freethreading" / "Unable to find a match" (the
#              release has no such package, e.g. 3.13 on Fedora 41), a 404 for repository metadata, and
#              "Problem: problem with installed package ..." (a package of the image conflicts with it).
#   network:   "Errors during downloading metadata", "Curl error (6): Couldn't resolve host name",
#              "Cannot prepare internal mirrorlist", "Failed to download metadata".
set -euo pipefail
# shellcheck source-path=SCRIPTDIR
# shellcheck source=lib/common.sh
source "${BASH_SOURCE[0]%/*}/lib/common.sh"
# shellcheck source-path=SCRIPTDIR source=lib/twin.sh
source "${BASH_SOURCE[0]%/*}/lib/twin.sh"
ftm_init

readonly REPOS_DIR="${FTM_CONFIG_ROOT}/yum.repos.d"

ftm_params_allow epel repo_file_url
ftm_read_python_inputs
ftm_require_free_threaded

[[ -n $(ftm_dnf_cmd) ]] || ftm_fail unsupported "this image has no dnf, dnf5, microdnf or yum; fedora-dnf is for Fedora and EPEL images"
package="python${FTM_MINOR}-freethreading"
interpreter="/usr/bin/python${FTM_MINOR}t"
epel=$(ftm_param epel auto)
repo_file_url=$(ftm_param repo_file_url)
declare -a dnf_opts=()

case $epel in
    auto)
        epel=no
        if [[ -z $repo_file_url && " $(ftm_os_release ID) $(ftm_os_release ID_LIKE) " =~ \ (rhel|centos)\  ]]; then
            epel=yes
        fi
        ;;
    yes | no) ;;
    *) ftm_fail unsupported "epel '${epel}' is not one of: auto, yes, no" ;;
esac
if [[ -n $repo_file_url && $epel == yes ]]; then
    ftm_fail unsupported "parameters epel: yes and repo_file_url exclude each other (the .repo file replaces the image's repositories)"
fi

if [[ -n $repo_file_url ]]; then
    mkdir -p -- "$REPOS_DIR"
    ftm_ensure_curl
    ftm_download "$repo_file_url" "${REPOS_DIR}/ftmatrix.repo"
    dnf_opts+=("--setopt=reposdir=${REPOS_DIR}")
fi
if [[ $epel == yes ]]; then
    ftm_dnf_install epel-release
fi
if [[ -n $FTM_PATCH ]]; then
    ftm_dnf_install "${dnf_opts[@]}" "${package}-${FTM_PATCH}"
else
    ftm_dnf_install "${dnf_opts[@]}" "$package"
fi
ftm_check_interpreter "$interpreter" internal "package ${package} installed"
if ftm_twin_wanted &&
    ftm_twin_install dnf-install-gil "$(ftm_dnf_cmd) install python${FTM_MINOR}" "$(ftm_dnf_cmd)" install -y "${dnf_opts[@]}" "python${FTM_MINOR}"; then
    ftm_twin_check "/usr/bin/python${FTM_MINOR}" "package python${FTM_MINOR} installed"
fi
ftm_success "$interpreter"
