package dev.votes.inspect;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.votes.common.Table;
import dev.votes.warehouse.StorageVersion;

/**
 * The outcomes of all checks, in the order they ran; the report's status is its worst check's.
 *
 * @param checks  the checks' outcomes
 * @param storage the warehouse's storage version as DuckDB reports it, or null when not known
 */
public record CheckReport(List<CheckResult> checks, StorageVersion.Found storage) {

    public CheckReport(List<CheckResult> checks) {
        this(checks, null);
    }

    public Grade status() {
        Grade worst = Grade.PASS;
        for (CheckResult check : checks) {
            if (check.status().compareTo(worst) > 0) {
                worst = check.status();
            }
        }
        return worst;
    }

    public long count(Grade grade) {
        return checks.stream().filter(check -> check.status() == grade).count();
    }

    /** One row per check: {@code check, status, detail}. */
    public Table table() {
        List<List<Object>> rows = new ArrayList<>();
        for (CheckResult check : checks) {
            rows.add(List.of(check.check(), check.status().name(), check.detail()));
        }
        return new Table(List.of("check", "status", "detail"), rows);
    }

    /**
     * {@code {"status": ..., "storage_version": "v1.0.0", "oldest_duckdb": "1.0.0", "checks": [{"check", "status",
     * "detail"}, ...]}} as plain maps and lists, for JSON.
     */
    public Map<String, Object> fields() {
        List<Map<String, Object>> list = new ArrayList<>();
        for (CheckResult check : checks) {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("check", check.check());
            fields.put("status", check.status().name());
            fields.put("detail", check.detail());
            list.add(fields);
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("status", status().name());
        fields.put("storage_version", storage == null ? null : storage.version());
        fields.put("oldest_duckdb", storage == null ? null : storage.oldestReader());
        fields.put("checks", list);
        return fields;
    }

    /** The one line printed on stderr: the verdict and the counts per grade. */
    public String line() {
        return String.format(Locale.ROOT, "check %s: %d checks, %d failed, %d warned, %d passed", status(),
                checks.size(), count(Grade.FAIL), count(Grade.WARN), count(Grade.PASS));
    }
}
