# shellcheck shell=bash
# The GIL twin: the same vendor's GIL build, installed next to the free-threaded interpreter so the timing phase
# can compare like with like (smoke.baseline: twin, passed as FTMATRIX_BASELINE). Sourced after common.sh.
#
# A twin never decides the cell: the recipe still succeeds or fails on the free-threaded install alone. It reports
# the twin on its real stdout with one extra contract line before its result line:
#   FTMATRIX-TWIN: <path>              the twin's interpreter
#   FTMATRIX-TWIN-FAILED: <detail>     why there is none; the penalty is then left unmeasured

# The lines tools start their reason with: apt's E:, dnf's and uv's error:, libmamba's critical/error, conda's
# *Error:, python-build's own prefix, brew's Error:.
readonly FTM__TWIN_ERROR_RE="^(E: |[Ee]rror|ERROR|critical|[A-Za-z]+Error:|python-build: |No match for argument)"

# ftm_twin_wanted: true when the engine asked for a twin.
ftm_twin_wanted() {
    [[ ${FTMATRIX_BASELINE:-none} == twin ]]
}

ftm_twin_report() {
    printf 'FTMATRIX-TWIN: %s\n' "$1" >&3
}

ftm_twin_failed() {
    log "no GIL twin: $*"
    printf 'FTMATRIX-TWIN-FAILED: %s\n' "$(ftm__one_line "$*")" >&3
}

# ftm_cpython_build_twin <src-dir> <prefix>: the free-threaded build's tree rebuilt without --disable-gil (same
# tarball, same configure flags otherwise, same build dependencies already installed) and installed into <prefix>.
# Reports the twin or why it failed; never fails the recipe.
ftm_cpython_build_twin() {
    local src_dir=$1 prefix=$2 step interpreter started=$SECONDS
    interpreter="${prefix}/bin/python${FTM_MINOR}"
    log "GIL twin: make distclean, configure --prefix=${prefix} (no --disable-gil), make, make altinstall"
    for step in distclean configure make altinstall; do
        case $step in
            distclean) set -- make distclean ;;
            configure) set -- ./configure --prefix="$prefix" ;;
            make) set -- make -j"$(nproc)" ;;
            altinstall) set -- make altinstall ;;
        esac
        if ! (cd -- "$src_dir" && ftm_run_quiet "twin-${step}" "$@"); then
            ftm_twin_failed "${step} failed: $(ftm_cpython_last_error_line "twin-${step}")"
            return 0
        fi
    done
    if ! "$interpreter" -c 'import sys; sys.exit(0 if sys._is_gil_enabled() else 1)' 2>/dev/null; then
        ftm_twin_failed "${interpreter} does not run with the GIL enabled"
        return 0
    fi
    log "GIL twin ${interpreter} built in $((SECONDS - started)) s"
    ftm_twin_report "$interpreter"
}

# ftm_twin_install <step> <what> <command...>: runs a tool's install of the twin, logged as <step>. On failure it
# prints FTMATRIX-TWIN-FAILED with <what> and the tool's own reason (its first error line, and the next when it ends in a colon; else its last line) and
# returns 1, so the recipe skips the rest of the twin and goes on to its own result.
ftm_twin_install() {
    local step=$1 what=$2 rc=0 reason
    shift 2
    log "GIL twin: ${what}"
    ftm_run_logged "$step" "$@" || rc=$?
    ((rc != 0)) || return 0
    reason=$(ftm__log_excerpt "$FTM__TWIN_ERROR_RE" "$(ftm_log_path "$step")")
    [[ -n $reason ]] || reason=$(grep -v '^[[:space:]]*$' "$(ftm_log_path "$step")" 2>/dev/null | tail -n 1 || true)
    ftm_twin_failed "${what} failed (exit ${rc}): ${reason:-no output}"
    return 1
}

# ftm_twin_check <interpreter> <what>: the twin must run, be the free-threaded interpreter's release
# (FTM_INSTALLED_RELEASE, set by ftm_check_interpreter) and run with the GIL; then it is reported. Anything else is
# FTMATRIX-TWIN-FAILED. Never fails the recipe.
ftm_twin_check() {
    local interpreter=$1 what=$2 out
    if [[ ! -x $interpreter ]]; then
        ftm_twin_failed "${what}: ${interpreter} is not there"
        return 0
    fi
    if ! out=$("$interpreter" -c 'import sys; print("%d.%d.%d" % sys.version_info[:3], int(sys._is_gil_enabled()))' 2>&1); then
        ftm_twin_failed "${what}: ${interpreter} does not run: ${out}"
        return 0
    fi
    if [[ ${out% *} != "${FTM_INSTALLED_RELEASE:-}" ]]; then
        ftm_twin_failed "${what}: ${interpreter} is CPython ${out% *}, the free-threaded interpreter ${FTM_INSTALLED_RELEASE:-unknown}: not the same release"
        return 0
    fi
    if [[ ${out#* } != 1 ]]; then
        ftm_twin_failed "${what}: ${interpreter} does not run with the GIL enabled"
        return 0
    fi
    log "GIL twin ${interpreter} (CPython ${out% *})"
    ftm_twin_report "$interpreter"
}
