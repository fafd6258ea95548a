# shellcheck shell=bash
# Shared helpers for ftmatrix recipes. Sourced by every recipe, never run on its own.
#
# The result contract lives in containers/README.md. In short, a recipe's stdout carries exactly
# one line: `FTMATRIX-PYTHON: <path>` (exit 0) or `FTMATRIX-FAILURE: <category>: <detail>`
# (exit 3). Everything else, including the output of apt, curl and make, goes to stderr:
# ftm_init points fd 1 at stderr and keeps the real stdout on fd 3 for the result line.
#
# Usage in a recipe:
#   set -euo pipefail
#   # shellcheck source=lib/common.sh
#   source "${BASH_SOURCE[0]%/*}/lib/common.sh"
#   ftm_init
#   ftm_params_allow key1 key2         # reject FTMATRIX_PARAM_* the recipe does not know
#   ftm_read_python_inputs             # sets FTM_PYTHON, FTM_VERSION, FTM_MINOR, FTM_PATCH, ...
#   ...
#   ftm_success /path/to/python
#
# Call ftm_fail and ftm_success from the recipe's own shell, not from inside $(...): a command
# substitution is a subshell, so its `exit` would not end the recipe.

readonly FTM_FAILURE_EXIT=3
readonly FTM_CATEGORIES="network not-found build unsupported internal"
FTM_RECIPE=${0##*/}
FTM_RECIPE=${FTM_RECIPE%.sh}
# Where a recipe keeps what it writes: install prefixes under FTM_PREFIX_ROOT (/opt/ftmatrix),
# downloads, build trees and logs under FTM_WORK_ROOT (/var/tmp/ftmatrix), its own configuration
# under FTM_CONFIG_ROOT (/etc/ftmatrix). In a container these are the fixed paths results name. The
# host executor sets FTMATRIX_WORK to the cell's temporary directory, which it removes afterwards:
# the same paths then lie under it, so a recipe run on a build agent leaves nothing in the agent's
# /opt, /var/tmp or /etc (what a package manager it calls installs is the machine's, as ever).
FTM_ROOT=${FTMATRIX_WORK:-}
FTM_ROOT=${FTM_ROOT%/}
# shellcheck disable=SC2034 # used by the recipes that source this file
FTM_PREFIX_ROOT="${FTM_ROOT}/opt/ftmatrix"
FTM_WORK_ROOT="${FTM_ROOT}/var/tmp/ftmatrix"
# shellcheck disable=SC2034 # used by the recipes that source this file
FTM_CONFIG_ROOT="${FTM_ROOT}/etc/ftmatrix"
FTM_LOG_DIR="${FTM_WORK_ROOT}/logs"
# Lives at a fixed name per recipe process ($$ is the same in subshells), so a result printed in
# a subshell is seen by the parent and a second result line is never printed. ftm_init creates
# FTMATRIX_WORK (an ancestor of the log directory) when it is set.
FTM__RESULT_MARK="${FTM_ROOT:-${TMPDIR:-/tmp}}/.ftmatrix-result.$$"

# Progress for humans, on stderr.
log() {
    printf '[ftmatrix %s %s] %s\n' "$(date -u +%H:%M:%S)" "$FTM_RECIPE" "$*" >&2
}

# Strict mode, result fd, traps. Must be the first thing a recipe calls after sourcing.
ftm_init() {
    set -Eeuo pipefail
    export DEBIAN_FRONTEND=noninteractive
    export LC_ALL=C.UTF-8
    exec 3>&1 1>&2
    rm -f -- "$FTM__RESULT_MARK"
    mkdir -p -- "$FTM_LOG_DIR"
    trap 'ftm__on_err "$?" "${BASH_SOURCE[0]##*/}:${LINENO}" "$BASH_COMMAND"' ERR
    trap 'ftm__on_exit "$?"' EXIT
}

# ftm_fail <category> <detail...>: print the one failure line and exit 3.
ftm_fail() {
    local category=${1:-internal}
    shift || true
    local detail="$*"
    if [[ " $FTM_CATEGORIES " != *" $category "* ]]; then
        detail="unknown failure category '$category': $detail"
        category=internal
    fi
    trap - ERR
    ftm__emit "FTMATRIX-FAILURE: ${category}: $(ftm__one_line "${detail:-no detail given}")"
    exit "$FTM_FAILURE_EXIT"
}

# ftm_success <interpreter-path>: print the one success line and exit 0.
ftm_success() {
    local interpreter=${1:-}
    [[ -n $interpreter && -x $interpreter ]] ||
        ftm_fail internal "ftm_success called with '${interpreter}', which is not an executable file"
    trap - ERR
    ftm__emit "FTMATRIX-PYTHON: ${interpreter}"
    exit 0
}

# ftm_param <key> [default]: the value of `with: {<key>: ...}`, passed as FTMATRIX_PARAM_<KEY>.
# An empty value counts as unset.
ftm_param() {
    local var="FTMATRIX_PARAM_${1^^}"
    printf '%s' "${!var:-${2-}}"
}

# ftm_params_allow <key>...: fail `unsupported` on any FTMATRIX_PARAM_* not in the list, so a
# misspelt `with:` key is reported instead of silently falling back to a default.
ftm_params_allow() {
    local name key known=" $* "
    while IFS= read -r name; do
        [[ -n $name ]] || continue
        key=${name#FTMATRIX_PARAM_}
        key=${key,,}
        if [[ $known != *" $key "* ]]; then
            ftm_fail unsupported "unknown parameter '${key}' for ${FTM_RECIPE}" \
                "(known: ${*:-none})"
        fi
    done < <(compgen -e -X '!FTMATRIX_PARAM_*' || true)
}

# Reads and cross-checks the python inputs the engine passes. Sets:
#   FTM_PYTHON         as written in the matrix: 3.13t, 3.13.5t, 3.13
#   FTM_VERSION        without the t: 3.13 or 3.13.5
#   FTM_MINOR          3.13
#   FTM_MAJOR_NUM, FTM_MINOR_NUM   3 and 13
#   FTM_PATCH          3.13.5 when the matrix gave a patch version, else empty
#   FTM_FREE_THREADED  1 when the matrix asked for a free-threaded build (trailing t), else 0
# shellcheck disable=SC2034 # the FTM_* variables are this function's output to the recipe
ftm_read_python_inputs() {
    local var
    for var in FTMATRIX_PYTHON FTMATRIX_PYTHON_VERSION FTMATRIX_PYTHON_MINOR; do
        [[ -n ${!var:-} ]] || ftm_fail internal "${var} is not set; the engine must pass it"
    done
    FTM_PYTHON=$FTMATRIX_PYTHON
    if [[ ! $FTM_PYTHON =~ ^([0-9]+)\.([0-9]+)(\.[0-9]+)?(t?)$ ]]; then
        ftm_fail unsupported "python '${FTM_PYTHON}' is not of the form X.Y, X.Yt, X.Y.Z or X.Y.Zt"
    fi
    FTM_MAJOR_NUM=${BASH_REMATCH[1]}
    FTM_MINOR_NUM=${BASH_REMATCH[2]}
    FTM_MINOR="${FTM_MAJOR_NUM}.${FTM_MINOR_NUM}"
    FTM_VERSION="${FTM_MINOR}${BASH_REMATCH[3]}"
    FTM_PATCH=""
    [[ -z ${BASH_REMATCH[3]} ]] || FTM_PATCH=$FTM_VERSION
    FTM_FREE_THREADED=0
    [[ -z ${BASH_REMATCH[4]} ]] || FTM_FREE_THREADED=1
    if [[ $FTMATRIX_PYTHON_VERSION != "$FTM_VERSION" || $FTMATRIX_PYTHON_MINOR != "$FTM_MINOR" ]]; then
        ftm_fail internal "inconsistent inputs: FTMATRIX_PYTHON=${FTM_PYTHON}" \
            "FTMATRIX_PYTHON_VERSION=${FTMATRIX_PYTHON_VERSION} FTMATRIX_PYTHON_MINOR=${FTMATRIX_PYTHON_MINOR}" \
            "(expected ${FTM_VERSION} and ${FTM_MINOR})"
    fi
}

# For recipes that only make free-threaded builds: the python must be X.Yt, X.Y >= 3.13.
ftm_require_free_threaded() {
    if [[ $FTM_FREE_THREADED != 1 ]]; then
        ftm_fail unsupported "${FTM_RECIPE} installs free-threaded CPython only;" \
            "write the python as ${FTM_VERSION}t, not ${FTM_PYTHON}"
    fi
    if ((FTM_MAJOR_NUM != 3 || FTM_MINOR_NUM < 13)); then
        ftm_fail unsupported "free-threaded CPython exists from 3.13 on; ${FTM_PYTHON} has no such build"
    fi
}

# ftm_require_cmd <command> [category]: fail (default `unsupported`) when the image lacks it.
ftm_require_cmd() {
    command -v "$1" >/dev/null 2>&1 ||
        ftm_fail "${2:-unsupported}" "this image has no '$1' (${FTM_RECIPE} needs it)"
}

# ftm_run_logged <name> <command...>: run a command, stream its output to stderr and keep a copy
# in $FTM_LOG_DIR/<name>.log. Returns the command's exit status (never trips the ERR trap).
ftm_run_logged() {
    local logfile="${FTM_LOG_DIR}/$1.log" rc=0
    shift
    "$@" 2>&1 | tee -- "$logfile" || rc=$?
    return "$rc"
}

# ftm_run_quiet <name> <command...>: like ftm_run_logged, but the output only goes to the log
# file (for very chatty steps such as make); on failure its last 60 lines go to stderr.
ftm_run_quiet() {
    local logfile="${FTM_LOG_DIR}/$1.log" rc=0
    shift
    "$@" >"$logfile" 2>&1 || rc=$?
    if ((rc != 0)); then
        log "'$*' failed with exit ${rc}; last lines of ${logfile}:"
        tail -n 60 -- "$logfile" >&2
    fi
    return "$rc"
}

# ftm_log_path <name>: where ftm_run_logged / ftm_run_quiet put the output of step <name>.
ftm_log_path() {
    printf '%s/%s.log' "$FTM_LOG_DIR" "$1"
}

# ---- apt -----------------------------------------------------------------------------------

readonly FTM__APT_NETWORK_RE="Failed to fetch|Temporary failure resolving|Could not resolve|Could not connect|Connection failed|Connection timed out|Network is unreachable|Unable to connect|Unable to fetch some archives|Hash Sum mismatch|Undetermined Error"
# A 404 is not-found, like for ftm_download: the suite (e.g. an end-of-life one) or the file is
# not on the archive, and retrying will not change that.
readonly FTM__APT_NOT_FOUND_RE="Failed to fetch .* 404 |Unable to locate package|has no installation candidate|Unable to find a source package|Version '.*' for '.*' was not found|Release '.*' for '.*' was not found"
readonly FTM__APT_NO_SUITE_RE="Failed to fetch .* 404 |does not have a Release file"

ftm__apt_opts=(-q -o Dpkg::Use-Pty=0 -o APT::Color=0)

# apt-get update that fails on any index it cannot fetch (plain apt-get update only warns).
# Failure categories: not-found (HTTP 404 for an index), network (could not fetch), internal.
ftm_apt_update() {
    ftm_require_cmd apt-get
    local logfile rc=0
    logfile=$(ftm_log_path apt-update)
    log "apt-get update"
    ftm_run_logged apt-update apt-get "${ftm__apt_opts[@]}" -o APT::Update::Error-Mode=any update || rc=$?
    # Older apt ignores APT::Update::Error-Mode and exits 0 after a failed fetch: check the text.
    if [[ -n $(ftm__apt_messages "$FTM__APT_NO_SUITE_RE" "$logfile") ]]; then
        ftm_fail not-found "apt-get update: a configured suite is not on the archive:" \
            "$(ftm__first_match "$FTM__APT_NO_SUITE_RE" "$logfile")"
    fi
    if [[ -n $(ftm__apt_messages "$FTM__APT_NETWORK_RE" "$logfile") ]]; then
        ftm_fail network "apt-get update could not fetch package indexes:" \
            "$(ftm__first_match "$FTM__APT_NETWORK_RE" "$logfile")"
    fi
    ((rc == 0)) || ftm_fail internal "apt-get update failed (exit ${rc}): $(ftm__apt_error "$logfile")"
}

# ftm_apt_install <package>...: install without recommends.
# Failure categories: not-found (no such package / no candidate / 404), network, internal.
ftm_apt_install() {
    ftm_require_cmd apt-get
    local logfile rc=0
    logfile=$(ftm_log_path apt-install)
    log "apt-get install $*"
    ftm_run_logged apt-install apt-get "${ftm__apt_opts[@]}" install -y --no-install-recommends "$@" || rc=$?
    ((rc == 0)) || ftm__apt_classify_failure "apt-get install $*" "$rc" "$logfile"
}

# ftm_apt_source_download <dir> <package>[/<suite>]: `apt-get source --download-only` into dir.
# Needs deb-src entries (ftm_apt_enable_sources) and a fresh apt-get update.
# Failure categories: not-found (no such source package / 404), network, internal.
ftm_apt_source_download() {
    local dir=$1 spec=$2 logfile rc=0
    logfile=$(ftm_log_path apt-source)
    mkdir -p -- "$dir"
    # _apt downloads into the directory; without access apt falls back to root and warns.
    chmod 0777 -- "$dir"
    log "apt-get source --download-only ${spec} (into ${dir})"
    (cd -- "$dir" && apt-get "${ftm__apt_opts[@]}" source --download-only "$spec") 2>&1 |
        tee -- "$logfile" || rc=$?
    ((rc == 0)) || ftm__apt_classify_failure "apt-get source ${spec}" "$rc" "$logfile"
}

# ftm_apt_enable_sources [extra-suite]: add deb-src twins of the configured `deb` entries, in
# both the one-line format (sources.list, *.list) and deb822 (*.sources), unless deb-src entries
# already exist. With extra-suite (e.g. sid), also add deb-src entries for that suite, taken from
# the entries of the image's own suite (same URI, components and signed-by). Those get
# check-valid-until=no: a development suite's Release file expires within days, so on a frozen
# mirror or snapshot apt would refuse it; the signature is still checked, and only source
# tarballs listed in the signed index are fetched.
ftm_apt_enable_sources() {
    local extra=${1:-} codename="" entries have_src=0 out=/etc/apt/sources.list.d/ftmatrix-src.list
    if [[ -r /etc/os-release ]]; then
        codename=$(. /etc/os-release && printf '%s' "${VERSION_CODENAME:-}")
    fi
    entries=$(ftm__apt_deb_entries)
    [[ -n $entries ]] || ftm_fail internal "no 'deb' entries found in /etc/apt/sources.list{,.d/*}"
    if grep -Eqs '^[[:space:]]*deb-src[[:space:]]' /etc/apt/sources.list /etc/apt/sources.list.d/*.list ||
        grep -Eqsi '^Types:.*deb-src' /etc/apt/sources.list.d/*.sources; then
        have_src=1
    fi
    : >"$out"
    if ((have_src == 0)); then
        awk -F'\t' '{ printf "deb-src %s%s %s %s\n", ($1 == "" ? "" : $1 " "), $2, $3, $4 }' <<<"$entries" >>"$out"
    fi
    if [[ -n $extra ]]; then
        # One per archive URI among the entries of the image's own suite; else the first entry.
        awk -F'\t' -v suite="$codename" -v extra="$extra" '
            $3 == suite && !seen[$2]++ { print; found = 1 }
            NR == 1 { first = $0 }
            END { if (!found && first != "") print first }' <<<"$entries" |
            awk -F'\t' -v extra="$extra" '{
                opts = $1
                if (opts == "") opts = "[check-valid-until=no]"
                else sub(/\]$/, " check-valid-until=no]", opts)
                printf "deb-src %s %s %s %s\n", opts, $2, extra, $4
            }' >>"$out"
    fi
    log "deb-src entries added in ${out}:"
    sed 's/^/    /' "$out" >&2
}

# Prints the configured `deb` entries, one per line, tab-separated:
# "[options]" (or empty), URI, suite, components.
ftm__apt_deb_entries() {
    local f
    for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
        [[ -r $f ]] || continue
        awk '
            { sub(/#.*/, "") }
            $1 != "deb" { next }
            {
                opts = ""
                if ($2 ~ /^\[/) {
                    i = 2; opts = $2
                    while (opts !~ /\]$/ && i < NF) { i++; opts = opts " " $i }
                } else { i = 1 }
                uri = $(i + 1); suite = $(i + 2); comps = ""
                for (j = i + 3; j <= NF; j++) comps = comps (comps == "" ? "" : " ") $j
                if (uri != "" && suite != "") printf "%s\t%s\t%s\t%s\n", opts, uri, suite, comps
            }' "$f"
    done
    for f in /etc/apt/sources.list.d/*.sources; do
        [[ -r $f ]] || continue
        # deb822 stanzas: one entry per (URI, suite) pair of every enabled stanza of type deb.
        awk '
            function flush(   nu, ns, u, s, uris, suites, opts) {
                if (types ~ /(^|[[:space:]])deb([[:space:]]|$)/ && enabled !~ /^(no|false)$/) {
                    opts = (signed ~ /^\//) ? "[signed-by=" signed "]" : ""
                    nu = split(uris_f, uris, /[[:space:]]+/)
                    ns = split(suites_f, suites, /[[:space:]]+/)
                    for (u = 1; u <= nu; u++) for (s = 1; s <= ns; s++)
                        if (uris[u] != "" && suites[s] != "")
                            printf "%s\t%s\t%s\t%s\n", opts, uris[u], suites[s], comps
                }
                types = uris_f = suites_f = comps = signed = enabled = ""
            }
            /^[[:space:]]*#/ { next }
            /^[[:space:]]*$/ { flush(); next }
            /^[^[:space:]]/ {
                key = tolower($1); sub(/:$/, "", key)
                val = $0; sub(/^[^:]*:[[:space:]]*/, "", val); sub(/[[:space:]]+$/, "", val)
                if (key == "types") types = val
                else if (key == "uris") uris_f = val
                else if (key == "suites") suites_f = val
                else if (key == "components") comps = val
                else if (key == "signed-by") signed = val
                else if (key == "enabled") enabled = tolower(val)
            }
            END { flush() }' "$f"
    done
}

