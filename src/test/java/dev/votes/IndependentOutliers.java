package dev.votes;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDateTime;
import java.time.temporal.WeekFields;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The outlier weeks computed in plain Java straight from a JSON-lines file, without DuckDB: weeks by
 * {@code WeekFields.of(MONDAY, 7)} (week 1 starts on the year's first Monday, the days before are week 0, as strftime %W),
 * the mean over the weeks that have votes, and |1 - count / mean| > 0.2 in 34-digit decimals.
 */
public final class IndependentOutliers {

    private static final WeekFields MONDAY_WEEKS = WeekFields.of(DayOfWeek.MONDAY, 7);

    private IndependentOutliers() {
    }

    /** Rows of (Year, WeekNumber, VoteCount), earliest first; a repeated Id counts once (its first occurrence). */
    public static List<List<Long>> compute(Path votesFile) throws IOException {
        Map<List<Long>, Long> counts = new TreeMap<>((a, b) -> a.get(0).equals(b.get(0))
                ? Long.compare(a.get(1), b.get(1)) : Long.compare(a.get(0), b.get(0)));
        Set<String> ids = new HashSet<>();
        for (JsonNode vote : votes(votesFile)) {
            if (ids.add(vote.get("Id").asText())) {
                LocalDateTime created = LocalDateTime.parse(vote.get("CreationDate").asText());
                List<Long> week = List.of((long) created.getYear(), (long) created.get(MONDAY_WEEKS.weekOfYear()));
                counts.merge(week, 1L, Long::sum);
            }
        }
        long total = counts.values().stream().mapToLong(Long::longValue).sum();
        BigDecimal mean = BigDecimal.valueOf(total).divide(BigDecimal.valueOf(counts.size()), MathContext.DECIMAL128);
        BigDecimal limit = new BigDecimal("0.2");
        List<List<Long>> outliers = new ArrayList<>();
        counts.forEach((week, count) -> {
            BigDecimal deviation = BigDecimal.ONE
                    .subtract(BigDecimal.valueOf(count).divide(mean, MathContext.DECIMAL128)).abs();
            if (deviation.compareTo(limit) > 0) {
                outliers.add(List.of(week.get(0), week.get(1), count));
            }
        });
        return outliers;
    }

    /** The number of distinct Ids in a JSON-lines file. */
    public static long distinctIds(Path votesFile) throws IOException {
        return votes(votesFile).stream().map(vote -> vote.get("Id").asText()).distinct().count();
    }

    /** Every non-blank line of a JSON-lines file (gzip when named .gz), parsed. */
    private static List<JsonNode> votes(Path votesFile) throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        List<JsonNode> votes = new ArrayList<>();
        try (InputStream raw = Files.newInputStream(votesFile);
             InputStream in = votesFile.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw;
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.isBlank()) {
                    votes.add(mapper.readTree(line));
                }
            }
        }
        return votes;
    }
}
