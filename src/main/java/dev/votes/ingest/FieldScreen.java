package dev.votes.ingest;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A cheap screen of a JSON-lines text for fields that are not vote fields, run over the bytes as they are hashed (see
 * {@link ContentHash}), so that a file with none is spared the second read that counts them ({@code
 * staging/count_unknown_fields_of_json_lines.sql}). It answers only "certainly none": true when every non-blank line
 * is a flat JSON object (no nested object or array) whose keys, written without escapes, are all among {@code Id,
 * PostId, VoteTypeId, UserId, BountyAmount, CreationDate}. Anything else (another key, an escape in a key, a nested
 * value, a line that is not such an object: a line DuckDB rejects, or reads in a way this screen does not follow) makes
 * it false, and the exact count runs as before. The bytes may come in any pieces.
 */
final class FieldScreen {

    /** A line longer than this is not followed across pieces: the screen then answers false. */
    private static final int LONGEST_LINE = 1 << 16;
    private static final int UNCLEAN = -1;
    private static final int INCOMPLETE = -2;
    private static final int NOT_COMPACT = -3;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long POST_ID = word("PostId");
    private static final long USER_ID = word("UserId");
    private static final long VOTE_TYPE = word("VoteType");
    private static final long CREATION = word("Creation");
    private static final int DATE = (int) word("Date");
    private static final long BOUNTY = word("BountyAm");
    private static final int AMOUNT = (int) word("ount");
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long QUOTES = ONES * '"';
    private static final long BACKSLASHES = ONES * '\\';
    private static final long LINE_FEEDS = ONES * '\n';

    private boolean clean = true;
    /** The start of a line the previous pieces ended in, to be completed by the next ones. */
    private byte[] carry = new byte[256];
    private int carried;

    /** Screens the next {@code length} bytes of the text. */
    void accept(byte[] buffer, int offset, int length) {
        if (!clean) {
            return;
        }
        int end = offset + length;
        int at = offset;
        if (carried > 0) {
            // Complete the carried line with this piece's bytes up to its first line feed.
            int feed = at;
            while (feed < end && buffer[feed] != '\n') {
                feed++;
            }
            int take = feed < end ? feed - at + 1 : feed - at;
            if (carried + take > LONGEST_LINE) {
                clean = false;
                return;
            }
            if (carried + take > carry.length) {
                carry = Arrays.copyOf(carry, Math.max(carried + take, carry.length * 2));
            }
            System.arraycopy(buffer, at, carry, carried, take);
            carried += take;
            if (feed == end) {
                return;
            }
            if (line(carry, 0, carried) != carried) {
                clean = false;
                return;
            }
            carried = 0;
            at = feed + 1;
        }
        while (at < end) {
            int next = line(buffer, at, end);
            if (next == UNCLEAN) {
                clean = false;
                return;
            }
            if (next == INCOMPLETE) {
                carried = end - at;
                if (carried > carry.length) {
                    carry = new byte[Math.max(carried, carry.length * 2)];
                }
                System.arraycopy(buffer, at, carry, 0, carried);
                return;
            }
            at = next;
        }
    }

    /**
     * True when the whole text was screened and certainly has no field that is not a vote field (the last line may
     * lack its line feed).
     */
    boolean onlyVoteFields() {
        return clean && (carried == 0 || endsCleanly());
    }

    /** The carried last line, which has no line feed: clean when it is one as a line would be. */
    private boolean endsCleanly() {
        byte[] closed = Arrays.copyOf(carry, carried + 1);
        closed[carried] = '\n';
        return line(closed, 0, carried + 1) == carried + 1;
    }

    /**
     * Screens the line that starts at {@code at}: the index after its line feed when it is blank or a flat object of
     * vote fields only, {@link #UNCLEAN} when it is anything else, {@link #INCOMPLETE} when the bytes end before its
     * line feed (without a verdict against it yet).
     */
    private static int line(byte[] b, int at, int end) {
        int compact = compactLine(b, at, end);
        return compact != NOT_COMPACT ? compact : anyLine(b, at, end);
    }

    /**
     * The common line, written with no white space and string values only ({@code {"Id":"1","PostId":"2"}}): the index
     * after its line feed when it is one whose names are all vote fields, else {@link #NOT_COMPACT} (the line is then
     * screened by {@link #anyLine}, which decides).
     */
    private static int compactLine(byte[] b, int at, int end) {
        if (at + 1 >= end || b[at] != '{' || b[at + 1] != '"') {
            return NOT_COMPACT;
        }
        int i = at + 2;
        while (true) {
            int quote = special(b, i, end);
            if (quote + 2 >= end || b[quote] != '"' || b[quote + 1] != ':' || b[quote + 2] != '"'
                    || !voteField(b, i, quote - i)) {
                return NOT_COMPACT;
            }
            int close = special(b, quote + 3, end);
            if (close + 2 >= end || b[close] != '"') {
                return NOT_COMPACT;
            }
            byte next = b[close + 1];
            if (next == ',' && b[close + 2] == '"') {
                i = close + 3;
            } else if (next == '}' && b[close + 2] == '\n') {
                return close + 3;
            } else {
                return NOT_COMPACT;
            }
        }
    }