ftm__apt_classify_failure() {
    local what=$1 rc=$2 logfile=$3
    if [[ -n $(ftm__apt_messages "$FTM__APT_NOT_FOUND_RE" "$logfile") ]]; then
        ftm_fail not-found "${what}: $(ftm__first_match "$FTM__APT_NOT_FOUND_RE" "$logfile")"
    fi
    if [[ -n $(ftm__apt_messages "$FTM__APT_NETWORK_RE" "$logfile") ]]; then
        ftm_fail network "${what}: $(ftm__first_match "$FTM__APT_NETWORK_RE" "$logfile")"
    fi
    ftm_fail internal "${what} failed (exit ${rc}): $(ftm__apt_error "$logfile")"
}

# The first `E:` line of an apt log, or its last line.
ftm__apt_error() {
    local line
    line=$(grep -m1 '^E:' "$1" || tail -n 1 "$1")
    printf '%s' "${line:-no output}"
}

# apt's own E:/W: lines matching an extended regex, without the prefix, deduplicated, joined
# with "; " (at most three).
ftm__first_match() {
    ftm__apt_messages "$1" "$2" | awk '!seen[$0]++' | head -n 3 | paste -sd ';' - | sed 's/;/; /g'
}

# ftm__apt_messages <regex> <log>: apt's E:/W: lines matching regex, prefix and repeated blanks
# removed. apt's "Couldn't find any package by glob/regex" lines only repeat "Unable to locate".
ftm__apt_messages() {
    grep -E "^[EW]: " "$2" | grep -E "$1" | grep -v "Couldn't find any package by" |
        sed -e 's/^[EW]: //' -e 's/[[:space:]][[:space:]]*/ /g' || true
}

