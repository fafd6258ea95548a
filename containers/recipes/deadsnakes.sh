#!/usr/bin/env bash
# deadsnakes: free-threaded CPython from the deadsnakes PPA on Ubuntu LTS.
# Platforms: ubuntu
#
#   variant ppa (default, the documented commands):
#     add-apt-repository -y ppa:deadsnakes/ppa
#   variant sources (the workaround that skips Launchpad's API):
#     curl <key_url> > /etc/apt/keyrings/deadsnakes.asc
#     echo "deb [signed-by=/etc/apt/keyrings/deadsnakes.asc] <ppa_url> <suite> main" \
#       > /etc/apt/sources.list.d/ftmatrix-deadsnakes.list
#   then, both:
#     apt-get update
#     apt-get install --no-install-recommends python3.X-nogil python3.X-venv=<python3.X-nogil's version>
#     -> /usr/bin/python3.Xt
#
# Where the commands come from:
#   - The py-free-threading guide (Quansight-Labs/free-threaded-compatibility
#     docs/installing-cpython.md): `sudo add-apt-repository ppa:deadsnakes`, `sudo apt-get update`,
#     `sudo apt-get install python3.13-nogil`.
#   - deadsnakes/python3.13 debian/rules: the nogil build is installed as /usr/bin/python3.13t
#     (with a python3.13-nogil symlink). Its stdlib is built --without-ensurepip, so `-m venv` with
#     pip needs python3.13-venv: deadsnakes/issues#299 ("No module named pip"; there is no
#     python3.13-nogil-venv package; the maintainer's answer is to install python3.13-venv).
#   - "deadsnakes only provides packages for ubuntu LTS releases (even number + .04)"
#     (deadsnakes/issues .github/ISSUE_TEMPLATE.md): other images are `unsupported`.
#   - The sources variant: Xilinx/mlir-aie#3043 writes the apt source and the key directly, since
#     add-apt-repository goes through the Launchpad REST API (launchpadlib), which is the part that
#     fails (deadsnakes/issues#277, #279, #333, #339, #147); ppa.launchpadcontent.net serves the
#     archive. The key is the PPA's signing key, fingerprint F23C5A6CF475977595C89F51BA6932366A755776,
#     fetched from keyserver.ubuntu.com as in those workarounds.
#   - python3.X-nogil and python3.X-venv are built from one source package (deadsnakes/python3.13), so they
#     share a version; the recipe asks for python3.X-venv of exactly that version. Otherwise a distribution
#     with its own, newer python3.X-venv wins (Debian trixie: python3.13-venv 3.13.5-2+deb13u5 against a build
#     3.13.5-1+...): it pulls in the GIL python3.X and puts ensurepip where only that one looks, and
#     `python3.Xt -m venv` fails ("ensurepip ... returned non-zero exit status 1").
#   - The PPA keeps only the newest build of each version (deadsnakes docs), so a patch version
#     in the matrix other than the current one is `not-found`.
#
# GIL twin (FTMATRIX_BASELINE=twin, lib/twin.sh): `apt-get install python3.X=<python3.X-nogil's version>`, the GIL
#   interpreter the PPA builds from the same source package (deadsnakes/python3.13 debian/control: python3.13 and
#   python3.13-nogil). -> /usr/bin/python3.X. Pinned to the nogil package's version, so a distribution's own
#   python3.X (another build) is never taken for the twin.
#
# Parameters (matrix `with:` keys, passed as FTMATRIX_PARAM_<KEY>):
#   variant  ppa (default) | sources
#   ppa      ppa variant only: the PPA to add, default ppa:deadsnakes/ppa.
#   ppa_url  sources variant only: the archive URL, default
#            https://ppa.launchpadcontent.net/deadsnakes/ppa/ubuntu (a mirror for air-gapped CI).
#   key_url  sources variant only: the archive's signing key (ASCII-armored or binary OpenPGP),
#            default https://keyserver.ubuntu.com/pks/lookup?op=get&search=0xF23C5A6CF475977595C89F51BA6932366A755776
#            (file:// works).
#   suite    sources variant only: the suite to use, default the image's Ubuntu LTS codename. Given
#            explicitly it also lifts the Ubuntu-LTS check, for a mirror that serves another suite.
#
# Verified: real-tool-local-repository (variant sources: SignedAptRepoDeadsnakesIT, a signed apt repository on loopback)
# Verified: fake-only (variant ppa: RecipeContractIT against a fake add-apt-repository)
# Emits FTMATRIX-FAILURE categories: unsupported, network, not-found, internal.
#   network:   Launchpad 503 / unreachable / time-outs from add-apt-repository; Launchpad denying
#              the default PPA (intermittent, about 0.2% of runs, deadsnakes/issues#147); apt
#              "Failed to fetch" / "Could not connect"; a key download that is not a key.
#   not-found: Launchpad denying any other PPA; "Unable to locate package python3.X-nogil"; no
#              python3.X-venv of python3.X-nogil's version; a 404 for the suite or the key.
#   Launchpad's denial reads "ERROR: ppa '<team>/<ppa>' not found (use --login if private)" or
#   "ERROR: user/team '<team>' not found (use --login if private)" in software-properties 0.99
#   (Ubuntu 22.04 and 24.04, softwareproperties/ppa.py), "has no PPA named" / "user or team does not
#   exist" in older releases (the wording of #147).
set -euo pipefail
# shellcheck source-path=SCRIPTDIR
# shellcheck source=lib/common.sh
source "${BASH_SOURCE[0]%/*}/lib/common.sh"
# shellcheck source-path=SCRIPTDIR source=lib/twin.sh
source "${BASH_SOURCE[0]%/*}/lib/twin.sh"
ftm_init

