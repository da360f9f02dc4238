#!/usr/bin/env bash
# Brings up the sandbox's OCI backend on a Debian machine, in one idempotent step (as root): podman with
# runc as a Docker-compatible API on /run/webnova-podman/podman.sock, and the image webnova-sandbox:<v>
# built locally with debootstrap from the machine's apt mirror (no image registry is needed). Each part
# is done only when missing: the packages, the configuration, the service, the image.
# Needs the project's node_modules (npm ci) for the image step, which runs core's ensureSandboxImage().
set -euo pipefail
cd "$(dirname "$0")/.."
socket=/run/webnova-podman/podman.sock

missing=()
for program in podman runc debootstrap; do
  command -v "$program" >/dev/null 2>&1 || [[ -x "/usr/sbin/$program" ]] || missing+=("$program")
done
if ((${#missing[@]})); then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# runc (the runtime tested here), a file event log and cgroupfs (no systemd), and ulimits within the host's hard
# limits (podman's own defaults exceed them, and the container then fails to start).
conf=/etc/containers/containers.conf
if ! grep -qs '^runtime = "runc"' "$conf"; then
  mkdir -p /etc/containers
  [[ -e "$conf" ]] && cp "$conf" "$conf.before-webnova"
  cat >"$conf" <<'CONF'
# Written by WebNova's scripts/oci-sandbox-up.sh: podman as the sandbox's Docker-compatible API.
[containers]
default_ulimits = ["nofile=1024:1024", "nproc=4096:4096"]

[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
CONF
fi

answers() { curl -fsS --max-time 5 --unix-socket "$socket" http://localhost/_ping >/dev/null 2>&1; }
if ! answers; then
  mkdir -p "$(dirname "$socket")"
  rm -f "$socket"
  # Detached from this shell (setsid), so it outlives the script; its log beside the socket. Started in
  # the socket's folder: conmon writes some files (an `oom` mark) into its working folder, never the repo's.
  (cd "$(dirname "$socket")" && exec setsid podman system service --time=0 "unix://$socket" >service.log 2>&1 </dev/null) &
  for _ in $(seq 1 100); do answers && break; sleep 0.1; done
  answers || { echo "oci-sandbox-up: podman's API does not answer on $socket" >&2; cat "$(dirname "$socket")/service.log" >&2; exit 1; }
fi

DOCKER_HOST="unix://$socket" node scripts/lib/sandbox-image.mjs