# ---- downloads -----------------------------------------------------------------------------

# ftm_download <url> <dest>: fetch with curl, retrying transient errors.
# Failure categories: not-found (HTTP 404/410, missing file:// path), network (anything else).
ftm_download() {
    local url=$1 dest=$2 code="" rc=0
    ftm_require_cmd curl internal
    log "downloading ${url}"
    code=$(curl --silent --show-error --location --retry 3 --connect-timeout 30 --max-time 1800 \
        --output "$dest" --write-out '%{http_code}' -- "$url") || rc=$?
    if ((rc == 37)); then
        ftm_fail not-found "cannot read ${url} (curl exit 37)"
    fi
    if ((rc != 0)); then
        ftm_fail network "download of ${url} failed (curl exit ${rc}$(ftm__curl_reason "$rc"))"
    fi
    case $code in
        200 | 000) ;; # 000: file:// and other non-HTTP schemes
        404 | 410) ftm_fail not-found "${url} does not exist (HTTP ${code})" ;;
        *) ftm_fail network "download of ${url} failed (HTTP ${code})" ;;
    esac
    log "downloaded $(du -h -- "$dest" | cut -f1) to ${dest}"
}

ftm__curl_reason() {
    case $1 in
        5) printf ': could not resolve proxy' ;;
        6) printf ': could not resolve host' ;;
        7) printf ': could not connect' ;;
        28) printf ': timed out' ;;
        35 | 60) printf ': TLS problem' ;;
        52 | 56) printf ': connection broken' ;;
    esac
}