readonly DEFAULT_PPA=ppa:deadsnakes/ppa
readonly DEFAULT_PPA_URL=https://ppa.launchpadcontent.net/deadsnakes/ppa/ubuntu
readonly KEY_FINGERPRINT=F23C5A6CF475977595C89F51BA6932366A755776
readonly DEFAULT_KEY_URL="https://keyserver.ubuntu.com/pks/lookup?op=get&search=0x${KEY_FINGERPRINT}"
readonly KEYRING_DIR=/etc/apt/keyrings
readonly SOURCES_FILE=/etc/apt/sources.list.d/ftmatrix-deadsnakes.list
# add-apt-repository talks to Launchpad's REST API with launchpadlib/httplib2/urllib.
readonly LAUNCHPAD_NETWORK_RE="HTTP Error 5[0-9][0-9]|ServerError|Service Unavailable|Network is unreachable|timed out|TimeoutError|Temporary failure in name resolution|Name or service not known|Connection refused|Connection reset|urlopen error|Failed to fetch|Could not connect|Unable to connect|ConnectionError|ssl.SSLError"
readonly LAUNCHPAD_NOT_FOUND_RE="not found \(use --login if private\)|has no PPA named|user or team does not exist|does not exist|Cannot add PPA"

ftm_params_allow variant ppa ppa_url key_url suite
ftm_read_python_inputs
ftm_require_free_threaded
ftm_require_cmd apt-get

variant=$(ftm_param variant ppa)
package="python${FTM_MINOR}-nogil"
interpreter="/usr/bin/python${FTM_MINOR}t"

# Decided before anything is installed: the parameters fit the variant and the image is an Ubuntu
# LTS (or, for the sources variant, a suite was named explicitly).
check_inputs() {
    local id version_id
    case $variant in
        ppa)
            [[ -z $(ftm_param ppa_url)$(ftm_param key_url)$(ftm_param suite) ]] ||
                ftm_fail unsupported "parameters ppa_url, key_url and suite apply only to variant: sources"
            ;;
        sources)
            [[ -z $(ftm_param ppa) ]] || ftm_fail unsupported "parameter ppa applies only to variant: ppa"
            ;;
        *) ftm_fail unsupported "variant '${variant}' is not one of: ppa, sources" ;;
    esac
    id=$(ftm_os_release ID)
    version_id=$(ftm_os_release VERSION_ID)
    suite=$(ftm_param suite "$(ftm_os_release VERSION_CODENAME)")
    if [[ -n $(ftm_param suite) ]]; then
        log "suite ${suite} given explicitly; not checking for Ubuntu LTS (image: ${id:-?} ${version_id:-?})"
        return 0
    fi
    if [[ $id != ubuntu ]]; then
        ftm_fail unsupported "deadsnakes builds packages for Ubuntu LTS only; this image is" \
            "${id:-unknown} ${version_id:-}"
    fi
    if [[ ! $version_id =~ ^[0-9]*[02468]\.04$ ]]; then
        ftm_fail unsupported "deadsnakes only provides packages for Ubuntu LTS releases (even number" \
            "+ .04); this image is Ubuntu ${version_id} (${suite})"
    fi
    [[ -n $suite ]] || ftm_fail internal "/etc/os-release has no VERSION_CODENAME"
}

