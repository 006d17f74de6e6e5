#!/usr/bin/env bash
# The cost of receiving, measured on the real daemon: a local Icecast server (Debian's
# icecast2) fed a 128 kb/s AAC stream by ffmpeg; the release daemon relays it live on a
# headless sound card and records it at the same time, for MINUTES (default 10). Every 30 s
# it prints the daemon's resident memory and the CPU it used since the last sample, so
# flat memory and the relay's share of a core can be read off.
#
#   scripts/receive-soak.sh [MINUTES]
#
# Needs icecast2, ffmpeg, pv (the headless card's pace), curl, bc and python3.
set -euo pipefail
cd "$(dirname "$0")/.."
minutes="${1:-10}"
seconds=$((minutes * 60))
work="$(mktemp -d)"
# WARDCAST_SOAK_KEEP=1 keeps the folder (config, data, the daemon's log) and says where.
trap 'kill $(jobs -p) 2>/dev/null || true; wait 2>/dev/null || true
      if [ -n "${WARDCAST_SOAK_KEEP:-}" ]; then echo "kept $work"; else rm -rf "$work"; fi' EXIT
cargo build --release --quiet

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
mkdir -p "$work/log" "$work/audio/cchc" "$work/audio/tiep-song" "$work/config"
chmod 755 "$work"
chmod 777 "$work/log"
cat > "$work/icecast.xml" <<EOF
<icecast>
  <limits><sources>2</sources><burst-size>65535</burst-size></limits>
  <authentication><source-password>soak</source-password><admin-password>soak</admin-password></authentication>
  <listen-socket><port>$port</port><bind-address>127.0.0.1</bind-address></listen-socket>
  <fileserve>0</fileserve>
  <paths><basedir>$work</basedir><logdir>$work/log</logdir><webroot>/usr/share/icecast2/web</webroot>
    <adminroot>/usr/share/icecast2/admin</adminroot><pidfile>$work/icecast.pid</pidfile></paths>
  <logging><accesslog>access.log</accesslog><errorlog>error.log</errorlog><loglevel>1</loglevel></logging>
  <security><chroot>0</chroot><changeowner><user>nobody</user><group>nogroup</group></changeowner></security>
</icecast>
EOF
icecast2 -c "$work/icecast.xml" >/dev/null 2>&1 &
for _ in $(seq 100); do
    curl -sf "http://127.0.0.1:$port/status-json.xsl" >/dev/null && break
    sleep 0.2
done
ffmpeg -hide_banner -loglevel error -nostdin -re -f lavfi -i "sine=frequency=1000:sample_rate=44100" \
    -ac 2 -c:a aac -b:a 128k -content_type audio/aac -f adts \
    "icecast://source:soak@127.0.0.1:$port/tinh.aac" &
for _ in $(seq 100); do
    curl -sf "http://127.0.0.1:$port/status-json.xsl" | grep -q tinh.aac && break
    sleep 0.2
done

# The relay and the recording start at the next whole minute plus one (station time,
# Asia/Ho_Chi_Minh) and last the soak.
start=$(TZ=Asia/Ho_Chi_Minh date -d "+90 seconds" +"%M %H %d %m")
read -r minute hour day month <<<"$start"
line="0 $((10#$minute)) $((10#$hour)) $((10#$day)) $((10#$month)) *"
cat > "$work/config/wardcast.toml" <<EOF
[station]
name = "Soak"
[paths]
audio = "../audio"
data = "../data"
[[source]]
id = "dai-tinh"
title = "Đài tỉnh"
url = "http://127.0.0.1:$port/tinh.aac"
[[programme]]
id = "tiep-song"
title = "Tiếp sóng"
folder = "tiep-song"
schedule = ["$line"]
pick = "unaired"
relay = "dai-tinh"
duration = "${seconds}s"
[[programme]]
id = "cchc"
title = "CCHC"
folder = "cchc"
schedule = ["0 0 1 1 *"]
pick = "unaired"
[[recording]]
source = "dai-tinh"
schedule = ["$line"]
duration = "${seconds}s"
into = "cchc"
EOF
printf '%s\n' 'pcm.null { type null }' 'pcm.!default {' '  type plug' \
    '  slave { pcm { type file slave.pcm "null" format "raw"' \
    "    file \"|exec pv -q -L 192000 -B 4096 > /dev/null\" }" \
    '    format S16_LE rate 48000 channels 2 }' '}' > "$work/asound.conf"
ALSA_CONFIG_PATH="$work/asound.conf" WARDCAST_LOG="${WARDCAST_LOG:-warn}" \
    ./target/release/wardcast --config "$work/config/wardcast.toml" run 2>"$work/daemon.log" &
daemon=$!
ticks=$(getconf CLK_TCK)
cpu() { awk '{print $14 + $15}' "/proc/$daemon/stat"; }
echo "relay and recording from $line (station time) for ${minutes} min; samples every 30 s"
printf '%8s %10s %12s\n' "elapsed" "rss_kb" "cpu_%_core"
last=$(cpu); elapsed=0
end=$((seconds + 120))
while [ "$elapsed" -lt "$end" ] && kill -0 "$daemon" 2>/dev/null; do
    sleep 30; elapsed=$((elapsed + 30))
    now=$(cpu)
    rss=$(awk '/VmRSS/ {print $2}' "/proc/$daemon/status")
    printf '%8s %10s %12.2f\n' "${elapsed}s" "$rss" "$(echo "($now - $last) * 100 / $ticks / 30" | bc -l)"
    last=$now
done
kill -TERM "$daemon"; wait "$daemon" || true
./target/release/wardcast --config "$work/config/wardcast.toml" log
"${WARDCAST_SOAK_JSON:-false}" && ./target/release/wardcast --config "$work/config/wardcast.toml" log --json
