#!/usr/bin/env bash
# source-build: free-threaded CPython built from source into its own prefix.
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
#     build dependencies below, the deb-src line derived from /etc/apt/sources.list and
#     `apt-get source --download-only python3.13`, verified on Debian trixie (37 s deps, 321 s
#     configure+make on 2 cores).
#   - Debian's source package python3.X: its .orig.tar.xz is the upstream CPython release
#     tarball (3.13.5 in trixie); Debian's own patches (.debian.tar.xz) are not applied.
#
# Parameters (matrix `with:` keys, passed as FTMATRIX_PARAM_<KEY>):
#   source            python.org (default) | debian
#   version           python.org only: full release to build, e.g. 3.13.9 or 3.14.0rc1.
#                     Default: the patch version the matrix gave (3.13.5t -> 3.13.5), else the
#                     pin for the minor below. Pinned rather than "latest" so a cell means the
#                     same build on every run; bump the pins deliberately.
#   base_url          python.org only: tarball base URL, default https://www.python.org/ftp/python.
#                     A mirror must use python.org's layout: <base_url>/<X.Y.Z>/Python-<ver>.tar.xz
#   debian_src_suite  debian only: take python3.X's source from this suite (e.g. sid, which carries
#                     python3.14) instead of the image's own suite.
#
# Emits FTMATRIX-FAILURE categories: unsupported, network, not-found, build, internal.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR
# shellcheck source=lib/common.sh
source "${BASH_SOURCE[0]%/*}/lib/common.sh"
ftm_init

# Pinned python.org releases per minor (see "version" above).
declare -rA PINNED_RELEASE=([3.13]=3.13.9 [3.14]=3.14.0)
readonly DEFAULT_BASE_URL=https://www.python.org/ftp/python
# As listed in environment.md; dpkg-dev is what `apt-get source` uses, xz-utils unpacks .tar.xz.
readonly BUILD_DEPS=(build-essential dpkg-dev ca-certificates libssl-dev zlib1g-dev libffi-dev
    libbz2-dev liblzma-dev libsqlite3-dev libreadline-dev xz-utils)
readonly WORK_DIR=/var/tmp/ftmatrix/source-build

ftm_params_allow source version base_url debian_src_suite
ftm_read_python_inputs
ftm_require_free_threaded

source_kind=$(ftm_param source python.org)
prefix="/opt/ftmatrix/python${FTM_PYTHON}"
interpreter="${prefix}/bin/python${FTM_MINOR}t"
src_dir="${WORK_DIR}/src"

# Sets release: the python.org release to build.
resolve_python_org_release() {
    release=$(ftm_param version)
    if [[ -n $release && -n $FTM_PATCH && $release != "$FTM_PATCH" ]]; then
        ftm_fail unsupported "parameter version=${release} contradicts python ${FTM_PYTHON}"
    fi
    [[ -n $release ]] || release=$FTM_PATCH
    [[ -n $release ]] || release=${PINNED_RELEASE[$FTM_MINOR]:-}
    if [[ -z $release ]]; then
        ftm_fail unsupported "no pinned python.org release for ${FTM_MINOR}" \
            "(pinned: ${!PINNED_RELEASE[*]}); give one with 'with: {version: ${FTM_MINOR}.N}'"
    fi
    if [[ ! $release =~ ^([0-9]+\.[0-9]+)\.[0-9]+((a|b|rc)[0-9]+)?$ ]]; then
        ftm_fail unsupported "version '${release}' is not a CPython release like ${FTM_MINOR}.0 or ${FTM_MINOR}.0rc1"
    fi
    if [[ ${BASH_REMATCH[1]} != "$FTM_MINOR" ]]; then
        ftm_fail unsupported "version ${release} is not a ${FTM_MINOR} release (python ${FTM_PYTHON})"
    fi
}

# Unpacks a CPython source tarball into $src_dir. A tarball that does not unpack came over the
# wire broken (or a mirror served something else), hence `network`.
unpack() {
    local tarball=$1
    rm -rf -- "$src_dir"
    mkdir -p -- "$src_dir"
    log "unpacking ${tarball##*/}"
    if ! tar -xf "$tarball" -C "$src_dir" --strip-components=1 --no-same-owner; then
        ftm_fail network "${tarball##*/} is not a readable source tarball (truncated download?)"
    fi
    [[ -x ${src_dir}/configure ]] ||
        ftm_fail build "${tarball##*/} has no configure script at its top level"
}

fetch_python_org() {
    local base_url tarball url
    if [[ -n $(ftm_param debian_src_suite) ]]; then
        ftm_fail unsupported "parameter debian_src_suite applies only to source: debian"
    fi
    resolve_python_org_release
    base_url=$(ftm_param base_url "$DEFAULT_BASE_URL")
    url="${base_url%/}/${release%%[abr]*}/Python-${release}.tar.xz"

    ftm_apt_update
    # Download first: a missing release is reported before a minute of dependency installs.
    command -v curl >/dev/null 2>&1 || ftm_apt_install curl ca-certificates
    tarball="${WORK_DIR}/Python-${release}.tar.xz"
    ftm_download "$url" "$tarball"
    ftm_apt_install "${BUILD_DEPS[@]}"
    unpack "$tarball"
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
    ftm_apt_install "${BUILD_DEPS[@]}"

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
    unpack "$orig"
}

build() {
    local jobs rc=0 started=$SECONDS
    jobs=$(nproc)
    log "configure --disable-gil --prefix=${prefix}"
    (cd -- "$src_dir" && ftm_run_quiet configure ./configure --disable-gil --prefix="$prefix") || rc=$?
    if ((rc != 0)); then
        ftm_fail build "configure failed (exit ${rc}): $(last_error_line configure)"
    fi
    log "make -j${jobs} (output in $(ftm_log_path make))"
    (cd -- "$src_dir" && ftm_run_quiet make make -j"$jobs") || rc=$?
    if ((rc != 0)); then
        ftm_fail build "make failed (exit ${rc}): $(last_error_line make)"
    fi
    log "make altinstall"
    (cd -- "$src_dir" && ftm_run_quiet make-altinstall make altinstall) || rc=$?
    if ((rc != 0)); then
        ftm_fail build "make altinstall failed (exit ${rc}): $(last_error_line make-altinstall)"
    fi
    log "configure + make + altinstall took $((SECONDS - started)) s"
}

# The most telling line of a failed step's log: its last error line, else its last line.
last_error_line() {
    local logfile line
    logfile=$(ftm_log_path "$1")
    line=$(grep -E '(^configure: error|[Ee]rror[: ]|\*\*\*)' "$logfile" | tail -n 1 || true)
    [[ -n $line ]] || line=$(tail -n 1 "$logfile")
    printf '%s' "$line"
}

verify() {
    local version
    [[ -x $interpreter ]] ||
        ftm_fail build "make altinstall did not install ${interpreter}" \
            "(bin has: $(find "${prefix}/bin" -mindepth 1 -maxdepth 1 -printf '%f ' 2>/dev/null || true))"
    if ! version=$("$interpreter" -c 'import sys; print(sys.version.replace("\n", " "))' 2>&1); then
        ftm_fail build "${interpreter} does not run: ${version}"
    fi
    log "built ${interpreter}: ${version}"
}

started=$SECONDS
mkdir -p -- "$WORK_DIR"
case $source_kind in
    python.org) fetch_python_org ;;
    debian) fetch_debian ;;
    *) ftm_fail unsupported "source '${source_kind}' is not one of: python.org, debian" ;;
esac
build
verify
log "source-build took $((SECONDS - started)) s in total"
ftm_success "$interpreter"