add_ppa() {
    local ppa rc=0 logfile
    ppa=$(ftm_param ppa "$DEFAULT_PPA")
    if ! command -v add-apt-repository >/dev/null 2>&1; then
        ftm_apt_update_once
        ftm_apt_install software-properties-common ca-certificates
    fi
    log "add-apt-repository -y ${ppa}"
    logfile=$(ftm_log_path add-apt-repository)
    ftm_run_logged add-apt-repository add-apt-repository -y "$ppa" || rc=$?
    # Older software-properties print a Launchpad error and still exit 0: check the text too.
    if ((rc != 0)) || [[ -n $(ftm_first_matching_line "$LAUNCHPAD_NOT_FOUND_RE|Traceback|ERROR" "$logfile") ]]; then
        # The default PPA exists; Launchpad denying it is its known intermittent failure (#147).
        if [[ $ppa == "$DEFAULT_PPA" ]]; then
            ftm_fail_from_log "add-apt-repository ${ppa}" "$rc" "$logfile" internal \
                network "$LAUNCHPAD_NETWORK_RE|$LAUNCHPAD_NOT_FOUND_RE"
        fi
        ftm_fail_from_log "add-apt-repository ${ppa}" "$rc" "$logfile" internal \
            network "$LAUNCHPAD_NETWORK_RE" not-found "$LAUNCHPAD_NOT_FOUND_RE"
    fi
}

add_sources_entry() {
    local ppa_url key_url key head
    ppa_url=$(ftm_param ppa_url "$DEFAULT_PPA_URL")
    key_url=$(ftm_param key_url "$DEFAULT_KEY_URL")
    if ! command -v curl >/dev/null 2>&1 || [[ ! -e /etc/ssl/certs/ca-certificates.crt ]]; then
        ftm_apt_update_once
        ftm_apt_install curl ca-certificates
    fi
    mkdir -p -- "$KEYRING_DIR"
    ftm_download "$key_url" "${KEYRING_DIR}/deadsnakes.key"
    # apt takes an armored key as .asc and a binary one as .gpg; a keyserver error page is neither.
    head=$(head -c 40 -- "${KEYRING_DIR}/deadsnakes.key" | tr -d '\0')
    if [[ $head == "-----BEGIN PGP PUBLIC KEY BLOCK-----"* ]]; then
        key="${KEYRING_DIR}/deadsnakes.asc"
    elif [[ $(od -An -tx1 -N1 -- "${KEYRING_DIR}/deadsnakes.key" | tr -d ' ') =~ ^(98|99|c6)$ ]]; then
        key="${KEYRING_DIR}/deadsnakes.gpg"
    else
        ftm_fail network "${key_url} did not return an OpenPGP key (it starts with: ${head//[^[:print:]]/?})"
    fi
    mv -f -- "${KEYRING_DIR}/deadsnakes.key" "$key"
    chmod 0644 -- "$key"
    printf 'deb [signed-by=%s] %s %s main\n' "$key" "$ppa_url" "$suite" >"$SOURCES_FILE"
    log "wrote ${SOURCES_FILE}: $(cat -- "$SOURCES_FILE")"
}

check_inputs
case $variant in
    ppa) add_ppa ;;
    sources) add_sources_entry ;;
esac
ftm_apt_update
# Empty when no archive has the package: then apt says "Unable to locate package" (not-found).
nogil_version=$(apt-cache show --no-all-versions "$package" 2>/dev/null | sed -n 's/^Version: //p' | head -n 1 || true)
ftm_apt_install "$package" "python${FTM_MINOR}-venv${nogil_version:+=${nogil_version}}"
ftm_check_interpreter "$interpreter" internal "package ${package} installed"
if ftm_twin_wanted; then
    if [[ -z $nogil_version ]]; then
        ftm_twin_failed "apt-cache show ${package} gave no version to pin python${FTM_MINOR} to"
    elif ftm_twin_install apt-install-gil "apt-get install python${FTM_MINOR}=${nogil_version}" apt-get "${ftm__apt_opts[@]}" \
        install -y --no-install-recommends "python${FTM_MINOR}=${nogil_version}"; then
        ftm_twin_check "/usr/bin/python${FTM_MINOR}" "package python${FTM_MINOR} ${nogil_version} installed"
    fi
fi
ftm_success "$interpreter"
