package dev.votes.fetch;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * Real X.509 certificates made in the test, with the JDK alone: EC P-256 keys, the certificate written in DER and
 * signed with SHA256withECDSA, then parsed back by the JDK's CertificateFactory. An authority signs server
 * certificates; a server certificate names its host as a subject alternative name and has a validity period, so a test
 * can make one that is self-signed, expired, or for another host.
 */
public final class TestCertificates {

    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());
    private static final DateTimeFormatter UTC_TIME = DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    /** A certificate and its private key. */
    public record Issued(X509Certificate certificate, PrivateKey key) {

        /** The certificate in PEM, as a file a user would pass with {@code --ca-cert}. */
        public Path writePem(Path file) throws IOException, GeneralSecurityException {
            String pem = "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(certificate.getEncoded())
                    + "\n-----END CERTIFICATE-----\n";
            return Files.writeString(file, pem);
        }
    }

    private TestCertificates() {
    }

    /** A certificate authority, valid from yesterday for a year. */
    public static Issued authority(String name) throws GeneralSecurityException {
        KeyPair keys = keys();
        Instant now = Instant.now();
        byte[] basicConstraints = extension("2.5.29.19", true, seq(bool(true)));
        return new Issued(sign(name(name), keys.getPrivate(), name, keys, now.minusSeconds(86_400),
                now.plusSeconds(365L * 86_400), List.of(basicConstraints)), keys.getPrivate());
    }

    /**
     * A server certificate for {@code host} (an IP address or a DNS name), valid from {@code notBefore} to
     * {@code notAfter}, signed by {@code issuer}, or self-signed when it is {@code null}.
     */
    public static Issued server(String host, Issued issuer, Instant notBefore, Instant notAfter)
            throws GeneralSecurityException {
        KeyPair keys = keys();
        byte[] name;
        if (host.matches("[0-9.]+")) {
            try {
                name = der(0x87, InetAddress.getByName(host).getAddress()); // iPAddress [7]
            } catch (IOException e) {
                throw new IllegalArgumentException(host, e);
            }
        } else {
            name = der(0x82, host.getBytes(StandardCharsets.US_ASCII)); // dNSName [2]
        }
        List<byte[]> extensions = List.of(extension("2.5.29.17", false, seq(name)));
        X509Certificate certificate = issuer == null
                ? sign(name(host), keys.getPrivate(), host, keys, notBefore, notAfter, extensions)
                : sign(issuer.certificate().getSubjectX500Principal().getEncoded(), issuer.key(), host, keys, notBefore,
                notAfter, extensions);
        return new Issued(certificate, keys.getPrivate());
    }

    /** A server certificate valid from yesterday for a month. */
    public static Issued server(String host, Issued issuer) throws GeneralSecurityException {
        Instant now = Instant.now();
        return server(host, issuer, now.minusSeconds(86_400), now.plusSeconds(30L * 86_400));
    }

    /** The server side of TLS with this certificate (and the issuer's, when there is one, as the chain). */
    public static SSLContext serverContext(Issued server, Issued issuer) throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        char[] password = "test".toCharArray();
        X509Certificate[] chain = issuer == null ? new X509Certificate[] {server.certificate()}
                : new X509Certificate[] {server.certificate(), issuer.certificate()};
        store.setKeyEntry("server", server.key(), password, chain);
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(store, password);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers.getKeyManagers(), null, null);
        return context;
    }

    private static KeyPair keys() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    /** Writes the to-be-signed certificate, signs it, and parses the result with the JDK. */
    private static X509Certificate sign(byte[] issuerName, PrivateKey issuerKey, String subjectName, KeyPair subject,
                                        Instant notBefore, Instant notAfter, List<byte[]> extensions)
            throws GeneralSecurityException {
        byte[] algorithm = seq(oid("1.2.840.10045.4.3.2")); // ecdsa-with-SHA256
        byte[] tbs = seq(
                der(0xa0, integer(BigInteger.TWO)), // version 3
                integer(BigInteger.valueOf(SERIAL.incrementAndGet())),
                algorithm,
                issuerName,
                seq(time(notBefore), time(notAfter)),
                name(subjectName),
                subject.getPublic().getEncoded(),
                der(0xa3, seq(extensions.toArray(byte[][]::new))));
        Signature signature = Signature.getInstance("SHA256withECDSA");
        signature.initSign(issuerKey);
        signature.update(tbs);
        byte[] signed = seq(tbs, algorithm, bitString(signature.sign()));
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(signed));
    }

    private static byte[] name(String commonName) {
        return seq(der(0x31, seq(oid("2.5.4.3"), der(0x0c, commonName.getBytes(StandardCharsets.UTF_8)))));
    }

    private static byte[] extension(String oid, boolean critical, byte[] value) {
        return critical ? seq(oid(oid), bool(true), der(0x04, value)) : seq(oid(oid), der(0x04, value));
    }

    private static byte[] time(Instant instant) {
        return der(0x17, UTC_TIME.format(instant).getBytes(StandardCharsets.US_ASCII)); // UTCTime: 1950 to 2049
    }

    private static byte[] integer(BigInteger value) {
        return der(0x02, value.toByteArray());
    }

    private static byte[] bool(boolean value) {
        return der(0x01, new byte[] {(byte) (value ? 0xff : 0)});
    }

    private static byte[] bitString(byte[] bits) {
        byte[] content = new byte[bits.length + 1];
        System.arraycopy(bits, 0, content, 1, bits.length);
        return der(0x03, content);
    }

    private static byte[] oid(String dotted) {
        String[] arcs = dotted.split("\\.");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(Integer.parseInt(arcs[0]) * 40 + Integer.parseInt(arcs[1]));
        for (int i = 2; i < arcs.length; i++) {
            long arc = Long.parseLong(arcs[i]);
            List<Integer> groups = new ArrayList<>();
            do {
                groups.addFirst((int) (arc & 0x7f));
                arc >>>= 7;
            } while (arc > 0);
            for (int g = 0; g < groups.size(); g++) {
                out.write(groups.get(g) | (g < groups.size() - 1 ? 0x80 : 0));
            }
        }
        return der(0x06, out.toByteArray());
    }

    private static byte[] seq(byte[]... parts) {
        return der(0x30, parts);
    }

    /** A DER element: the tag, the length (short or long form) and the concatenated contents. */
    private static byte[] der(int tag, byte[]... parts) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            content.writeBytes(part);
        }
        int length = content.size();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        if (length < 0x80) {
            out.write(length);
        } else {
            byte[] digits = BigInteger.valueOf(length).toByteArray();
            int skip = digits[0] == 0 ? 1 : 0;
            out.write(0x80 | (digits.length - skip));
            out.write(digits, skip, digits.length - skip);
        }
        out.writeBytes(content.toByteArray());
        return out.toByteArray();
    }
}
