package org.verbatim.security;

import io.quarkus.elytron.security.common.BcryptUtil;
import java.security.GeneralSecurityException;
import java.security.spec.InvalidKeySpecException;
import org.wildfly.security.password.Password;
import org.wildfly.security.password.PasswordFactory;
import org.wildfly.security.password.WildFlyElytronPasswordProvider;
import org.wildfly.security.password.util.ModularCrypt;

/** bcrypt hashing and checking of passwords. */
public final class Passwords {

    private static final WildFlyElytronPasswordProvider PROVIDER = new WildFlyElytronPasswordProvider();

    /** bcrypt work factor: about 60 ms a check here; verified passwords are remembered, see the provider. */
    static final int COST = 10;

    private Passwords() {}

    public static String hash(String password) {
        return BcryptUtil.bcryptHash(password, COST);
    }

    public static boolean isBcryptHash(String hash) {
        return parse(hash) != null;
    }

    public static boolean matches(String password, String hash) {
        Password stored = parse(hash);
        if (stored == null) {
            return false;
        }
        try {
            PasswordFactory factory = PasswordFactory.getInstance(stored.getAlgorithm(), PROVIDER);
            return factory.verify(factory.translate(stored), password.toCharArray());
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static Password parse(String hash) {
        if (hash == null || !hash.startsWith("$2")) {
            return null;
        }
        try {
            return ModularCrypt.decode(hash);
        } catch (InvalidKeySpecException | RuntimeException e) {
            return null;
        }
    }

    /** Prints the bcrypt hash of a password, for {@code verbatim.security.users.<name>.password-hash}. */
    public static void main(String[] args) {
        if (args.length != 1 || args[0].isEmpty()) {
            System.err.println("usage: org.verbatim.security.Passwords <password>");
            System.exit(2);
        }
        System.out.println(hash(args[0]));
    }
}
