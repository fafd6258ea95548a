# shellcheck shell=bash
# The GIL twin: the same vendor's GIL build, installed next to the free-threaded interpreter so the timing phase
# can compare like with like (smoke.baseline: twin, passed as FTMATRIX_BASELINE). Sourced after common.sh.
#
# A twin never decides the cell: the recipe still succeeds or fails on the free-threaded install alone. It reports
# the twin on its real stdout with one extra contract line before its result line:
#   FTMATRIX-TWIN: <path>              the twin's interpreter
#   FTMATRIX-TWIN-FAILED: <detail>     why there is none; the penalty is then left unmeasured

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
