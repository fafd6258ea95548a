# shellcheck shell=bash
# Free-threaded CPython from a source tarball: the steps source-build and python-org share.
# Sourced after lib/common.sh, never run on its own. Knows apt only (build dependencies, Debian sources), so
# the recipes that build with it declare `# Platforms: debian ubuntu`; on other images they fail `unsupported`.
#
#   ftm_cpython_resolve_release    the python.org release to build  -> FTM_CPYTHON_RELEASE
#   ftm_cpython_fetch_python_org   apt-get update, download, build deps, unpack
#   ftm_cpython_unpack             a CPython source tarball into the source directory
#   ftm_cpython_build              ./configure --disable-gil, make, make altinstall
#   ftm_cpython_verify             the installed interpreter exists and runs
#
# Where the commands come from:
#   - CPython's build docs: `--disable-gil` is the configure option for a free-threaded build
#     (Doc/howto/free-threading-python.rst, Doc/using/configure.rst); `make altinstall` installs
#     only the versioned names (bin/python3.13t), so nothing else in the image is shadowed.
#   - /work/shared/reference/environment.md, "CPython free-threaded from source, offline": the
#     build dependencies below, verified on Debian trixie (37 s deps, 321 s configure+make on 2 cores).

# Pinned python.org releases per minor, so a cell means the same build on every run; bump them
# deliberately (recipes/windows-*.ps1 carry the same pins for the Windows installers).
declare -grA FTM_CPYTHON_PINNED_RELEASE=([3.13]=3.13.15 [3.14]=3.14.7 [3.15]=3.15.2)
readonly FTM_CPYTHON_DEFAULT_BASE_URL=https://www.python.org/ftp/python
# As listed in environment.md; dpkg-dev is what `apt-get source` uses, xz-utils unpacks .tar.xz.
readonly FTM_CPYTHON_BUILD_DEPS=(build-essential dpkg-dev ca-certificates libssl-dev zlib1g-dev libffi-dev
    libbz2-dev liblzma-dev libsqlite3-dev libreadline-dev xz-utils)

# ftm_cpython_resolve_release: sets FTM_CPYTHON_RELEASE from the `version` parameter, else the
# patch version the matrix gave, else the pin for the minor. Fails `unsupported` on a release that
# is malformed, belongs to another minor, contradicts the matrix or has no pin.
ftm_cpython_resolve_release() {
    local release
    release=$(ftm_param version)
    if [[ -n $release && -n $FTM_PATCH && $release != "$FTM_PATCH" ]]; then
        ftm_fail unsupported "parameter version=${release} contradicts python ${FTM_PYTHON}"
    fi
    [[ -n $release ]] || release=$FTM_PATCH
    [[ -n $release ]] || release=${FTM_CPYTHON_PINNED_RELEASE[$FTM_MINOR]:-}
    if [[ -z $release ]]; then
        ftm_fail unsupported "no pinned python.org release for ${FTM_MINOR}" \
            "(pinned: ${!FTM_CPYTHON_PINNED_RELEASE[*]}); give one with 'with: {version: ${FTM_MINOR}.N}'"
    fi
    if [[ ! $release =~ ^([0-9]+\.[0-9]+)\.[0-9]+((a|b|rc)[0-9]+)?$ ]]; then
        ftm_fail unsupported "version '${release}' is not a CPython release like ${FTM_MINOR}.0 or ${FTM_MINOR}.0rc1"
    fi
    if [[ ${BASH_REMATCH[1]} != "$FTM_MINOR" ]]; then
        ftm_fail unsupported "version ${release} is not a ${FTM_MINOR} release (python ${FTM_PYTHON})"
    fi
    FTM_CPYTHON_RELEASE=$release
}

