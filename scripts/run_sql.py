#!/usr/bin/env python3
"""Run a query from `jz sql` on a real engine over a CSV file loaded as a table of text columns, and write the
result as CSV (NULL as an empty cell). Used by the differential tests (crates/cli/tests/sql.rs) and the benches.

    run_sql.py duckdb   QUERY.sql DATA.csv TABLE OUT.csv
    run_sql.py postgres QUERY.sql DATA.csv TABLE OUT.csv     # PGHOST/PGUSER/PGDATABASE from the environment
    run_sql.py spark    QUERY.sql DATA.csv TABLE OUT.csv     # pyspark, local[2]
    run_sql.py spark-batch JOBS.tsv                          # one Spark session, one job per line:
                                                             #   QUERY.sql<TAB>DATA.csv<TAB>TABLE<TAB>OUT.csv

Prints `rows N seconds S` (the query's own time, the load excluded) on stdout.
"""
import csv
import os
import subprocess
import sys
import time


def header(path):
    with open(path, newline="", encoding="utf-8-sig") as f:
        return next(csv.reader(f))


def duckdb_run(sql, data, table, out):
    import duckdb

    con = duckdb.connect()
    cols = header(data)
    types = ", ".join(f"'{c}': 'VARCHAR'" for c in cols)
    con.execute(
        f"CREATE TABLE \"{table}\" AS SELECT * FROM read_csv('{data}', header=true, delim=',', quote='\"', "
        f"columns={{{types}}}, auto_detect=false)"
    )
    start = time.time()
    con.execute(f"COPY ({sql}) TO '{out}' (HEADER, DELIMITER ',')")
    secs = time.time() - start
    n = con.execute(f"SELECT count(*) FROM \"{table}\"").fetchone()[0]
    return n, secs


def psql(*args, script=None):
    """psql with ARGS; SCRIPT (a long query, past the kernel's limit for one argument) goes in through stdin."""
    extra = ["-f", "-"] if script is not None else []
    r = subprocess.run(["psql", "-v", "ON_ERROR_STOP=1", "-q", *args, *extra], input=script, capture_output=True,
                       text=True)
    if r.returncode != 0:
        sys.exit(f"psql failed: {r.stderr}")
    return r.stdout


def postgres_run(sql, data, table, out):
    cols = header(data)
    coldefs = ", ".join(f'"{c}" TEXT' for c in cols)
    psql("-c", f'DROP TABLE IF EXISTS "{table}"; CREATE TABLE "{table}" ({coldefs})')
    psql("-c", f"\\copy \"{table}\" FROM '{data}' WITH (FORMAT csv, HEADER true)")
    start = time.time()
    one_line = " ".join(sql.split("\n"))
    psql(script=f"\\copy ({one_line}) TO '{out}' WITH (FORMAT csv, HEADER true)\n")
    secs = time.time() - start
    n = int(psql("-At", "-c", f'SELECT count(*) FROM "{table}"').strip())
    return n, secs


def spark_session():
    from pyspark.sql import SparkSession

    spark = (
        SparkSession.builder.master("local[2]").appName("jz-sql")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.ansi.enabled", "false")
        # the generated projections are wide: whole-stage code generation exceeds the JVM's method size and
        # falls back anyway, after trying
        .config("spark.sql.codegen.wholeStage", "false")
        .config("spark.driver.memory", "2g")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def spark_job(spark, sql, data, table, out):
    df = spark.read.option("header", "true").option("inferSchema", "false").csv(data)
    df.createOrReplaceTempView(table)
    start = time.time()
    result = spark.sql(sql)
    rows = result.collect()
    secs = time.time() - start
    with open(out, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(result.columns)
        for r in rows:
            w.writerow(["" if x is None else x for x in r])
    return df.count(), secs


def spark_run(sql, data, table, out):
    spark = spark_session()
    try:
        return spark_job(spark, sql, data, table, out)
    finally:
        spark.stop()


def read_query(path):
    sql = open(path, encoding="utf-8").read().strip().rstrip(";")
    # the leading comment line is fine for every engine, but COPY (…) wants a bare query
    return "\n".join(l for l in sql.splitlines() if not l.startswith("--"))


def main():
    if sys.argv[1] == "spark-batch":
        spark = spark_session()
        try:
            for line in open(sys.argv[2], encoding="utf-8"):
                query, data, table, out = line.rstrip("\n").split("\t")
                n, secs = spark_job(spark, read_query(query), os.path.abspath(data), table, os.path.abspath(out))
                print(f"{out}: rows {n} seconds {secs:.3f}")
        finally:
            spark.stop()
        return
    engine, query, data, table, out = sys.argv[1:6]
    sql = read_query(query)
    run = {"duckdb": duckdb_run, "postgres": postgres_run, "spark": spark_run}[engine]
    n, secs = run(sql, os.path.abspath(data), table, os.path.abspath(out))
    print(f"rows {n} seconds {secs:.3f}")


if __name__ == "__main__":
    main()
