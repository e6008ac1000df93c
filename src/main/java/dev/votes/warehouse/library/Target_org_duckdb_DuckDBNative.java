package dev.votes.warehouse.library;

import com.oracle.svm.core.annotate.Substitute;
import com.oracle.svm.core.annotate.TargetClass;

/**
 * In the native binary, the DuckDB driver's loader (which would unpack its library from a resource into the temp
 * directory in every process) is replaced by {@link DuckDbLibrary#load()}, which loads it from the cache. A standard
 * GraalVM substitution: any GraalVM or Mandrel 25 applies it; the JVM ignores this class.
 */
@TargetClass(className = "org.duckdb.DuckDBNative")
final class Target_org_duckdb_DuckDBNative {

    @Substitute
    private static void loadNativeLibrary() {
        DuckDbLibrary.load();
    }
}
