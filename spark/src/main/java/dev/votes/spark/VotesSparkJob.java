package dev.votes.spark;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

/**
 * The votes pipeline on Spark with Apache Iceberg tables in a Hadoop catalog at {@code --warehouse DIR}:
 * <ul>
 * <li>{@code ingest --warehouse DIR [--earliest-date DATE] INPUT...}: the files, folders and globs {@code votes ingest}
 * takes (JSON lines, CSV, TSV, Parquet; gzip), checked by the DuckDB path's rules ({@link VoteRules}), a CreationDate
 * from the earliest date ({@code --earliest-date}, else env {@code VOTES_EARLIEST_DATE}, else 2008-07-31) to the
 * run's start ({@link PlausibleDates}); valid rows de-duplicated within the run
 * (first occurrence in file, then line order wins) and added by {@code MERGE INTO ... WHEN NOT MATCHED THEN INSERT};
 * rejected rows quarantined in {@code blog_analysis.rejected_votes} with file, position and reason; the run recorded in
 * {@code blog_analysis.ingestion_runs}. Exit 0, or 3 when rows were rejected.</li>
 * <li>{@code outliers --warehouse DIR [--format csv]}: the weeks (Year, strftime %W) whose count deviates from the mean
 * weekly count by more than 20 %, exactly: {@code 5 * |total - count * weeks| > total}, earliest first.</li>
 * </ul>
 * Everything the job needs is set here, so {@code spark/run-local} and {@code spark-submit} give it the same arguments.
 */
public final class VotesSparkJob {

    static final String CATALOG = "votes";
    static final String VERSION = "1.0.0-SNAPSHOT";
    static final String USAGE = "usage: ingest --warehouse DIR [--earliest-date yyyy-MM-dd] INPUT... "
            + "| outliers --warehouse DIR [--format csv]";

    static final StructType STAGED = new StructType()
            .add("file_index", DataTypes.IntegerType, false)
            .add("position", DataTypes.LongType, false)
            .add("Id", DataTypes.LongType)
            .add("PostId", DataTypes.LongType)
            .add("VoteTypeId", DataTypes.IntegerType)
            .add("UserId", DataTypes.LongType)
            .add("BountyAmount", DataTypes.IntegerType)
            .add("CreationDate", DataTypes.StringType)
            .add("reason", DataTypes.StringType)
            .add("raw", DataTypes.StringType)
            .add("unknown", DataTypes.createArrayType(DataTypes.StringType));

    private VotesSparkJob() {
    }

    public static void main(String[] args) {
        int code;
        try {
            code = run(args);
        } catch (JobException e) {
            System.err.println("votes-spark: " + e.getMessage());
            code = e.exitCode;
        } catch (Exception e) { // Spark's exceptions are checked ones Java does not see declared
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            String message = String.valueOf(root.getMessage()).lines().findFirst().orElse("");
            System.err.println("votes-spark: failed: " + root.getClass().getSimpleName() + ": " + message
                    + " (rerun with -Dvotes.errors=true for the stack trace)");
            if (Boolean.getBoolean("votes.errors")) {
                e.printStackTrace();
            }
            code = 1;
        }
        System.exit(code);
    }

    /** Runs a command in a new session (stopped at the end) and returns the exit code. */
    public static int run(String... args) {
        Options options = Options.parse(args);
        SparkSession spark = session(options.warehouse);
        try {
            return switch (options.command) {
                case "ingest" -> ingest(spark, options.inputs, options.earliest);
                case "outliers" -> outliers(spark, options.format);
                default -> throw new JobException(2, "unknown command " + options.command + "; " + USAGE);
            };
        } finally {
            spark.stop();
        }
    }

    /** The parsed command line; earliest is the earliest plausible vote date (ingest). */
    record Options(String command, String warehouse, String format, List<String> inputs, LocalDate earliest) {
        static Options parse(String[] args) {
            return parse(args, System.getenv(PlausibleDates.ENV));
        }

