package dev.votes.spark;

import java.nio.file.Path;
import java.util.List;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code votes export} read by Spark in session time zones other than UTC, with Spark's inference of timestamps without
 * a zone on and off (off is how Spark 3.3 reads them): every vote keeps its UTC wall time, so it stays in its Year
 * partition and the weeks computed from CreationDate give the export's own 162 outlier weeks.
 */
class ExportReadInSparkTest {

    @TempDir
    static Path temp;

    static Path byYear;
    static Path byYearWeek;

    @BeforeAll
    static void export() throws Exception {
        System.setProperty("spark.master", "local[2]");
        Path db = temp.resolve("warehouse.db");
        assertEquals(0, SparkDuckDbConformanceTest.runCli(List.of("ingest", "--db", db.toString(),
                SparkDuckDbConformanceTest.REAL_DATASET.toString())));
        byYear = temp.resolve("export-year");
        byYearWeek = temp.resolve("export-year-week");
        assertEquals(0, SparkDuckDbConformanceTest.runCli(List.of("export", "--db", db.toString(), "--to",
                byYear.toString())));
        assertEquals(0, SparkDuckDbConformanceTest.runCli(List.of("export", "--db", db.toString(), "--to",
                byYearWeek.toString(), "--partition-by", "year,week")));
    }

    @Test
    void theExportKeepsEveryVotesUtcWallTimeInAnySessionTimeZone() {
        SparkSession spark = SparkSession.builder().appName("export-read").config("spark.ui.enabled", "false")
                .getOrCreate();
        try {
            for (String zone : List.of("America/Los_Angeles", "Pacific/Kiritimati", "UTC")) {
                for (String inferNtz : List.of("false", "true")) {
                    spark.conf().set("spark.sql.session.timeZone", zone);
                    spark.conf().set("spark.sql.parquet.inferTimestampNTZ.enabled", inferNtz);
                    for (Path export : List.of(byYear, byYearWeek)) {
                        String where = export.getFileName() + " in " + zone + " with inferTimestampNTZ=" + inferNtz;
                        spark.read().parquet(export.resolve("votes").toString()).createOrReplaceTempView("votes");
                        Row row = spark.sql("""
                                SELECT count(*), count_if(year(CreationDate) <> Year),
                                       CAST(min(CreationDate) AS STRING), CAST(max(CreationDate) AS STRING),
                                       typeof(min(CreationDate))
                                FROM votes""").first();
                        assertEquals(40_299L, row.getLong(0), where);
                        assertEquals(0L, row.getLong(1), "votes outside their Year partition, " + where);
                        assertEquals("2017-02-28 00:00:00", row.getString(2), where);
                        assertEquals("2021-09-04 00:00:00", row.getString(3), where);
                        assertEquals("timestamp_ntz", row.getString(4), where);
                        List<Row> weeks = spark.sql("""
                                WITH weekly AS (
                                    SELECT year(CreationDate) AS Year,
                                           (dayofyear(CreationDate) + 6 - weekday(CreationDate)) DIV 7 AS WeekNumber,
                                           count(*) AS VoteCount
                                    FROM votes GROUP BY 1, 2),
                                totals AS (SELECT sum(VoteCount) AS total, count(*) AS weeks FROM weekly)
                                SELECT Year, WeekNumber, VoteCount FROM weekly CROSS JOIN totals
                                WHERE 5 * abs(total - VoteCount * weeks) > total ORDER BY Year, WeekNumber""")
                                .collectAsList();
                        assertEquals(162, weeks.size(), "outlier weeks, " + where);
                        List<Row> exported = spark.read().parquet(export.resolve("outlier_weeks.parquet").toString())
                                .orderBy("Year", "WeekNumber").collectAsList();
                        assertEquals(exported.toString(), weeks.toString(), where);
                    }
                }
            }
        } finally {
            spark.stop();
        }
    }
}
