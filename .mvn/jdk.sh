# Sourced by ./mvnw (POSIX sh): the build needs a JDK 21 or newer (it is built and tested with 25), and a newcomer must
# not have to export anything. JAVA_HOME is used when it is set; else the javac on the PATH when it is 21+;
# else the newest JDK 21+ under /usr/lib/jvm (Debian, Ubuntu) or /Library/Java/JavaVirtualMachines (macOS), with one
# line on stderr saying which; else one line saying what to install, and exit 1.

votes_jdk_feature() { # the feature version of the JDK at $1 (25 for 25.0.1), from its release file, else from java
    if [ -f "$1/release" ]; then
        sed -n 's/^JAVA_VERSION="\{0,1\}\([0-9]*\).*/\1/p' "$1/release" | head -n 1
    else
        "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/.*java.specification.version = \([0-9]*\).*/\1/p'
    fi
}

votes_jdk_usable() { # $1 is a JDK 21+ home with javac
    [ -n "$1" ] && [ -x "$1/bin/javac" ] && [ "$(votes_jdk_feature "$1")" -ge 21 ] 2>/dev/null
}

# An explicit JAVA_HOME is always honoured (the Spark build, spark/, runs this wrapper on JDK 17 on purpose).
if [ -z "${JAVA_HOME-}" ] && ! votes_jdk_usable "${JAVA_HOME-}"; then
    votes_path_javac=$(command -v javac 2>/dev/null || true)
    votes_path_jdk=
    if [ -n "$votes_path_javac" ]; then
        votes_path_jdk=$(dirname "$(dirname "$(readlink -f "$votes_path_javac" 2>/dev/null || echo "$votes_path_javac")")")
    fi
    if [ -z "${JAVA_HOME-}" ] && votes_jdk_usable "$votes_path_jdk"; then
        JAVA_HOME=$votes_path_jdk
    else
        votes_best= votes_best_feature=0
        set +f
        for votes_candidate in /usr/lib/jvm/* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
            votes_jdk_usable "$votes_candidate" || continue
            votes_feature=$(votes_jdk_feature "$votes_candidate")
            if [ "$votes_feature" -gt "$votes_best_feature" ]; then
                votes_best=$votes_candidate votes_best_feature=$votes_feature
            fi
        done
        set -f
        if [ -z "$votes_best" ]; then
            echo "mvnw: this build needs a JDK 21 or newer (25 recommended); found none in JAVA_HOME, on the PATH or under /usr/lib/jvm: install one (e.g. temurin-25-jdk) or set JAVA_HOME" >&2
            exit 1
        fi
        echo "mvnw: using the JDK $votes_best_feature at $votes_best (the java on the PATH is older than 21)" >&2
        JAVA_HOME=$votes_best
    fi
    export JAVA_HOME
fi
