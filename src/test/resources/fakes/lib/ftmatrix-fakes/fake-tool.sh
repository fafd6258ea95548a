# shellcheck shell=bash
# FAKE tool support for ftmatrix contract tests: reproduces documented behaviour, never evidence.
#
# Sourced by the fake tools in ../../bin and by the layout scripts. A fake's behaviour is chosen
# by FTMATRIX_FAKE_MODE:
#   success    the tool "installs" the real free-threaded interpreter of the test image
#   network    the tool prints its documented network-failure output and exits non-zero
#   not-found  the tool prints its documented "no such version/package" output and exits non-zero
#   gil-build  the tool "installs" a GIL interpreter where the free-threaded one belongs
#   no-venv    the tool "installs" a free-threaded interpreter whose `-m venv` fails
# plus the modes a tool names itself (fake_init <tool> <mode>...): one more documented failure of that
# tool, e.g. uv's hash-mismatch.
# "Installs" means: a symlink where the real tool would put the interpreter, pointing at
#   success    $FTMATRIX_FAKE_FT_PYTHON   (default /opt/ftmatrix/python3.13t/bin/python3.13t)
#   gil-build  $FTMATRIX_FAKE_GIL_PYTHON  (default /usr/bin/python3.13, Debian's python3.13)
#   no-venv    a copy of the free-threaded prefix without lib/python3.X/ensurepip and venv, made
#              once under /var/tmp/ftmatrix-fakes: `-m venv` fails ("No module named venv"), the
#              outcome of a build made --without-ensurepip and installed without its venv package
#              (deadsnakes/issues#299). Removing ensurepip alone is not enough here: a venv made
#              through the symlinks finds the original prefix (the compiled-in fallback), which
#              has ensurepip.
# The GIL twin (a recipe run with FTMATRIX_BASELINE=twin asks the tool for the GIL build as well) is a symlink to
# $FTMATRIX_FAKE_GIL_PYTHON; FTMATRIX_FAKE_TWIN_MODE (success, the default, or not-found) says whether the tool has
# it, whatever FTMATRIX_FAKE_MODE is. not-found prints the tool's own "no such version/package" output.
# The fakes know only that one interpreter: a request for another release is not-found, as a
# real tool without that release would answer.

FAKE_TOOL=${FAKE_TOOL:-fake}
FAKE_FT_PYTHON=${FTMATRIX_FAKE_FT_PYTHON:-/opt/ftmatrix/python3.13t/bin/python3.13t}
FAKE_GIL_PYTHON=${FTMATRIX_FAKE_GIL_PYTHON:-/usr/bin/python3.13}
FAKE_NO_VENV_ROOT=/var/tmp/ftmatrix-fakes

# fake_init <tool> [<extra mode>...]: validates FTMATRIX_FAKE_MODE into FAKE_MODE and marks the
# output as fake.
fake_init() {
    FAKE_TOOL=$1
    shift
    FAKE_MODE=${FTMATRIX_FAKE_MODE:-}
    local modes="success network not-found gil-build no-venv${*:+ $*}"
    if [[ -z $FAKE_MODE || " ${modes} " != *" ${FAKE_MODE} "* ]]; then
        echo "FAKE ${FAKE_TOOL}: FTMATRIX_FAKE_MODE must be one of: ${modes} (got '${FAKE_MODE}')" >&2
        exit 97
    fi
    echo "[FAKE ${FAKE_TOOL} for ftmatrix contract tests, mode ${FAKE_MODE}; not the real tool]" >&2
}

# fake_twin_mode: FTMATRIX_FAKE_TWIN_MODE, validated; prints success or not-found.
fake_twin_mode() {
    local mode=${FTMATRIX_FAKE_TWIN_MODE:-success}
    [[ $mode == success || $mode == not-found ]] ||
        fake_die "FTMATRIX_FAKE_TWIN_MODE must be one of: success not-found (got '${mode}')"
    printf '%s' "$mode"
}

# fake_gil_release: X.Y.Z of the GIL interpreter a twin install points at.
fake_gil_release() {
    [[ -x $FAKE_GIL_PYTHON ]] || fake_die "${FAKE_GIL_PYTHON} is missing in this image (see fakes/README.md)"
    "$FAKE_GIL_PYTHON" -c 'import sys; print("%d.%d.%d" % sys.version_info[:3])'
}

fake_die() {
    echo "FAKE ${FAKE_TOOL}: $*" >&2
    exit 98
}

# fake_target: the real interpreter a fake install points at, for the mode.
fake_target() {
    case $FAKE_MODE in
        success) printf '%s' "$FAKE_FT_PYTHON" ;;
        gil-build) printf '%s' "$FAKE_GIL_PYTHON" ;;
        no-venv) fake_no_venv_python ;;
        *) fake_die "no interpreter in mode ${FAKE_MODE}" ;;
    esac
}

# The free-threaded prefix copied without ensurepip and venv (the test suite is left out: it is
# large and nothing here runs it). Made once per container.
fake_no_venv_python() {
    local prefix name copy stdlib
    prefix=$(cd -- "$(dirname -- "$FAKE_FT_PYTHON")/.." && pwd)
    name=$(basename -- "$FAKE_FT_PYTHON")
    copy="${FAKE_NO_VENV_ROOT}/$(basename -- "$prefix")-without-venv"
    if [[ ! -x ${copy}/bin/${name} ]]; then
        mkdir -p -- "$copy"
        tar -C "$prefix" --exclude='./lib/python*/test' -cf - . | tar -C "$copy" -xf -
        for stdlib in "$copy"/lib/python3.*; do
            rm -rf -- "${stdlib}/ensurepip" "${stdlib}/venv"
        done
    fi
    printf '%s' "${copy}/bin/${name}"
}

# fake_release: X.Y.Z of the interpreter the mode installs (what the fake "downloaded").
fake_release() {
    local target
    target=$(fake_target)
    [[ -x $target ]] || fake_die "${target} is missing in this image (see fakes/README.md)"
    "$target" -c 'import sys; print("%d.%d.%d" % sys.version_info[:3])'
}

# fake_link <dest> [target]: a symlink where the real tool would put an interpreter.
fake_link() {
    mkdir -p -- "$(dirname -- "$1")"
    ln -sfn -- "${2:-$(fake_target)}" "$1"
}

# fake_arch: the machine name as the tools spell it in their download keys.
fake_arch() {
    uname -m
}
