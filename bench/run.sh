#!/usr/bin/env bash
# Runs a benchmark and prints its figures. Usage: bench/run.sh [tenants] [clients] [warm-up s] [measured s]
# Defaults: 100000 tenants, 16 clients, 10 s warm-up, 30 s measured. Needs pgbench (Debian: postgresql-client).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v pgbench >/dev/null || { echo "pgbench not found: apt-get install postgresql-client" >&2; exit 1; }
./mvnw -q -B -DskipTests -pl bench -am install
exec java -Xmx4g -Dlogback.configurationFile=logback-bench.xml -jar bench/target/tradeloom-bench-0.1.0-SNAPSHOT.jar "$@"
