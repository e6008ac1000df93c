package dev.votes.inspect;

/**
 * One data-quality check's outcome.
 *
 * @param check  the check's name, such as {@code unique-ids}
 * @param status its grade
 * @param detail what was found, naming the first offending row or run when there is one
 */
public record CheckResult(String check, Grade status, String detail) {

    static CheckResult pass(String check, String detail) {
        return new CheckResult(check, Grade.PASS, detail);
    }

    static CheckResult warn(String check, String detail) {
        return new CheckResult(check, Grade.WARN, detail);
    }

    static CheckResult fail(String check, String detail) {
        return new CheckResult(check, Grade.FAIL, detail);
    }
}