# ---- other package managers and installers --------------------------------------------------

# ftm_apt_update_once: ftm_apt_update, unless this recipe already ran it.
ftm_apt_update_once() {
    if [[ -z ${FTM__APT_UPDATED:-} ]]; then
        ftm_apt_update
        FTM__APT_UPDATED=1
    fi
}

# ftm_dnf_cmd: prints the image's dnf-like command (dnf, dnf5, microdnf, yum), empty if none.
ftm_dnf_cmd() {
    local cmd
    for cmd in dnf dnf5 microdnf yum; do
        if command -v "$cmd" >/dev/null 2>&1; then
            printf '%s' "$cmd"
            return 0
        fi
    done
}

# dnf 4 and 5 messages. "No match for argument" is dnf's answer to a package no enabled repository
# has; a 404 for repository metadata means the release is gone from the mirror (end of life); "problem with
# installed package" (libsolv's rule text) means the repositories answered but nothing they hold installs
# beside what the image has: like "conflicting requests", only another image or mirror helps.
readonly FTM__DNF_NOT_FOUND_RE="problem with installed package|No match for argument|Unable to find a match|No package .* available|Status code: 404|Error 404|Problem: conflicting requests|nothing provides"
readonly FTM__DNF_NETWORK_RE="Errors during downloading metadata|Failed to download metadata|Cannot download repomd|Cannot prepare internal mirrorlist|Curl error|Librepo error|Could not resolve host|Couldn't resolve host|Couldn't connect|Connection refused|Network is unreachable|Timeout was reached|Operation timed out|All mirrors were tried|Cannot download|Error downloading packages|Failed to download packages"

