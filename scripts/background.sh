#!/usr/bin/env bash
# Sourced by the scripts that run one local helper process per profile on a loopback port (s3rver.sh,
# stripe-standin.sh). The caller sets PORT, PID_FILE, LOG and say().
answers() { (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; }
alive() { [[ -f $PID_FILE ]] && kill -0 "$(cat "$PID_FILE")" 2>/dev/null; }

stop_background() {
  if alive; then kill "$(cat "$PID_FILE")"; say "stopped"; else say "not running"; fi
  rm -f "$PID_FILE"
}

# start_background PORT_VARIABLE COMMAND...: unless it already runs and answers, starts COMMAND in the background
# (output to LOG, pid to PID_FILE) and waits up to 10 s for it to answer on PORT. Returns 1 if it already ran.
start_background() {
  local port_variable=$1; shift
  if alive && answers; then say "already running on 127.0.0.1:$PORT"; return 1; fi
  answers && { echo "port $PORT is taken by another process; set $port_variable" >&2; exit 1; }
  nohup "$@" >"$LOG" 2>&1 &
  echo $! > "$PID_FILE"
  for _ in $(seq 1 100); do answers && break; sleep 0.1; done
  answers || { cat "$LOG" >&2; echo "$* did not start" >&2; exit 1; }
}
