#!/bin/bash
# Server backend CPU per transaction of one pgbench script (docs/benchmarks.md, event store section, the append
# profile). Needs pgbench and psql on PATH and PGHOST/PGPORT/PGUSER of a server with the event store schema
# installed (and, for one-row-insert.sql, CREATE TABLE bench_ceiling (id BIGSERIAL PRIMARY KEY)).
# usage: cpu.sh <script.sql> <database> <sequence counting the script's rows>
#   e.g. cpu.sh append-one-row.sql postgres cqrs_events_position_seq
# The backend's utime+stime come from /proc/<pid>/stat (the server must run on this host); transactions are counted
# by the sequence over 4 s of a 7 s run with synchronous_commit=off, so no fsync wait sits between them.
here=$(cd "$(dirname "$0")" && pwd)
script=$1; db=$2; seq=$3
PGOPTIONS="-c synchronous_commit=off" PGAPPNAME=cpuprobe pgbench -n --random-seed=rand -M prepared -T 7 -d "$db" \
    -f "$here/$script" $(cat "$here/defs") > /tmp/cpuprobe.out 2>&1 &
bench=$!
sleep 1.5
pid=""
for i in 1 2 3 4 5; do
    pid=$(psql -d "$db" -Atc "select pid from pg_stat_activity where application_name = 'cpuprobe'
        and backend_type = 'client backend' order by backend_start desc limit 1")
    [ -n "$pid" ] && break
    sleep 0.3
done
s0=$(psql -d "$db" -Atc "select last_value from $seq"); t0=$(awk '{print $14 + $15}' /proc/$pid/stat)
sleep 4
s1=$(psql -d "$db" -Atc "select last_value from $seq"); t1=$(awk '{print $14 + $15}' /proc/$pid/stat)
wait $bench
if [ $((s1 - s0)) -gt 0 ]; then
    echo "$script@$db: $((s1 - s0)) tx, $(echo "scale=1; ($t1 - $t0) * 1000000 / $(getconf CLK_TCK) / ($s1 - $s0)" | bc) us backend CPU per tx"
else
    echo "$script@$db: no transactions counted"; tail -3 /tmp/cpuprobe.out
fi
