package dev.votes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import dev.votes.cli.exit.ExitCodes;
import dev.votes.fetch.DatasetBytes;
import dev.votes.fetch.RawHttpServer;
import dev.votes.fetch.TarWriter;
import dev.votes.fetch.TestCertificates.Issued;
import dev.votes.fetch.TestCertificates;
import io.quarkus.test.junit.QuarkusTest;

/**
 * {@code votes fetch-data} over HTTPS, against a real TLS server on 127.0.0.1 whose certificates are made in the test.
 * A certificate the client refuses fails the fetch at once (one connection, no retry) with one plain line: the host,
 * what is wrong with its certificate, and what to do; no JDK jargon, no stack trace. {@code --ca-cert} trusts an
 * authority of one's own, and the host name and validity are checked all the same.
 */
@QuarkusTest
class FetchDataTlsTest extends InProcessCommandTest {

    private static final byte[] VOTES = DatasetBytes.votes();
    private static final byte[] ARCHIVE = TarWriter.datasetArchive(VOTES);
    private static final long DAY = 86_400;

    @Test
    void aSelfSignedCertificateFailsAtOnceInOnePlainLine() throws Exception {
        Issued selfSigned = TestCertificates.server("127.0.0.1", null);
        try (RawHttpServer server = https(selfSigned, null)) {
            CliRunner.Result result = fetch(server);

            assertRefusedOnce(server, result, "the certificate of 127.0.0.1 is not trusted: it is self-signed, and not "
                    + "among the authorities this system trusts; nothing was written (check the host in --url; if you "
                    + "trust this server, pass its certificate with --ca-cert FILE)");
        }
    }

    @Test
    void aCertificateFromAnAuthorityNotTrustedFailsAtOnce() throws Exception {
        Issued authority = TestCertificates.authority("Votes Test CA");
        Issued other = TestCertificates.authority("Some Other CA");
        try (RawHttpServer server = https(TestCertificates.server("127.0.0.1", authority), authority)) {
            CliRunner.Result result = fetch(server, "--ca-cert", pem(other).toString());

            assertRefusedOnce(server, result, "the certificate of 127.0.0.1 is not trusted: it was issued by Votes Test "
                    + "CA, which is not among the authorities of --ca-cert; nothing was written (check the host in "
                    + "--url, and whether a proxy intercepts HTTPS; if you trust that authority, pass its certificate "
                    + "with --ca-cert FILE)");
        }
    }

    @Test
    void anExpiredCertificateFailsAtOnceNamingTheDay() throws Exception {
        Issued authority = TestCertificates.authority("Votes Test CA");
        Instant now = Instant.now();
        Issued expired = TestCertificates.server("127.0.0.1", authority, now.minusSeconds(30 * DAY),
                now.minusSeconds(2 * DAY));
        String day = expired.certificate().getNotAfter().toInstant().atZone(ZoneOffset.UTC).toLocalDate().toString();
        try (RawHttpServer server = https(expired, authority)) {
            CliRunner.Result result = fetch(server, "--ca-cert", pem(authority).toString());

            assertRefusedOnce(server, result, "the certificate of 127.0.0.1 expired on " + day + "; nothing was "
                    + "written (check the date and time of this machine; if they are right, the server must renew its "
                    + "certificate: try again later, or use another --url)");
        }
    }

    @Test
    void aCertificateNotValidYetFailsAtOnce() throws Exception {
        Issued authority = TestCertificates.authority("Votes Test CA");
        Instant now = Instant.now();
        Issued early = TestCertificates.server("127.0.0.1", authority, now.plusSeconds(10 * DAY),
                now.plusSeconds(40 * DAY));
        String day = early.certificate().getNotBefore().toInstant().atZone(ZoneOffset.UTC).toLocalDate().toString();
        try (RawHttpServer server = https(early, authority)) {
            CliRunner.Result result = fetch(server, "--ca-cert", pem(authority).toString());

            assertRefusedOnce(server, result, "the certificate of 127.0.0.1 is valid only from " + day + "; nothing "
                    + "was written (check the date and time of this machine; if they are right, the certificate is not "
                    + "in force yet: try again later, or use another --url)");
        }
    }

    @Test
    void aCertificateForAnotherHostFailsAtOnce() throws Exception {
        Issued authority = TestCertificates.authority("Votes Test CA");
        try (RawHttpServer server = https(TestCertificates.server("data.example.org", authority), authority)) {
            CliRunner.Result result = fetch(server, "--ca-cert", pem(authority).toString());

            assertRefusedOnce(server, result, "the certificate of 127.0.0.1 is for data.example.org, not for 127.0.0.1;"
                    + " nothing was written (check the host in --url)");
        }
    }

