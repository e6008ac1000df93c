package dev.votes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.votes.cli.exit.ExitCodes;
import dev.votes.fetch.DatasetBytes;
import dev.votes.fetch.RawHttpServer;
import dev.votes.fetch.TarWriter;
import dev.votes.fetch.TestCertificates.Issued;
import dev.votes.fetch.TestCertificates;

/**
 * {@code fetch-data} over HTTPS in the packaged executable (the native binary with -Dnative), where TLS and the
 * certificate check are built in ahead of time: {@code --ca-cert} trusts an authority made in the test, and a
 * self-signed certificate fails at once with one plain line.
 */
class FetchDataTlsIT {

    @TempDir
    Path dir;

    @Test
    void aServerCertifiedByTheAuthorityOfCaCertIsTrusted() throws Exception {
        byte[] votes = DatasetBytes.votes();
        Issued authority = TestCertificates.authority("Votes Test CA");
        Issued certificate = TestCertificates.server("127.0.0.1", authority);
        Path pem = authority.writePem(dir.resolve("ca.pem"));
        try (RawHttpServer server = new RawHttpServer(RawHttpServer.serving(TarWriter.datasetArchive(votes)),
                TestCertificates.serverContext(certificate, authority))) {
            PackagedCli.Result result = PackagedCli.run(dir, "fetch-data", "--url", server.url("/votes.tar.gz").toString(),
                    "--ca-cert", pem.toString(), "--out", "votes.jsonl");

            assertEquals(ExitCodes.OK, result.exitCode(), result::toString);
            assertArrayEquals(votes, Files.readAllBytes(dir.resolve("votes.jsonl")));
        }
    }

    @Test
    void aSelfSignedCertificateFailsAtOnceInOnePlainLine() throws Exception {
        Issued selfSigned = TestCertificates.server("127.0.0.1", null);
        try (RawHttpServer server = new RawHttpServer(RawHttpServer.serving(new byte[0]),
                TestCertificates.serverContext(selfSigned, null))) {
            PackagedCli.Result result = PackagedCli.run(dir, "fetch-data", "--url", server.url("/votes.tar.gz").toString(),
                    "--out", "votes.jsonl", "--backoff-ms", "5");

            assertEquals(ExitCodes.FETCH_FAILED, result.exitCode(), result::toString);
            assertEquals(1, server.connections(), result::toString);
            assertEquals(1, result.err().lines().count(), result::toString);
            assertTrue(result.err().contains(": the certificate of 127.0.0.1 is not trusted: it is self-signed"),
                    result::toString);
            assertFalse(result.err().contains("PKIX") || result.err().contains("Exception"), result::toString);
            assertFalse(Files.exists(dir.resolve("votes.jsonl")));
        }
    }
}