# ftm_dnf_install <arguments...>: `<dnf> install -y <arguments...>` (packages and options).
# Failure categories: not-found (no such package / 404), network, internal.
ftm_dnf_install() {
    local dnf rc=0 logfile
    dnf=$(ftm_dnf_cmd)
    [[ -n $dnf ]] || ftm_fail unsupported "this image has no dnf, dnf5, microdnf or yum (${FTM_RECIPE} needs one)"
    logfile=$(ftm_log_path dnf-install)
    log "${dnf} install -y $*"
    ftm_run_logged dnf-install "$dnf" install -y "$@" || rc=$?
    ((rc == 0)) || ftm_fail_from_log "${dnf} install $*" "$rc" "$logfile" internal \
        not-found "$FTM__DNF_NOT_FOUND_RE" network "$FTM__DNF_NETWORK_RE"
}

# ftm_os_install "<apt packages>" "<rpm packages>": install distribution packages with apt-get
# (after one apt-get update) or with dnf; `unsupported` on an image with neither.
ftm_os_install() {
    local -a apt_pkgs rpm_pkgs
    read -r -a apt_pkgs <<<"$1"
    read -r -a rpm_pkgs <<<"$2"
    if command -v apt-get >/dev/null 2>&1; then
        ftm_apt_update_once
        ftm_apt_install "${apt_pkgs[@]}"
    elif [[ -n $(ftm_dnf_cmd) ]]; then
        ftm_dnf_install "${rpm_pkgs[@]}"
    else
        ftm_fail unsupported "this image has neither apt-get nor dnf to install: ${apt_pkgs[*]}"
    fi
}

