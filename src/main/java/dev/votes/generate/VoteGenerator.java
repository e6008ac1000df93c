package dev.votes.generate;

import java.io.IOException;
import java.io.Writer;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;

/**
 * Writes deterministic synthetic vote events as JSON lines, shaped like the Stack Exchange export (every value a
 * string, {@code UserId} and {@code BountyAmount} optional). The same settings always give the same bytes.
 *
 * <p>Dates fall on whole days spread over {@code years} from {@code start}. Each week gets its own weight, drawn once:
 * most weeks are near the mean, a few are spikes or lulls, so the data has outlier weeks. A share of lines repeat an
 * earlier Id (duplicates), and a share are bad in one of {@link #BAD_KINDS} ways, rotating.
 */
public final class VoteGenerator {

    /** The kinds of bad line, in the order they rotate. */
    static final int BAD_KINDS = 6;

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'00:00:00.000");

    private final Settings settings;

    public VoteGenerator(Settings settings) {
        this.settings = settings;
    }

    /**
     * What to generate.
     *
     * @param rows       lines to write
     * @param firstId    the Id of the first new vote; new votes count up from it
     * @param seed       the random seed
     * @param duplicates share of lines that repeat an earlier Id of this output (0..1)
     * @param bad        share of lines that are bad (0..1)
     * @param optional   share of good lines that carry UserId (and, one in ten of those, BountyAmount) (0..1)
     * @param start      the first day
     * @param years      how many years the dates span
     */
    public record Settings(long rows, long firstId, long seed, double duplicates, double bad, double optional,
                           LocalDate start, int years) {
    }

    /** What was written. */
    public record Written(long lines, long duplicateLines, long badLines) {
    }

    public Written write(Writer out) throws IOException {
        SplittableRandom random = new SplittableRandom(settings.seed());
        int weeks = Math.max(1, (int) (settings.years() * 52L + settings.years() / 4));
        double[] cumulative = weekWeights(random.split(), weeks);
        long epochDay = settings.start().toEpochDay();
        StringBuilder line = new StringBuilder(160);
        long nextId = settings.firstId();
        long duplicateLines = 0;
        long badLines = 0;
        for (long i = 0; i < settings.rows(); i++) {
            line.setLength(0);
            double kind = random.nextDouble();
            int week = pickWeek(cumulative, random.nextDouble());
            String day = LocalDate.ofEpochDay(epochDay + week * 7L + random.nextInt(7)).format(DAY);
            long postId = 1 + random.nextLong(Math.max(1, settings.rows() / 8));
            int voteType = voteType(random.nextInt(100));
            if (kind < settings.bad()) {
                appendBad(line, badLines, nextId++, postId, day);
                badLines++;
            } else {
                long id;
                if (kind < settings.bad() + settings.duplicates() && nextId > settings.firstId()) {
                    id = settings.firstId() + random.nextLong(nextId - settings.firstId());
                    duplicateLines++;
                } else {
                    id = nextId++;
                }
                line.append("{\"Id\":\"").append(id).append("\",\"PostId\":\"").append(postId)
                        .append("\",\"VoteTypeId\":\"").append(voteType).append('"');
                if (random.nextDouble() < settings.optional()) {
                    line.append(",\"UserId\":\"").append(1 + random.nextInt(5_000_000)).append('"');
                    if (voteType == 8 || random.nextInt(10) == 0) {
                        line.append(",\"BountyAmount\":\"").append(50 * (1 + random.nextInt(10))).append('"');
                    }
                }
                line.append(",\"CreationDate\":\"").append(day).append("\"}");
            }
            line.append('\n');
            out.append(line);
        }
        out.flush();
        return new Written(settings.rows(), duplicateLines, badLines);
    }

    /** Cumulative weights: most weeks 0.9–1.1, one in 25 a spike (1.5–2x), one in 25 a lull (0.3–0.6x). */
    private static double[] weekWeights(SplittableRandom random, int weeks) {
        double[] cumulative = new double[weeks];
        double total = 0;
        for (int week = 0; week < weeks; week++) {
            int shape = random.nextInt(25);
            double weight = shape == 0 ? 1.5 + random.nextDouble() * 0.5
                    : shape == 1 ? 0.3 + random.nextDouble() * 0.3
                    : 0.9 + random.nextDouble() * 0.2;
            total += weight;
            cumulative[week] = total;
        }
        for (int week = 0; week < weeks; week++) {
            cumulative[week] /= total;
        }
        return cumulative;
    }

    private static int pickWeek(double[] cumulative, double point) {
        int low = 0;
        int high = cumulative.length - 1;
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (cumulative[middle] < point) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return low;
    }

    /** Roughly the real mix: mostly up-votes (2), some accepts (1) and down-votes (3), a few others. */
    private static int voteType(int percentile) {
        return percentile < 70 ? 2 : percentile < 80 ? 1 : percentile < 90 ? 3 : percentile < 95 ? 5 : 8;
    }

    private static void appendBad(StringBuilder line, long ordinal, long id, long postId, String day) {
        switch ((int) (ordinal % BAD_KINDS)) {
            case 0 -> line.append("{\"Id\":\"").append(id).append("\",\"PostId\":\"").append(postId); // cut short
            case 1 -> line.append("{\"PostId\":\"").append(postId).append("\",\"VoteTypeId\":\"2\",\"CreationDate\":\"")
                    .append(day).append("\"}"); // no Id
            case 2 -> line.append("{\"Id\":\"").append(id).append("\",\"PostId\":\"p").append(postId)
                    .append("\",\"VoteTypeId\":\"2\",\"CreationDate\":\"").append(day).append("\"}"); // PostId not a number
            case 3 -> line.append("{\"Id\":\"").append(id).append("\",\"PostId\":\"").append(postId)
                    .append("\",\"VoteTypeId\":\"2\",\"CreationDate\":\"2019-13-45T00:00:00.000\"}"); // impossible date
            case 4 -> line.append("{\"Id\":\"").append(id).append(".5\",\"PostId\":\"").append(postId)
                    .append("\",\"VoteTypeId\":\"2\",\"CreationDate\":\"").append(day).append("\"}"); // fractional Id
            default -> line.append("[\"").append(id).append("\",\"").append(postId).append("\"]"); // not an object
        }
    }

}
