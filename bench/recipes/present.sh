#!/usr/bin/env bash
# present: the benchmarks' recipe. Installs nothing: it reports an interpreter the image already has, after
# optionally waiting (an I/O-bound install) or spinning a core (a CPU-bound one). bench/*.sh copy it next to the
# real recipes in a scratch containers directory; it is never part of ftmatrix's own catalog.
#
# Parameters (matrix `with:` keys, passed as FTMATRIX_PARAM_<KEY>):
#   interpreter   the interpreter to report (required)
#   sleep_s       seconds to wait before reporting, default 0
#   cpu_s         seconds of busy loop before reporting, default 0
set -euo pipefail
# shellcheck source-path=SCRIPTDIR
# shellcheck source=../../containers/recipes/lib/common.sh
source "${BASH_SOURCE[0]%/*}/lib/common.sh"
ftm_init

ftm_params_allow interpreter sleep_s cpu_s
interpreter=$(ftm_param interpreter)
[[ -n $interpreter ]] || ftm_fail unsupported "present needs with: { interpreter: /path/to/python }"
sleep "$(ftm_param sleep_s 0)"
end=$((SECONDS + $(ftm_param cpu_s 0)))
while ((SECONDS < end)); do :; done
ftm_success "$interpreter"