# ftm_ensure_curl: curl (with CA certificates) for ftm_download, installed if the image lacks it.
ftm_ensure_curl() {
    command -v curl >/dev/null 2>&1 || ftm_os_install "curl ca-certificates" "curl ca-certificates"
}

# ---- classifying another tool's output ---------------------------------------------------------

# ftm_first_matching_line <regex> <logfile>: the first line matching an extended regex, with
# whitespace runs squeezed; empty if none.
ftm_first_matching_line() {
    grep -E -m1 -- "$1" "$2" 2>/dev/null | sed -e 's/[[:space:]][[:space:]]*/ /g' -e 's/^ //' || true
}

# ftm__log_excerpt <regex> <logfile>: the first line matching an extended regex and, when it ends
# in a colon (a heading such as "PackagesNotFoundError: ... current channels:"), the next
# non-blank line too; whitespace runs squeezed. Empty if no line matches.
ftm__log_excerpt() {
    # The regex through the environment: awk -v would treat its backslashes as escapes.
    FTM__EXCERPT_RE=$1 awk '
        function squeeze(s) { gsub(/[[:space:]]+/, " ", s); sub(/^ /, "", s); sub(/ $/, "", s); return s }
        found && $0 !~ /^[[:space:]]*$/ { print excerpt " " squeeze($0); done = 1; exit }
        !found && $0 ~ ENVIRON["FTM__EXCERPT_RE"] { excerpt = squeeze($0); found = 1; if (excerpt !~ /:$/) { print excerpt; done = 1; exit } }
        END { if (found && !done) print excerpt }' "$2" 2>/dev/null || true
}