    /** {@link #line} for any line: white space, numbers and literals, escapes. */
    private static int anyLine(byte[] b, int at, int end) {
        int i = blanks(b, at, end);
        if (i == end) {
            return INCOMPLETE;
        }
        if (b[i] == '\n') {
            return i + 1;
        }
        if (b[i] != '{') {
            return UNCLEAN;
        }
        i = blanks(b, i + 1, end);
        if (i < end && b[i] == '}') {
            return close(b, i + 1, end);
        }
        while (true) {
            if (i == end) {
                return INCOMPLETE;
            }
            if (b[i] != '"') {
                return UNCLEAN;
            }
            int name = i + 1;
            i = special(b, name, end);
            if (i == end) {
                return INCOMPLETE;
            }
            if (b[i] != '"') {
                return UNCLEAN;
            }
            if (!voteField(b, name, i - name)) {
                return UNCLEAN;
            }
            i = blanks(b, i + 1, end);
            if (i == end) {
                return INCOMPLETE;
            }
            if (b[i] != ':') {
                return UNCLEAN;
            }
            i = blanks(b, i + 1, end);
            if (i == end) {
                return INCOMPLETE;
            }
            if (b[i] == '"') {
                i++;
                while (true) {
                    i = special(b, i, end);
                    if (i >= end) {
                        return INCOMPLETE;
                    }
                    byte c = b[i];
                    if (c == '"') {
                        break;
                    }
                    if (c == '\n' || ++i < end && b[i] == '\n') {
                        // A line feed in the value, or escaped: DuckDB splits the line there.
                        return UNCLEAN;
                    }
                    i++;
                }
                i++;
            } else if (scalar(b[i])) {
                while (i < end && scalar(b[i])) {
                    i++;
                }
            } else {
                return UNCLEAN;
            }
            i = blanks(b, i, end);
            if (i == end) {
                return INCOMPLETE;
            }
            if (b[i] == '}') {
                return close(b, i + 1, end);
            }
            if (b[i] != ',') {
                return UNCLEAN;
            }
            i = blanks(b, i + 1, end);
        }
    }

    /** After an object's closing brace: only blanks may follow before the line feed. */
    private static int close(byte[] b, int at, int end) {
        int i = blanks(b, at, end);
        if (i == end) {
            return INCOMPLETE;
        }
        return b[i] == '\n' ? i + 1 : UNCLEAN;
    }

    /**
     * The index of the first quote, backslash or line feed at or after {@code at}, else {@code end}: eight bytes at a
     * time (the bytes equal to one of them found by the usual bit trick; the lowest such byte is exact).
     */
    private static int special(byte[] b, int at, int end) {
        int i = at;
        while (i + Long.BYTES <= end) {
            long word = (long) LONGS.get(b, i);
            long found = equal(word, QUOTES) | equal(word, BACKSLASHES) | equal(word, LINE_FEEDS);
            if (found != 0) {
                return i + (Long.numberOfTrailingZeros(found) >>> 3);
            }
            i += Long.BYTES;
        }
        while (i < end && b[i] != '"' && b[i] != '\\' && b[i] != '\n') {
            i++;
        }
        return i;
    }

    /**
     * The high bit of each byte of {@code word} that equals the byte repeated in {@code pattern} (exact up to the lowest
     * such byte).
     */
    private static long equal(long word, long pattern) {
        long x = word ^ pattern;
        return (x - ONES) & ~x & HIGHS;
    }

    private static int blanks(byte[] b, int at, int end) {
        int i = at;
        while (i < end && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r')) {
            i++;
        }
        return i;
    }

    /** Whether the name's bytes are exactly one of the vote fields (compared eight bytes at a time). */
    private static boolean voteField(byte[] b, int at, int length) {
        return switch (length) {
            case 2 -> b[at] == 'I' && b[at + 1] == 'd';
            case 6 -> {
                long word = ((int) INTS.get(b, at) & 0xFFFFFFFFL) | ((long) (b[at + 4] & 0xFF) << 32)
                        | ((long) (b[at + 5] & 0xFF) << 40);
                yield word == POST_ID || word == USER_ID;
            }
            case 10 -> (long) LONGS.get(b, at) == VOTE_TYPE && b[at + 8] == 'I' && b[at + 9] == 'd';
            case 12 -> {
                long head = (long) LONGS.get(b, at);
                int tail = (int) INTS.get(b, at + 8);
                yield head == CREATION && tail == DATE || head == BOUNTY && tail == AMOUNT;
            }
            default -> false;
        };
    }

    private static long word(String text) {
        long word = 0;
        for (int k = text.length() - 1; k >= 0; k--) {
            word = word << 8 | text.charAt(k);
        }
        return word;
    }

    /** A byte of a number, true, false or null. */
    private static boolean scalar(byte b) {
        return (b >= '0' && b <= '9') || (b >= 'a' && b <= 'z') || b == '-' || b == '+' || b == '.' || b == 'E';
    }
}
