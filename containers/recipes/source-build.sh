#!/usr/bin/env bash
# source-build: free-threaded CPython built from source into its own prefix.
# Platforms: debian ubuntu
#
#   ./configure --disable-gil --prefix=/opt/ftmatrix/python<FTMATRIX_PYTHON>
#   make -j"$(nproc)"
#   make altinstall
#
# Where the commands come from:
#   - CPython's build docs: `--disable-gil` is the configure option for a free-threaded build
#     (Doc/howto/free-threading-python.rst, Doc/using/configure.rst); `make altinstall` installs
#     only the versioned names (bin/python3.13t), so nothing else in the image is shadowed.
#   - /work/shared/reference/environment.md, "CPython free-threaded from source, offline": the
#     build dependencies, the deb-src line derived from /etc/apt/sources.list and
#     `apt-get source --download-only python3.13`, verified on Debian trixie (37 s deps, 321 s
#     configure+make on 2 cores).
#   The fetch, build and verify steps live in lib/cpython-source.sh, shared with python-org.
#   - Debian's source package python3.X: its .orig.tar.xz is the upstream CPython release
#     tarball (3.13.5 in trixie); Debian's own patches (.debian.tar.xz) are not applied.
#
# Parameters (matrix `with:` keys, passed as FTMATRIX_PARAM_<KEY>):
#   source            python.org (default) | debian
#   version           python.org only: full release to build, e.g. 3.13.9 or 3.14.0rc1.
#                     Default: the patch version the matrix gave (3.13.5t -> 3.13.5), else the
#                     pin for the minor (lib/cpython-source.sh: 3.13 -> 3.13.15, 3.14 -> 3.14.7, 3.15 -> 3.15.2).
#                     Pinned rather than "latest" so a cell means the same build on every run;
#                     bump the pins deliberately.
#   base_url          python.org only: tarball base URL, default https://www.python.org/ftp/python.
#                     A mirror must use python.org's layout: <base_url>/<X.Y.Z>/Python-<ver>.tar.xz
#   debian_src_suite  debian only: take python3.X's source from this suite (e.g. sid, which carries
#                     python3.14) instead of the image's own suite.
#
# GIL twin (FTMATRIX_BASELINE=twin): the same tree rebuilt without --disable-gil into
#   /opt/ftmatrix/python<version>-gil (lib/twin.sh); about as long again as the free-threaded build.
#
# Verified: real-upstream (QuickstartIT: Debian's source package from Debian's archive)
# Pin: cpython 3.13.15 (source: python.org release 3.13.15)
# Pin: cpython 3.14.7 (source: python.org release 3.14.7)
# Pin: cpython 3.15.2 (source: Debian sid python3.15 3.15.2-1, which packages upstream 3.15.2)
# Emits FTMATRIX-FAILURE categories: unsupported, network, not-found, build, internal.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR
# shellcheck source=lib/common.sh
source "${BASH_SOURCE[0]%/*}/lib/common.sh"
# shellcheck source-path=SCRIPTDIR source=lib/cpython-source.sh
source "${BASH_SOURCE[0]%/*}/lib/cpython-source.sh"
# shellcheck source-path=SCRIPTDIR source=lib/twin.sh
source "${BASH_SOURCE[0]%/*}/lib/twin.sh"
ftm_init

readonly WORK_DIR="${FTM_WORK_ROOT}/source-build"

ftm_params_allow source version base_url debian_src_suite
ftm_read_python_inputs
ftm_require_free_threaded

source_kind=$(ftm_param source python.org)
prefix="${FTM_PREFIX_ROOT}/python${FTM_PYTHON}"
interpreter="${prefix}/bin/python${FTM_MINOR}t"
src_dir="${WORK_DIR}/src"

fetch_python_org() {
    if [[ -n $(ftm_param debian_src_suite) ]]; then
        ftm_fail unsupported "parameter debian_src_suite applies only to source: debian"
    fi
    ftm_cpython_fetch_python_org "$WORK_DIR" "$src_dir"
}

fetch_debian() {
    local suite spec orig upstream
    local -a origs=()
    if [[ -n $(ftm_param version) || -n $(ftm_param base_url) ]]; then
        ftm_fail unsupported "parameters version and base_url apply only to source: python.org;" \
            "with source: debian the suite decides the release (pin it as python: ${FTM_MINOR}.Nt)"
    fi
    suite=$(ftm_param debian_src_suite)
    spec="python${FTM_MINOR}${suite:+/${suite}}"

    ftm_apt_enable_sources "$suite"
    ftm_apt_update
    # Source first: a missing source package is reported before a minute of dependency installs.
    ftm_apt_source_download "${WORK_DIR}/debian" "$spec"
    ftm_apt_install "${FTM_CPYTHON_BUILD_DEPS[@]}"

    shopt -s nullglob
    for orig in "${WORK_DIR}/debian/python${FTM_MINOR}_"*.orig.tar.*; do
        [[ $orig == *.asc ]] || origs+=("$orig") # upstream signatures sit next to the tarball
    done
    shopt -u nullglob
    ((${#origs[@]} == 1)) ||
        ftm_fail not-found "source package ${spec} should have one .orig tarball, has ${#origs[@]}"
    orig=${origs[0]}
    upstream=${orig##*/python"${FTM_MINOR}"_}
    upstream=${upstream%%.orig.tar.*}
    upstream=${upstream%%+*}
    log "Debian source ${spec}: upstream release ${upstream}"
    if [[ -n $FTM_PATCH && $upstream != "$FTM_PATCH" ]]; then
        ftm_fail not-found "Debian source ${spec} is CPython ${upstream}, not ${FTM_PATCH}"
    fi
    ftm_cpython_unpack "$orig" "$src_dir"
}

started=$SECONDS
mkdir -p -- "$WORK_DIR"
case $source_kind in
    python.org) fetch_python_org ;;
    debian) fetch_debian ;;
    *) ftm_fail unsupported "source '${source_kind}' is not one of: python.org, debian" ;;
esac
ftm_cpython_build "$src_dir" "$prefix"
ftm_cpython_verify "$interpreter" "$prefix"
if ftm_twin_wanted; then
    ftm_cpython_build_twin "$src_dir" "${FTM_PREFIX_ROOT}/python${FTM_VERSION}-gil"
fi
log "source-build took $((SECONDS - started)) s in total"
ftm_success "$interpreter"