# ftm_fail_from_log <what> <exit-status> <logfile> <default-category> [<category> <regex>]...
# Fails with the first category whose extended regex matches a line of the log (the detail quotes
# that line, and the next one when it ends in a colon); with <default-category> and the log's last
# non-empty line when none matches. Lets a recipe map an installer's documented messages to
# categories in one table.
ftm_fail_from_log() {
    local what=$1 rc=$2 logfile=$3 fallback=$4 line
    shift 4
    while (($# >= 2)); do
        line=$(ftm__log_excerpt "$2" "$logfile")
        if [[ -n $line ]]; then
            ftm_fail "$1" "${what} failed (exit ${rc}): ${line}"
        fi
        shift 2
    done
    line=$(grep -v '^[[:space:]]*$' "$logfile" 2>/dev/null | tail -n 1 || true)
    ftm_fail "$fallback" "${what} failed (exit ${rc}): ${line:-no output}"
}

# ---- checking an installed interpreter ---------------------------------------------------------

# ftm_check_interpreter <path> <category> <what>: the interpreter a method installed must exist,
# run, and be the cell's minor (and patch, when the matrix gave one). Fails with <category> when it
# is missing or does not run, with not-found when it is another release. Sets FTM_INSTALLED_RELEASE.
ftm_check_interpreter() {
    local interpreter=$1 category=$2 what=$3 out
    [[ -x $interpreter ]] || ftm_fail "$category" "${what}: ${interpreter} is not there"
    if ! out=$("$interpreter" -c 'import sys; print("%d.%d.%d" % sys.version_info[:3]); print(sys.version.replace("\n", " "))' 2>&1); then
        ftm_fail "$category" "${what}: ${interpreter} does not run: ${out}"
    fi
    FTM_INSTALLED_RELEASE=${out%%$'\n'*}
    log "${interpreter}: ${out#*$'\n'}"
    if [[ ${FTM_INSTALLED_RELEASE%.*} != "$FTM_MINOR" ]]; then
        ftm_fail not-found "${what}: ${interpreter} is CPython ${FTM_INSTALLED_RELEASE}, not ${FTM_MINOR}"
    fi
    if [[ -n $FTM_PATCH && $FTM_INSTALLED_RELEASE != "$FTM_PATCH" ]]; then
        ftm_fail not-found "${what}: ${interpreter} is CPython ${FTM_INSTALLED_RELEASE}, not ${FTM_PATCH}"
    fi
}

# ftm_os_release <field>: a field of /etc/os-release (ID, VERSION_ID, VERSION_CODENAME, ...).
ftm_os_release() {
    [[ -r /etc/os-release ]] || return 0
    # shellcheck disable=SC1091 # the image's file, not ours
    (. /etc/os-release && printf '%s' "${!1:-}")
}

# ---- internals -----------------------------------------------------------------------------

ftm__one_line() {
    local s=${1//$'\r'/ }
    s=${s//$'\n'/ }
    s=${s//$'\t'/ }
    ((${#s} <= 600)) || s="${s:0:597}..."
    printf '%s' "$s"
}

# Prints a result line on the recipe's real stdout, once per recipe run.
ftm__emit() {
    if (set -o noclobber && : >"$FTM__RESULT_MARK") 2>/dev/null; then
        printf '%s\n' "$1" >&3
    else
        log "result already printed; dropping: $1"
    fi
}

ftm__on_err() {
    local rc=$1 where=$2 command=$3
    ftm_fail internal "unexpected failure at ${where}: '${command}' exited with ${rc}"
}

ftm__on_exit() {
    local rc=$1
    if [[ ! -e $FTM__RESULT_MARK ]]; then
        trap - ERR
        ftm__emit "FTMATRIX-FAILURE: internal: ${FTM_RECIPE} exited with status ${rc} without printing a result"
        rc=$FTM_FAILURE_EXIT
    fi
    if [[ $BASHPID == "$$" ]]; then
        rm -f -- "$FTM__RESULT_MARK"
    fi
    exit "$rc"
}