        /** As {@link #parse(String[])}, with the value of env VOTES_EARLIEST_DATE (null when unset). */
        static Options parse(String[] args, String earliestFromEnvironment) {
            if (args.length == 0) {
                throw new JobException(2, "no command given; " + USAGE);
            }
            String command = args[0];
            if (!command.equals("ingest") && !command.equals("outliers")) {
                throw new JobException(2, "unknown command " + command + "; " + USAGE);
            }
            String warehouse = null;
            String format = "csv";
            String earliestDate = null;
            List<String> inputs = new ArrayList<>();
            for (int i = 1; i < args.length; i++) {
                String arg = args[i];
                if (arg.equals("--warehouse") || arg.equals("--format") || arg.equals("--earliest-date")) {
                    if (i + 1 >= args.length) {
                        throw new JobException(2, "option " + arg + " needs a value; " + USAGE);
                    }
                    if (arg.equals("--warehouse")) {
                        warehouse = args[++i];
                    } else if (arg.equals("--format")) {
                        format = args[++i];
                    } else {
                        earliestDate = args[++i];
                    }
                } else if (arg.startsWith("--warehouse=")) {
                    warehouse = arg.substring("--warehouse=".length());
                } else if (arg.startsWith("--format=")) {
                    format = arg.substring("--format=".length());
                } else if (arg.startsWith("--earliest-date=")) {
                    earliestDate = arg.substring("--earliest-date=".length());
                } else if (arg.startsWith("--")) {
                    throw new JobException(2, "unknown option " + arg + "; " + USAGE);
                } else {
                    inputs.add(arg);
                }
            }
            if (warehouse == null || warehouse.isBlank()) {
                throw new JobException(2, "option --warehouse DIR is required (the Iceberg warehouse directory); "
                        + USAGE);
            }
            if (!format.equals("csv")) {
                throw new JobException(2, "option --format " + format + " is not supported; use --format csv");
            }
            if (command.equals("ingest") && inputs.isEmpty()) {
                throw new JobException(2, "ingest needs at least one INPUT (file, directory or glob); " + USAGE);
            }
            if (command.equals("outliers") && !inputs.isEmpty()) {
                throw new JobException(2, "outliers takes no inputs, got " + inputs.get(0) + "; " + USAGE);
            }
            if (command.equals("outliers") && earliestDate != null) {
                throw new JobException(2, "option --earliest-date is for ingest, not outliers; " + USAGE);
            }
            LocalDate earliest = PlausibleDates.DEFAULT_EARLIEST;
            if (earliestDate != null) {
                try {
                    earliest = PlausibleDates.parse(earliestDate);
                } catch (IllegalArgumentException e) {
                    throw new JobException(2, "option --earliest-date: " + e.getMessage());
                }
            } else if (earliestFromEnvironment != null && !earliestFromEnvironment.isBlank()) {
                try {
                    earliest = PlausibleDates.parse(earliestFromEnvironment);
                } catch (IllegalArgumentException e) {
                    throw new JobException(2, "env " + PlausibleDates.ENV + ": " + e.getMessage()
                            + ", or give --earliest-date");
                }
            }
            if (!warehouse.matches("^[A-Za-z][A-Za-z0-9+.-]*:.*")) {
                warehouse = java.nio.file.Path.of(warehouse).toAbsolutePath().normalize().toString();
            }
            return new Options(command, warehouse, format, inputs, earliest);
        }
    }

