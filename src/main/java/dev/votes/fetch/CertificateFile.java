package dev.votes.fetch;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** The file of {@code fetch-data --ca-cert}: X.509 certificates in PEM or DER, one or several. */
public final class CertificateFile {

    private CertificateFile() {
    }

    /**
     * The certificates in the file. The IOException's message completes "--ca-cert FILE ...": it does not exist,
     * cannot be read, or holds no certificate.
     */
    public static List<X509Certificate> read(Path file) throws IOException {
        Collection<? extends Certificate> certificates;
        try (InputStream in = Files.newInputStream(file)) {
            certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
        } catch (NoSuchFileException e) {
            throw new IOException("does not exist", e);
        } catch (AccessDeniedException e) {
            throw new IOException("cannot be read (permission denied)", e);
        } catch (CertificateException e) {
            throw new IOException("is not a file of X.509 certificates in PEM or DER", e);
        } catch (IOException e) {
            throw new IOException("cannot be read: " + e.getMessage(), e);
        }
        List<X509Certificate> result = new ArrayList<>();
        for (Certificate certificate : certificates) {
            if (certificate instanceof X509Certificate x509) {
                result.add(x509);
            }
        }
        if (result.isEmpty()) {
            throw new IOException("holds no certificate (give a file of X.509 certificates in PEM or DER)");
        }
        return List.copyOf(result);
    }
}
