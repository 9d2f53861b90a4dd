#!/usr/bin/env bash
# Runs a benchmark and prints its figures.
#   bench/run.sh [tenants] [clients] [warm-up s] [measured s]
#       Company search. Defaults: 100000 tenants, 16 clients, 20 s warm-up (each path, all before any
#       is measured, then rounds of all while the JIT compiler is still busy, up to 5 min), 30 s measured.
#       Needs pgbench (Debian: postgresql-client). DB_POOL_SIZE sets the service's pool (default: twice
#       the cores plus one), here and for products.
#   bench/run.sh enquiries [clients] [warm-up s] [measured s] [enquiries/s]
#   bench/run.sh enquiries-outage [clients] [warm-up s] [measured s] [enquiries/s]
#       Enquiry creation through REST with delivery (emails, Zoho leads) running; the outage
#       variant stops SMTP and Zoho for the middle third. Defaults: 16 clients, 90 s (the JIT compiler
#       needs 80 s or more of this load on two cores, and the warm-up goes on while it still works, up to
#       5 min; its deliveries drain before measuring), 30 s,
#       closed loop; with a rate the clients offer that many enquiries a second together while measured
#       (bench/run.sh enquiries 16 90 30 1000: does delivery keep up with 1,000 a second?).
#       JOB_* variables (e.g. JOB_CONCURRENCY) set the outbox worker as in production.
#   bench/run.sh tryon [full] [idle jobs] [backlog jobs]
#       Try-on jobs through the queue with two workers and an instant provider: submit->claim latency
#       on an idle queue, then jobs/s draining a backlog. Defaults: 2000 jobs, a backlog of 10000.
#       "full" runs the real job handler (photos and result in an in-memory S3 store). JOB_* variables
#       set the workers (JOB_CONCURRENCY defaults to 16 here).
#   bench/run.sh tryon-crash [jobs]
#       Two try-on worker processes drain a queue (default 3000 jobs); one is killed with SIGKILL when a
#       third are done; checks that every job completed exactly once with one result object.
#   bench/run.sh product-writes [products] [tenants] [clients] [s per round]
#       What writes that change nothing searchable (a stock change of a product or of one of its sizes,
#       a supplier's profile or a product saved as it was) cost the search projection, recomputed and
#       written only when changed and, alternating, always (as before V7).
#       Defaults: 200000 products, 20000 suppliers, 4 clients, 15 s. Needs pgbench.
#   bench/run.sh feed [items] [runs] [public|links]
#       The Meta feed of one supplier streamed through the edge, plain and gzip, in a 128 MiB heap:
#       time and heap growth per fetch. Defaults: 100000 items, 3 runs, uploaded images under a CDN
#       base URL (public) or, with links, as image links on the public host (no MEDIA_PUBLIC_BASE_URL).
#   bench/run.sh products [products] [tenants] [clients] [warm-up s] [measured s]
#       Product search, storefront listing and product get. Defaults: 1000000 products,
#       100000 suppliers, 16 clients, 20 s warm-up (REST and gRPC both before either is measured, then
#       rounds of both while the JIT compiler is still busy, up to 5 min), 30 s measured. Needs pgbench.
set -euo pipefail
cd "$(dirname "$0")/.."
jar=bench/target/tradeloom-bench-0.1.0-SNAPSHOT.jar
case "${1:-}" in
  enquiries|enquiries-outage)
    mode=load
    [ "$1" = enquiries-outage ] && mode=outage
    shift
    ./mvnw -q -B -DskipTests -pl bench -am install
    exec java -Xmx4g -Dlogback.configurationFile=logback-bench.xml -cp "$jar" dev.tradeloom.bench.EnquiryBench \
      "$mode" "$@"
    ;;
  feed)
    shift
    ./mvnw -q -B -DskipTests -pl bench -am package
    exec java -Xmx128m -Dlogback.configurationFile=logback-bench.xml -cp "$jar" dev.tradeloom.bench.MetaFeedBench "$@"
    ;;
  tryon-crash)
    shift
    ./mvnw -q -B -DskipTests -pl bench -am package
    exec java -Xmx1g -Dlogback.configurationFile=logback-bench.xml -cp "$jar" dev.tradeloom.bench.TryOnCrashRun "$@"
    ;;
  tryon)
    shift
    ./mvnw -q -B -DskipTests -pl bench -am package
    exec java -Xmx2g -Dlogback.configurationFile=logback-bench.xml -cp "$jar" dev.tradeloom.bench.TryOnBench "$@"
    ;;
esac
command -v pgbench >/dev/null || { echo "pgbench not found: apt-get install postgresql-client" >&2; exit 1; }
./mvnw -q -B -DskipTests -pl bench -am install
if [ "${1:-}" = product-writes ]; then
  shift
  exec java -Xmx2g -Dlogback.configurationFile=logback-bench.xml -cp "$jar" dev.tradeloom.bench.ProductWriteBench "$@"
fi
if [ "${1:-}" = products ]; then
  shift
  exec java -Xmx4g -Dlogback.configurationFile=logback-bench.xml -cp "$jar" dev.tradeloom.bench.ProductSearchBench "$@"
fi
exec java -Xmx4g -Dlogback.configurationFile=logback-bench.xml -jar "$jar" "$@"
