package dev.votes.fetch;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Locale;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The check of the server's certificate: the JDK's own (the system's trusted authorities, or only those of
 * {@code --ca-cert}, with the host name checked too), which it does not loosen in any way. When it refuses a
 * certificate, it records why in plain words, with the host that presented it (after a redirect, the host redirected
 * to), so the fetch fails at once with one line instead of retrying and quoting the JDK's message.
 */
final class ServerTrust extends X509ExtendedTrustManager {

    /** Why a server's certificate was refused: the host, what is wrong, and what to do. */
    record Refusal(String host, String problem, String advice) {
    }

    private final X509ExtendedTrustManager delegate;
    private final boolean custom;
    private volatile Refusal refusal;

    private ServerTrust(X509ExtendedTrustManager delegate, boolean custom) {
        this.delegate = delegate;
        this.custom = custom;
    }

    /** The system's trusted authorities when {@code authorities} is empty, otherwise only these. */
    static ServerTrust of(List<X509Certificate> authorities) {
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            if (authorities.isEmpty()) {
                factory.init((KeyStore) null);
            } else {
                KeyStore store = KeyStore.getInstance("PKCS12");
                store.load(null, null);
                for (int i = 0; i < authorities.size(); i++) {
                    store.setCertificateEntry("ca-" + i, authorities.get(i));
                }
                factory.init(store);
            }
            for (TrustManager manager : factory.getTrustManagers()) {
                if (manager instanceof X509ExtendedTrustManager x509) {
                    return new ServerTrust(x509, !authorities.isEmpty());
                }
            }
            throw new IllegalStateException("no X.509 trust manager in " + factory.getAlgorithm());
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot set up the certificate check: " + e, e);
        }
    }

    /** A TLS context whose only trust manager is this one. */
    SSLContext sslContext() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {this}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up TLS: " + e, e);
        }
    }

    /** The refusal recorded since the last call, if any; cleared. */
    Refusal takeRefusal() {
        Refusal taken = refusal;
        refusal = null;
        return taken;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        try {
            delegate.checkServerTrusted(chain, authType, engine);
        } catch (CertificateException e) {
            refusal = explain(engine == null ? null : engine.getPeerHost(), chain, authType, e);
            throw e;
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        try {
            delegate.checkServerTrusted(chain, authType, socket);
        } catch (CertificateException e) {
            String host = socket instanceof SSLSocket ssl && ssl.getHandshakeSession() != null
                    ? ssl.getHandshakeSession().getPeerHost() : null;
            refusal = explain(host, chain, authType, e);
            throw e;
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        delegate.checkServerTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        delegate.checkClientTrusted(chain, authType, engine);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        delegate.checkClientTrusted(chain, authType, socket);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        delegate.checkClientTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return delegate.getAcceptedIssuers();
    }

    /** Puts the JDK's refusal into plain words. */
    private Refusal explain(String peerHost, X509Certificate[] chain, String authType, CertificateException e) {
        String host = peerHost == null ? "the server" : peerHost;
        String subject = "the certificate of " + host;
        X509Certificate leaf = chain == null || chain.length == 0 ? null : chain[0];
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            boolean expired = cause instanceof CertificateExpiredException || cause instanceof CertPathValidatorException
                    path && path.getReason() == CertPathValidatorException.BasicReason.EXPIRED;
            boolean early = cause instanceof CertificateNotYetValidException || cause instanceof CertPathValidatorException
                    path && path.getReason() == CertPathValidatorException.BasicReason.NOT_YET_VALID;
            if (expired || early) {
                return new Refusal(host, validity(subject, chain, expired), "check the date and time of this machine;"
                        + (expired ? " if they are right, the server must renew its certificate"
                        : " if they are right, the certificate is not in force yet") + ": try again later, or use another "
                        + "--url");
            }
        }
        for (Throwable cause = e; chain != null && chain.length > 0 && cause != null; cause = cause.getCause()) {
            if (cause instanceof CertPathBuilderException) {
                boolean selfSigned = chain.length == 1
                        && leaf.getSubjectX500Principal().equals(leaf.getIssuerX500Principal());
                String authorities = custom ? "the authorities of --ca-cert" : "the authorities this system trusts";
                return selfSigned
                        ? new Refusal(host, subject + " is not trusted: it is self-signed, and not among " + authorities,
                        "check the host in --url; if you trust this server, pass its certificate with --ca-cert FILE")
                        : new Refusal(host, subject + " is not trusted: it was issued by "
                        + commonName(chain[chain.length - 1].getIssuerX500Principal().getName())
                        + ", which is not among " + authorities,
                        "check the host in --url, and whether a proxy intercepts HTTPS; if you trust that authority, "
                                + "pass its certificate with --ca-cert FILE");
            }
        }
        if (peerHost != null && leaf != null && passesWithoutTheHostCheck(chain, authType)) {
            List<String> names = names(leaf);
            if (!matches(peerHost, names)) {
                return new Refusal(host, subject + " is for " + (names.isEmpty() ? "no host name"
                        : String.join(", ", names.subList(0, Math.min(names.size(), 5)))
                        + (names.size() > 5 ? " and " + (names.size() - 5) + " more" : ""))
                        + ", not for " + peerHost, "check the host in --url");
            }
        }
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof CertPathValidatorException path
                    && path.getReason() == CertPathValidatorException.BasicReason.REVOKED) {
                return new Refusal(host, subject + " has been revoked", "check --url, or try again later");
            }
            if (cause instanceof CertPathValidatorException path
                    && path.getReason() == CertPathValidatorException.BasicReason.ALGORITHM_CONSTRAINED) {
                return new Refusal(host, subject + " is signed with an algorithm too weak to trust",
                        "check --url; the server must change its certificate");
            }
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause().getMessage() != null) {
            root = root.getCause();
        }
        return new Refusal(host, subject + " was refused: " + (root.getMessage() == null ? "no reason given"
                : root.getMessage().strip()), "check --url, or try again later");
    }

    /** "expired on 2024-05-01" or "is valid only from 2031-01-01", for the first certificate of the chain that is. */
    private static String validity(String subject, X509Certificate[] chain, boolean expired) {
        Date now = new Date();
        for (int i = 0; chain != null && i < chain.length; i++) {
            X509Certificate certificate = chain[i];
            String whose = i == 0 ? subject : subject + " was issued by "
                    + commonName(certificate.getSubjectX500Principal().getName()) + ", whose certificate";
            if (expired && certificate.getNotAfter().before(now)) {
                return whose + " expired on " + day(certificate.getNotAfter());
            }
            if (!expired && certificate.getNotBefore().after(now)) {
                return whose + " is valid only from " + day(certificate.getNotBefore());
            }
        }
        return subject + (expired ? " has expired" : " is not valid yet");
    }

    private boolean passesWithoutTheHostCheck(X509Certificate[] chain, String authType) {
        try {
            delegate.checkServerTrusted(chain, authType);
            return true;
        } catch (CertificateException | RuntimeException e) {
            return false;
        }
    }

    /** The DNS names and IP addresses the certificate is for (its subject alternative names, else its CN). */
    static List<String> names(X509Certificate certificate) {
        List<String> names = new ArrayList<>();
        try {
            Collection<List<?>> alternatives = certificate.getSubjectAlternativeNames();
            if (alternatives != null) {
                for (List<?> alternative : alternatives) {
                    int type = (Integer) alternative.get(0);
                    if (type == 2 || type == 7) {
                        names.add(String.valueOf(alternative.get(1)));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            // no readable alternative names: the CN below
        }
        if (names.isEmpty()) {
            String cn = commonName(certificate.getSubjectX500Principal().getName());
            if (!cn.isEmpty()) {
                names.add(cn);
            }
        }
        return names;
    }

    /** Whether one of the names is the host: equal, the same IP address, or a wildcard over its first label. */
    static boolean matches(String host, List<String> names) {
        String wanted = host.toLowerCase(Locale.ROOT);
        for (String name : names) {
            String candidate = name.toLowerCase(Locale.ROOT);
            if (candidate.equals(wanted)) {
                return true;
            }
            if (candidate.startsWith("*.") && wanted.indexOf('.') > 0
                    && wanted.substring(wanted.indexOf('.')).equals(candidate.substring(1))) {
                return true;
            }
            if (isIpLiteral(candidate) && isIpLiteral(wanted)) {
                try {
                    if (InetAddress.getByName(candidate).equals(InetAddress.getByName(wanted))) {
                        return true;
                    }
                } catch (UnknownHostException e) {
                    // not an address after all
                }
            }
        }
        return false;
    }

    private static boolean isIpLiteral(String text) {
        return text.matches("[0-9.]+") || (text.contains(":") && text.matches("[0-9a-f:.\\[\\]]+"));
    }

    /** The CN of a distinguished name (as X500Principal writes it, RFC 2253), or the whole name when it has none. */
    static String commonName(String distinguishedName) {
        StringBuilder part = new StringBuilder();
        for (int i = 0; i <= distinguishedName.length(); i++) {
            char c = i < distinguishedName.length() ? distinguishedName.charAt(i) : ',';
            if (c == '\\' && i + 1 < distinguishedName.length()) {
                part.append(distinguishedName.charAt(++i));
            } else if (c == ',' || c == '+') {
                if (part.length() > 3 && part.substring(0, 3).equalsIgnoreCase("CN=")) {
                    return part.substring(3);
                }
                part.setLength(0);
            } else {
                part.append(c);
            }
        }
        return distinguishedName;
    }

    private static String day(Date date) {
        return date.toInstant().atZone(ZoneOffset.UTC).toLocalDate().toString();
    }
}