# ftm_cpython_fetch_python_org <work-dir> <src-dir>: the python.org release tarball
# (<base_url>/<X.Y.Z>/Python-<release>.tar.xz, base_url a parameter) unpacked into src-dir, with
# the build dependencies installed. Sets FTM_CPYTHON_RELEASE.
ftm_cpython_fetch_python_org() {
    local work_dir=$1 src_dir=$2 base_url tarball url
    ftm_cpython_resolve_release
    base_url=$(ftm_param base_url "$FTM_CPYTHON_DEFAULT_BASE_URL")
    url="${base_url%/}/${FTM_CPYTHON_RELEASE%%[abr]*}/Python-${FTM_CPYTHON_RELEASE}.tar.xz"

    ftm_apt_update
    # Download first: a missing release is reported before a minute of dependency installs.
    command -v curl >/dev/null 2>&1 || ftm_apt_install curl ca-certificates
    tarball="${work_dir}/Python-${FTM_CPYTHON_RELEASE}.tar.xz"
    ftm_download "$url" "$tarball"
    ftm_apt_install "${FTM_CPYTHON_BUILD_DEPS[@]}"
    ftm_cpython_unpack "$tarball" "$src_dir"
}

# ftm_cpython_unpack <tarball> <src-dir>: unpacks a CPython source tarball. A tarball that does
# not unpack came over the wire broken (or a mirror served something else), hence `network`.
ftm_cpython_unpack() {
    local tarball=$1 src_dir=$2
    rm -rf -- "$src_dir"
    mkdir -p -- "$src_dir"
    log "unpacking ${tarball##*/}"
    if ! tar -xf "$tarball" -C "$src_dir" --strip-components=1 --no-same-owner; then
        ftm_fail network "${tarball##*/} is not a readable source tarball (truncated download?)"
    fi
    [[ -x ${src_dir}/configure ]] ||
        ftm_fail build "${tarball##*/} has no configure script at its top level"
}

# ftm_cpython_build <src-dir> <prefix>: ./configure --disable-gil --prefix=<prefix>, make -j<nproc>,
# make altinstall. Fails `build` with the telling line of the failing step's log.
ftm_cpython_build() {
    local src_dir=$1 prefix=$2 jobs rc=0 started=$SECONDS
    jobs=$(nproc)
    log "configure --disable-gil --prefix=${prefix}"
    (cd -- "$src_dir" && ftm_run_quiet configure ./configure --disable-gil --prefix="$prefix") || rc=$?
    if ((rc != 0)); then
        ftm_fail build "configure failed (exit ${rc}): $(ftm_cpython_last_error_line configure)"
    fi
    log "make -j${jobs} (output in $(ftm_log_path make))"
    (cd -- "$src_dir" && ftm_run_quiet make make -j"$jobs") || rc=$?
    if ((rc != 0)); then
        ftm_fail build "make failed (exit ${rc}): $(ftm_cpython_last_error_line make)"
    fi
    log "make altinstall"
    (cd -- "$src_dir" && ftm_run_quiet make-altinstall make altinstall) || rc=$?
    if ((rc != 0)); then
        ftm_fail build "make altinstall failed (exit ${rc}): $(ftm_cpython_last_error_line make-altinstall)"
    fi
    log "configure + make + altinstall took $((SECONDS - started)) s"
}

# ftm_cpython_last_error_line <step>: the most telling line of a failed step's log: its last error
# line, else its last line.
ftm_cpython_last_error_line() {
    local logfile line
    logfile=$(ftm_log_path "$1")
    line=$(grep -E '(^configure: error|[Ee]rror[: ]|\*\*\*)' "$logfile" | tail -n 1 || true)
    [[ -n $line ]] || line=$(tail -n 1 "$logfile")
    printf '%s' "$line"
}

# ftm_cpython_verify <interpreter> <prefix>: make altinstall installed the interpreter and it runs.
ftm_cpython_verify() {
    local interpreter=$1 prefix=$2 version
    [[ -x $interpreter ]] ||
        ftm_fail build "make altinstall did not install ${interpreter}" \
            "(bin has: $(find "${prefix}/bin" -mindepth 1 -maxdepth 1 -printf '%f ' 2>/dev/null || true))"
    if ! version=$("$interpreter" -c 'import sys; print(sys.version.replace("\n", " "))' 2>&1); then
        ftm_fail build "${interpreter} does not run: ${version}"
    fi
    log "built ${interpreter}: ${version}"
}