    @Test
    void afterARedirectTheLineNamesTheHostThatPresentedTheCertificate() throws Exception {
        try (RawHttpServer https = https(TestCertificates.server("localhost", null), null);
             RawHttpServer http = new RawHttpServer((request, index, out) -> RawHttpServer.respond(out, 302,
                     Map.of("Location", "https://localhost:" + https.url("/").getPort() + "/votes.tar.gz",
                             "Content-Length", "0"), new byte[0]))) {
            CliRunner.Result result = fetch(http);

            assertEquals(ExitCodes.FETCH_FAILED, result.exitCode(), result::toString);
            assertEquals(1, http.requests().size(), result::toString);
            assertEquals(1, https.connections(), result::toString);
            assertEquals(List.of("votes: fetch-data failed: could not download " + http.url("/votes.tar.gz") + ": the "
                    + "certificate of localhost is not trusted: it is self-signed, and not among the authorities this "
                    + "system trusts; nothing was written (check the host in --url; if you trust this server, pass its "
                    + "certificate with --ca-cert FILE)"), result.err().lines().toList());
        }
    }

    @Test
    void aCertificateFromTheAuthorityOfCaCertIsTrusted() throws Exception {
        Issued authority = TestCertificates.authority("Votes Test CA");
        try (RawHttpServer server = https(TestCertificates.server("127.0.0.1", authority), authority)) {
            CliRunner.Result result = fetch(server, "--ca-cert", pem(authority).toString());

            assertEquals(ExitCodes.OK, result.exitCode(), result::toString);
            assertArrayEquals(VOTES, Files.readAllBytes(dir.resolve("votes.jsonl")));
            assertEquals(1, server.requests().size());
        }
    }

    @Test
    void aSelfSignedCertificateGivenWithCaCertIsTrusted() throws Exception {
        Issued selfSigned = TestCertificates.server("127.0.0.1", null);
        try (RawHttpServer server = https(selfSigned, null)) {
            CliRunner.Result result = fetch(server, "--ca-cert", pem(selfSigned).toString());

            assertEquals(ExitCodes.OK, result.exitCode(), result::toString);
            assertArrayEquals(VOTES, Files.readAllBytes(dir.resolve("votes.jsonl")));
        }
    }

    @Test
    void aCaCertFileWithoutACertificateIsAUsageError() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.pem"), "");
        Path missing = dir.resolve("missing.pem");

        CliRunner.Result none = cli.run("fetch-data", "--url", "https://127.0.0.1:1/x", "--ca-cert", empty.toString(),
                "--out", dir.resolve("votes.jsonl").toString());
        CliRunner.Result absent = cli.run("fetch-data", "--url", "https://127.0.0.1:1/x", "--ca-cert",
                missing.toString(), "--out", dir.resolve("votes.jsonl").toString());

        assertEquals(ExitCodes.USAGE, none.exitCode(), none::toString);
        assertEquals(List.of("votes fetch-data: --ca-cert " + empty + " holds no certificate (give a file of X.509 "
                + "certificates in PEM or DER) (see 'votes fetch-data --help')"), none.err().lines().toList());
        assertEquals(ExitCodes.USAGE, absent.exitCode(), absent::toString);
        assertEquals(List.of("votes fetch-data: --ca-cert " + missing + " does not exist (see 'votes fetch-data "
                + "--help')"), absent.err().lines().toList());
    }

    private RawHttpServer https(Issued certificate, Issued issuer) throws Exception {
        return new RawHttpServer(RawHttpServer.serving(ARCHIVE), TestCertificates.serverContext(certificate, issuer));
    }

    private Path pem(Issued certificate) throws Exception {
        return certificate.writePem(Files.createTempFile(dir, "ca-", ".pem"));
    }

    /** The default retries (four), so a retry would show; a short backoff, so the test is quick either way. */
    private CliRunner.Result fetch(RawHttpServer server, String... options) {
        List<String> args = new ArrayList<>(List.of("fetch-data", "--url", server.url("/votes.tar.gz").toString(),
                "--out", dir.resolve("votes.jsonl").toString(), "--backoff-ms", "5"));
        args.addAll(List.of(options));
        return cli.run(args.toArray(String[]::new));
    }

    /** Exit 6 after one connection; one plain line that says what is expected; no output and no temporary file. */
    private void assertRefusedOnce(RawHttpServer server, CliRunner.Result result, String expected) throws IOException {
        assertEquals(ExitCodes.FETCH_FAILED, result.exitCode(), result::toString);
        assertEquals(1, server.connections(), () -> "one attempt, no retry: " + result);
        assertEquals(List.of(), server.requests(), "no request got past the handshake");
        List<String> lines = result.err().lines().toList();
        assertEquals(1, lines.size(), result::toString);
        String prefix = "votes: fetch-data failed: could not download " + server.url("/votes.tar.gz") + ": ";
        assertEquals(prefix, lines.getFirst().substring(0, Math.min(prefix.length(), lines.getFirst().length())),
                result::toString);
        String line = lines.getFirst().substring(prefix.length());
        assertEquals(expected, line.substring(0, Math.min(expected.length(), line.length())), result::toString);
        for (String jargon : List.of("PKIX", "sun.security", "Exception", "certification path", "CertPath",
                "SSL", "handshake", "\tat ")) {
            assertFalse(result.err().contains(jargon), () -> "'" + jargon + "' in " + result);
        }
        assertEquals("", result.out());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(), files.filter(p -> !p.getFileName().toString().endsWith(".pem")).toList(),
                    "no output and no temporary file");
        }
    }
}