    static SparkSession session(String warehouse) {
        return SparkSession.builder()
                .appName("votes-spark")
                .config("spark.sql.extensions", "org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions")
                .config("spark.sql.catalog." + CATALOG, "org.apache.iceberg.spark.SparkCatalog")
                .config("spark.sql.catalog." + CATALOG + ".type", "hadoop")
                .config("spark.sql.catalog." + CATALOG + ".warehouse", warehouse)
                .config("spark.sql.defaultCatalog", CATALOG)
                .config("spark.sql.session.timeZone", "UTC")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions",
                        System.getProperty("spark.sql.shuffle.partitions", "8"))
                .getOrCreate();
    }

    static void createTables(SparkSession spark) {
        spark.sql("CREATE NAMESPACE IF NOT EXISTS blog_analysis");
        boolean votesExisted = spark.catalog().tableExists("blog_analysis.votes");
        spark.sql("""
                CREATE TABLE IF NOT EXISTS blog_analysis.votes (
                    Id BIGINT, PostId BIGINT, VoteTypeId INT, UserId BIGINT, BountyAmount INT,
                    CreationDate TIMESTAMP_NTZ, IngestionRunId BIGINT, Year INT, WeekNumber INT)
                USING iceberg
                PARTITIONED BY (Year, WeekNumber)
                TBLPROPERTIES ('format-version' = '2', 'write.distribution-mode' = 'hash')
                COMMENT 'One row per vote event, keyed by Id; Year and WeekNumber are strftime %Y and %W of CreationDate'
                """);
        if (!votesExisted) {
            spark.sql("ALTER TABLE blog_analysis.votes WRITE LOCALLY ORDERED BY Id");
        }
        spark.sql("""
                CREATE TABLE IF NOT EXISTS blog_analysis.rejected_votes (
                    run_id BIGINT, source_file STRING, line_number BIGINT, raw STRING, reason STRING)
                USING iceberg TBLPROPERTIES ('format-version' = '2')
                """);
        spark.sql("""
                CREATE TABLE IF NOT EXISTS blog_analysis.ingestion_runs (
                    run_id BIGINT, started_at TIMESTAMP_NTZ, finished_at TIMESTAMP_NTZ, status STRING,
                    files ARRAY<STRING>, rows_read BIGINT, rows_inserted BIGINT, duplicates_skipped BIGINT,
                    rows_rejected BIGINT, error STRING, tool_version STRING, unknown_fields STRING)
                USING iceberg TBLPROPERTIES ('format-version' = '2')
                """);
    }

    /**
     * Loads the inputs; a CreationDate must lie from the earliest date (00:00 UTC) to the run's start ({@code
     * startedAt}, UTC), as on the DuckDB path.
     */
    static int ingest(SparkSession spark, List<String> arguments, LocalDate earliest) {
        LocalDateTime startedAt = LocalDateTime.now(ZoneOffset.UTC);
        PlausibleDates dates = new PlausibleDates(earliest, startedAt);
        long started = System.nanoTime();
        List<InputFiles.Input> inputs = InputFiles.expand(arguments, spark.sparkContext().hadoopConfiguration());
        createTables(spark);
        long runId = spark.sql("SELECT coalesce(max(run_id), 0) + 1 FROM blog_analysis.ingestion_runs")
                .first().getLong(0);
        List<String> paths = inputs.stream().map(InputFiles.Input::path).toList();
        try {
            Dataset<Row> staged = stage(spark, inputs, dates).persist(StorageLevel.MEMORY_AND_DISK());
            Row counts = staged.selectExpr("count(*)", "count(reason)").first();
            long read = counts.getLong(0);
            long rejected = counts.getLong(1);
            // Schema drift: the fields that are not vote fields, with the number of records that had each, most
            // frequent first, as the CLI's ingestion_runs.unknown_fields (a JSON object) and summary line.
            List<Row> drift = staged.selectExpr("explode(unknown) AS field").groupBy("field").count()
                    .orderBy(col("count").desc(), col("field")).collectAsList();
            com.fasterxml.jackson.databind.node.ObjectNode unknownFields =
                    new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();
            StringBuilder ignored = new StringBuilder();
            for (Row field : drift) {
                unknownFields.put(field.getString(0), field.getLong(1));
                ignored.append(ignored.length() == 0 ? ", ignored unknown fields " : ", ").append(field.getString(0))
                        .append(" (").append(field.getLong(1)).append(field.getLong(1) == 1 ? " record)" : " records)");
            }

            List<Row> fileRows = new ArrayList<>();
            for (int i = 0; i < paths.size(); i++) {
                fileRows.add(RowFactory.create(i, paths.get(i)));
            }
            Dataset<Row> files = spark.createDataFrame(fileRows, new StructType()
                    .add("file_index", DataTypes.IntegerType).add("source_file", DataTypes.StringType));
            if (rejected > 0) {
                staged.where("reason IS NOT NULL").join(files, "file_index")
                        .orderBy("file_index", "position")
                        .select(lit(runId).as("run_id"), col("source_file"), col("position").as("line_number"),
                                col("raw"), col("reason"))
                        .transform(d -> append(d, "blog_analysis.rejected_votes"));
            }

            staged.where("reason IS NULL").createOrReplaceTempView("staged_votes");
            spark.sql(String.format(Locale.ROOT, """
                    SELECT Id, PostId, VoteTypeId, UserId, BountyAmount, CreationDate, %d AS IngestionRunId,
                           year(CreationDate) AS Year,
                           CAST((dayofyear(CreationDate) + 6 - weekday(CreationDate)) DIV 7 AS INT) AS WeekNumber
                    FROM (SELECT Id, PostId, VoteTypeId, UserId, BountyAmount,
                                 CAST(CreationDate AS TIMESTAMP_NTZ) AS CreationDate,
                                 row_number() OVER (PARTITION BY Id ORDER BY file_index, position) AS occurrence
                          FROM staged_votes)
                    WHERE occurrence = 1
                    """, runId)).createOrReplaceTempView("new_votes");
            Row range = spark.sql("SELECT min(Id), max(Id) FROM new_votes").first();
            if (!range.isNullAt(0)) {
                // The Id range is a static condition on the target: Iceberg skips every data file whose Id statistics
                // lie outside it, so the MERGE reads only files that can hold one of the batch's Ids.
                spark.sql(String.format(Locale.ROOT, """
                        MERGE INTO blog_analysis.votes AS t
                        USING new_votes AS s
                        ON t.Id = s.Id AND t.Id BETWEEN %d AND %d
                        WHEN NOT MATCHED THEN INSERT *
                        """, range.getLong(0), range.getLong(1)));
            }
            long inserted = spark.sql("SELECT count(*) FROM blog_analysis.votes WHERE IngestionRunId = " + runId)
                    .first().getLong(0);
            staged.unpersist();
            long duplicates = read - inserted - rejected;
            String status = rejected > 0 ? "succeeded_with_rejects" : "succeeded";
            ledger(spark, runId, startedAt, status, paths, read, inserted, duplicates, rejected, null,
                    unknownFields.toString());
            double seconds = (System.nanoTime() - started) / 1e9;
            System.err.printf(Locale.ROOT, "ingest run %d %s: %d file%s, read %d, inserted %d, duplicates %d, "
                            + "rejected %d%s in %.2f s%n", runId, status, paths.size(), paths.size() == 1 ? "" : "s",
                    read, inserted, duplicates, rejected, ignored, seconds);
            return rejected > 0 ? 3 : 0;
        } catch (RuntimeException e) {
            try {
                ledger(spark, runId, startedAt, "failed", paths, null, null, null, null,
                        String.valueOf(e.getMessage()).lines().findFirst().orElse(""), null);
            } catch (RuntimeException ignored) {
                e.addSuppressed(ignored);
            }
            throw e;
        }
    }

    private static void ledger(SparkSession spark, long runId, LocalDateTime startedAt, String status,
                               List<String> files, Long read, Long inserted, Long duplicates, Long rejected,
                               String error, String unknownFields) {
        StructType schema = spark.table("blog_analysis.ingestion_runs").schema();
        Row row = RowFactory.create(runId, startedAt, LocalDateTime.now(ZoneOffset.UTC), status,
                scala.jdk.javaapi.CollectionConverters.asScala(files).toSeq(), read, inserted, duplicates, rejected,
                error, VERSION, unknownFields);
        append(spark.createDataFrame(List.of(row), schema), "blog_analysis.ingestion_runs");
    }

    private static Dataset<Row> append(Dataset<Row> rows, String table) {
        try {
            rows.writeTo(table).append();
        } catch (org.apache.spark.sql.catalyst.analysis.NoSuchTableException e) {
            throw new JobException(1, "table " + table + " vanished from the warehouse during the run: " + e.getMessage());
        }
        return rows;
    }

    /**
     * Every input's staged rows: position, the typed vote or the reason it is rejected (dates: the run's plausible
     * CreationDates, sent with each task).
     */
    static Dataset<Row> stage(SparkSession spark, List<InputFiles.Input> inputs, PlausibleDates dates) {
        JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
        List<TextRecords.FileSpec> text = new ArrayList<>();
        Dataset<Row> staged = null;
        for (int i = 0; i < inputs.size(); i++) {
            InputFiles.Input input = inputs.get(i);
            if (input.format().equals("parquet")) {
                Dataset<Row> part = stageParquet(spark, i, input.path(), dates);
                staged = staged == null ? part : staged.unionAll(part);
            } else {
                text.add(new TextRecords.FileSpec(i, input.path(), input.format()));
            }
        }
        if (!text.isEmpty()) {
            text = split(context, text);
            JavaRDD<Row> rows = context.parallelize(text, text.size()).flatMap(spec -> TextRecords.of(spec, dates));
            Dataset<Row> part = spark.createDataFrame(rows, STAGED);
            staged = staged == null ? part : staged.unionAll(part);
        }
        return staged;
    }

    /**
     * Plain (not gzip) text files larger than {@code votes.split.bytes} (a system property, default 128 MiB) become byte
     * ranges read in parallel: a first Spark job counts the lines that start in each range, so that every range then
     * numbers its lines from the count of the ranges before it, as one reader of the whole file would.
     */
    static List<TextRecords.FileSpec> split(JavaSparkContext context, List<TextRecords.FileSpec> files) {
        long splitBytes = Long.getLong("votes.split.bytes", 128L << 20);
        List<TextRecords.FileSpec> whole = new ArrayList<>();
        List<TextRecords.FileSpec> ranges = new ArrayList<>();
        for (TextRecords.FileSpec file : files) {
            org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(file.path());
            long size;
            boolean gzip;
            try {
                org.apache.hadoop.fs.FileSystem fs = path.getFileSystem(context.hadoopConfiguration());
                size = fs.getFileStatus(path).getLen();
                try (var in = fs.open(path)) {
                    gzip = in.read() == 0x1f && in.read() == 0x8b;
                }
            } catch (java.io.IOException e) {
                throw new JobException(1, "cannot read input " + file.path() + ": " + e.getMessage()
                        + "; nothing was written");
            }
            if (gzip || size <= splitBytes) {
                whole.add(file);
                continue;
            }
            List<String> header = null;
            if (!file.format().equals("jsonl")) {
                try {
                    header = TextRecords.header(file.path(), file.format());
                } catch (java.io.IOException e) {
                    throw new JobException(1, "cannot read input " + file.path() + ": " + e.getMessage()
                            + "; nothing was written");
                }
            }
            for (long start = 0; start < size; start += splitBytes) {
                ranges.add(new TextRecords.FileSpec(file.index(), file.path(), file.format(), start,
                        Math.min(start + splitBytes, size), 0, start == 0 ? null : header));
            }
        }
        if (ranges.isEmpty()) {
            return files;
        }
        List<Long> counts = context.parallelize(ranges, ranges.size()).map(TextRecords::countLines).collect();
        List<TextRecords.FileSpec> specs = new ArrayList<>(whole);
        long before = 0;
        for (int i = 0; i < ranges.size(); i++) {
            TextRecords.FileSpec range = ranges.get(i);
            if (i > 0 && ranges.get(i - 1).index() != range.index()) {
                before = 0;
            }
            specs.add(new TextRecords.FileSpec(range.index(), range.path(), range.format(), range.start(), range.end(),
                    before, range.header()));
            before += counts.get(i);
        }
        return specs;
    }

    /**
     * A Parquet file's rows, numbered from 1 in file order (Spark's row index), every vote column cast to text and
     * checked like a JSON line's fields; a missing column is an absent field. A file Spark cannot open is one reject at
     * position 0.
     */
    static Dataset<Row> stageParquet(SparkSession spark, int index, String path, PlausibleDates dates) {
        // The footer is read here first, so that a file Spark cannot open is a reject and not a failed Spark job.
        org.apache.hadoop.conf.Configuration conf = spark.sparkContext().hadoopConfiguration();
        try (org.apache.parquet.hadoop.ParquetFileReader reader = org.apache.parquet.hadoop.ParquetFileReader.open(
                org.apache.parquet.hadoop.util.HadoopInputFile.fromPath(new org.apache.hadoop.fs.Path(path), conf))) {
            reader.getFooter();
        } catch (java.io.IOException | RuntimeException e) {
            String why = "unreadable Parquet file: " + String.valueOf(e.getMessage()).lines().findFirst().orElse("");
            return spark.createDataFrame(List.of(RowFactory.create(index, 0L, null, null, null, null, null, null, why,
                    null, null)), STAGED);
        }
        Dataset<Row> file = spark.read().parquet(path);
        List<String> columns = List.of(file.columns());
        ArrayList<String> unknown = new ArrayList<>(TextRecords.unknown(columns));
        List<Column> select = new ArrayList<>();
        select.add(col("_metadata.row_index").plus(1).as("position"));
        for (String field : VoteRules.FIELD_NAMES) {
            select.add(columns.contains(field) ? col("`" + field + "`").cast("string").as(field)
                    : lit(null).cast("string").as(field));
        }
        JavaRDD<Row> rows = file.select(select.toArray(Column[]::new)).javaRDD().map(row -> {
            String[] fields = new String[VoteRules.FIELD_NAMES.size()];
            StringBuilder raw = new StringBuilder("{");
            for (int f = 0; f < fields.length; f++) {
                fields[f] = row.isNullAt(f + 1) ? null : row.getString(f + 1);
                raw.append(f == 0 ? "" : ",").append('"').append(VoteRules.FIELD_NAMES.get(f)).append("\":")
                        .append(fields[f] == null ? "null" : '"' + fields[f].replace("\"", "\\\"") + '"');
            }
            VoteRules.Classified c = VoteRules.classify(fields, dates);
            return RowFactory.create(index, row.getLong(0), c.id(), c.postId(), c.voteTypeId(), c.userId(),
                    c.bountyAmount(), c.creationDate(), c.reason(), c.reason() == null ? null : raw.append('}')
                            .toString(), unknown.isEmpty() ? null
                            : scala.jdk.javaapi.CollectionConverters.asScala(unknown).toSeq());
        });
        return spark.createDataFrame(rows, STAGED);
    }

    /** The outlier weeks, printed as CSV on stdout. */
    static int outliers(SparkSession spark, String format) {
        if (!spark.catalog().tableExists("blog_analysis.votes")) {
            throw new JobException(1, "no table blog_analysis.votes in the warehouse; run ingest --warehouse DIR "
                    + "INPUT... first");
        }
        List<Row> rows = outlierWeeks(spark).collectAsList();
        StringBuilder out = new StringBuilder("Year,WeekNumber,VoteCount\n");
        for (Row row : rows) {
            out.append(row.getInt(0)).append(',').append(row.getInt(1)).append(',').append(row.getLong(2))
                    .append('\n');
        }
        System.out.print(out);
        System.out.flush();
        return 0;
    }

    /** outlier_weeks/weekly_counts.sql's test over the Iceberg table, whose Year and WeekNumber are %Y and %W. */
    static Dataset<Row> outlierWeeks(SparkSession spark) {
        return spark.sql("""
                WITH weekly_counts AS (
                    SELECT Year, WeekNumber, count(*) AS VoteCount
                    FROM blog_analysis.votes
                    GROUP BY Year, WeekNumber
                ),
                totals AS (
                    SELECT CAST(sum(VoteCount) AS DECIMAL(38, 0)) AS total_votes,
                           CAST(count(*) AS DECIMAL(38, 0)) AS week_count
                    FROM weekly_counts
                )
                SELECT Year, WeekNumber, VoteCount
                FROM weekly_counts CROSS JOIN totals
                WHERE 5 * abs(total_votes - VoteCount * week_count) > total_votes
                ORDER BY Year, WeekNumber
                """);
    }

}
