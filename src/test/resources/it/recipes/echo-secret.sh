#!/usr/bin/env bash
# echo-secret: a test recipe that leaks on purpose (SecretRedactionIT). It prints its secret UV_INDEX_TOKEN
# in two separate writes, on stderr whole, and the index_url parameter (URL credentials), then fails with
# the secret in its failure detail, so the test can check that none of it reaches what ftmatrix writes.
# Platforms: debian
set -euo pipefail
# The test copies this recipe beside the real ones, so it sources their shared shell.
# shellcheck source=containers/recipes/lib/common.sh
source "${BASH_SOURCE[0]%/*}/lib/common.sh"
ftm_init
ftm_params_allow index_url
printf 'token=%s' "${UV_INDEX_TOKEN:0:4}"
printf '%s\n' "${UV_INDEX_TOKEN:4}"
echo "secret on stderr: ${UV_INDEX_TOKEN}" >&2
echo "index: ${FTMATRIX_PARAM_INDEX_URL}" >&2
ftm_fail network "the index rejected token ${UV_INDEX_TOKEN} at ${FTMATRIX_PARAM_INDEX_URL}"
